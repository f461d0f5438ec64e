/**
 * The first design's own example files (TaskMasterPy, tests/fixtures/first-design/taskmasterpy):
 * every one imports; each action becomes today's step, or a "Needs attention" step where
 * TaskMaster has none; parts that can't be carried over (Python templates, pandas-only settings)
 * mark the workflow "check before use", and files that carry over whole are left unmarked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { getNodeType } from '../../nodes';
import { parseWorkflowFile } from '../../server/services/workflow-files';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/first-design/taskmasterpy');
const parse = (name: string) => parseWorkflowFile(readFileSync(path.join(DIR, name), 'utf8'), getNodeType);
const types = (name: string) => parse(name).document?.nodes.map((n) => `${n.id}:${n.type}`);

it('imports every example file of the first design without a problem', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  expect(files).toHaveLength(10);
  for (const file of files) {
    const parsed = parse(file);
    expect(parsed.problems, file).toEqual([]);
    expect(parsed.ok, file).toBe(true);
  }
});

it("turns load_csv → drop_na → save_csv → console_notify on a schedule into today's steps, unmarked", () => {
  const parsed = parse('simple_workflow.yaml');
  expect(types('simple_workflow.yaml')).toEqual([
    'trigger_1:schedule-trigger',
    'load_data:load-csv',
    'clean_data:drop-missing',
    'save_data:save-csv',
    'notify:log-message',
  ]);
  expect(parsed.document?.nodes[0].config).toMatchObject({ mode: 'simple', every: 'hours', interval: 1 });
  expect(parsed.document?.nodes[2].config).toEqual({ naText: true });
  expect(parsed.document?.nodes[4].config).toEqual({ message: 'Simple workflow completed successfully', level: 'info' });
  expect(parsed.document?.edges.map((e) => `${e.source}>${e.target}`)).toEqual([
    'trigger_1>load_data',
    'load_data>clean_data',
    'clean_data>save_data',
    'save_data>notify',
  ]);
  for (const file of [
    'simple_workflow.yaml',
    'example_workflow.yaml',
    'normalize_workflow.yaml',
    'notify_workflow.yaml',
    'api_simple_workflow.yaml',
  ]) {
    expect(parse(file).document?.checkBeforeUse, file).toBeUndefined();
  }
});

it('reads a schedule under config:, a daily time, a file watcher with patterns, and the notification levels', () => {
  expect(parse('api_workflow.yaml').document?.nodes[0].config).toMatchObject({ mode: 'simple', every: 'day', time: '08:00' });
  expect(parse('file_monitor.yaml').document?.nodes[0]).toMatchObject({
    type: 'file-trigger',
    config: { folder: './data', pattern: '**/*.csv', onCreated: true, onChanged: true, onDeleted: false },
  });
  expect(
    parse('notify_workflow.yaml')
      .document?.nodes.slice(1)
      .map((n) => n.config.level),
  ).toEqual(['info', 'warn', 'error', 'info']);
  expect(parse('normalize_workflow.yaml').document?.nodes[2].config).toEqual({ method: 'minMax', columns: ['age', 'score'] });
});

it('marks what needs a person: Python scripts, ${…} templates, pandas aggregations, dropped settings', () => {
  expect(types('script_workflow.yaml')).toContain('run_script:needs-attention');
  const api = parse('api_workflow.yaml').document!;
  expect(api.nodes.find((n) => n.id === 'send_data')?.config.headers).toEqual([
    { name: 'Content-Type', value: 'application/json' },
    { name: 'Authorization', value: 'Bearer ${env.API_TOKEN}' },
  ]);
  expect(api.checkBeforeUse?.join('\n')).toMatch(/"json" holds a template of the first design/);
  expect(api.checkBeforeUse?.join('\n')).toMatch(/aggregations became 1 calculations/);
  expect(parse('file_monitor.yaml').document?.checkBeforeUse?.join('\n')).toMatch(/\{event_data\.path\}/);
  expect(parse('file_transform_workflow.yaml').document?.checkBeforeUse?.join('\n')).toMatch(/normalized every numeric column/);
});
