import { describe, expect, it } from 'vitest';
import { createLog } from '../../../server/observability/logger';

describe('server log', () => {
  it('writes JSON lines with run and step ids when LOG_FORMAT=json', () => {
    const lines: string[] = [];
    createLog('json', 'info', (line) => lines.push(line))('run failed: boom', { runId: 'run_1', stepId: 'fetch', workflowId: 'wf_1' });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 30,
      msg: 'run failed: boom',
      runId: 'run_1',
      stepId: 'fetch',
      workflowId: 'wf_1',
      service: 'taskmaster',
    });
  });

  it('writes readable lines otherwise, and nothing when silent', () => {
    const lines: string[] = [];
    createLog(undefined, 'info', (line) => lines.push(line))('run failed: boom', { runId: 'run_1', stepId: undefined });
    createLog('json', 'silent', (line) => lines.push(line))('not shown');
    expect(lines).toEqual(['[taskmaster] run failed: boom (runId=run_1)\n']);
  });
});
