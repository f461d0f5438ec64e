/**
 * Workflow files of the first design (triggers/actions, snake_case types, depends_on,
 * schedule_str) are converted to today's document; a bad one is refused with its lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes';
import { scheduleFromText } from '../../server/services/first-design/schedule';
import { parseWorkflowFile } from '../../server/services/workflow-files';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/first-design');
const parse = (name: string) => parseWorkflowFile(readFileSync(path.join(FIXTURES, name), 'utf8'), getNodeType);
const shape = (parsed: ReturnType<typeof parse>) => ({
  steps: parsed.document?.nodes.map((n) => [n.id, n.type, n.config]),
  edges: parsed.document?.edges.map((e) => `${e.source}>${e.target}`),
});

describe('first-design workflow files', () => {
  it('converts clean-sales.yaml: schedule in words, load_csv → drop_na → save_csv by depends_on', () => {
    const parsed = parse('clean-sales.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.ok).toBe(true);
    expect(parsed.document?.name).toBe('Clean sales');
    expect(shape(parsed)).toEqual({
      steps: [
        ['trigger_1', 'schedule-trigger', { timezone: 'UTC', mode: 'simple', every: 'hours', interval: 1, minute: 0 }],
        ['load', 'load-csv', { path: 'sales.csv', source: 'file' }],
        ['clean', 'drop-missing', { columns: ['amount'], naText: true }],
        ['save', 'save-csv', { path: 'out/clean-sales.csv' }],
      ],
      edges: ['trigger_1>load', 'load>clean', 'clean>save'],
    });
    expect(parsed.notes).toContain('Action "clean" (drop_na) became the step "Drop rows with missing values".');
    expect(parsed.notes).toContain('Action "save" (save_csv): the setting "index" has no equivalent and was left out.');
  });

  it('converts daily-digest.json: two triggers, settings at the top level, actions in list order', () => {
    const parsed = parse('daily-digest.json');
    expect(parsed.ok).toBe(true);
    expect(shape(parsed)).toEqual({
      steps: [
        ['trigger_1', 'schedule-trigger', { timezone: 'Europe/Berlin', mode: 'simple', every: 'day', time: '07:00' }],
        ['trigger_2', 'manual-trigger', {}],
        ['read', 'load-csv', { path: 'sales.csv', delimiter: 'comma', source: 'file' }],
        ['biggest_first', 'sort', { keys: [{ field: 'amount', direction: 'desc' }] }],
        ['top_2', 'limit', { count: 2 }],
      ],
      edges: ['trigger_1>read', 'trigger_2>read', 'read>biggest_first', 'biggest_first>top_2'],
    });
  });

  it('refuses broken.yaml with every problem at its line', () => {
    const parsed = parse('broken.yaml');
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [4, expect.stringContaining('The schedule "every blue moon" is not understood.')],
      [12, 'Action "save" depends on "laod", which is no action\'s id in this file.'],
    ]);
  });

  it('keeps an action no step does as a "Needs attention" step, and says so', () => {
    const parsed = parseWorkflowFile('name: X\nactions:\n  - id: train\n    type: train_model\n', getNodeType);
    expect(parsed.ok).toBe(true);
    expect(shape(parsed).steps?.[1]).toEqual(['train', 'needs-attention', expect.objectContaining({ original: 'train_model' })]);
    expect(parsed.notes).toContain('The file has no triggers: a "Manual start" step was added.');
    expect(parsed.notes?.some((n) => n.includes('"Needs attention" step'))).toBe(true);
    expect(parsed.document?.checkBeforeUse).toEqual([
      '"train" needs attention: the first design\'s "train_model" action has no step here.',
    ]);
    expect(parse('clean-sales.yaml').document?.checkBeforeUse).toBeUndefined();
  });

  it('reads schedules written in words or as cron', () => {
    const config = (text: string) => {
      const result = scheduleFromText(text);
      return 'config' in result ? result.config : result.problem;
    };
    expect(config('every 15 minutes')).toMatchObject({ mode: 'simple', every: 'minutes', interval: 15 });
    expect(config('every 2 hours')).toMatchObject({ mode: 'simple', every: 'hours', interval: 2 });
    expect(config('every day at 7:30 pm')).toMatchObject({ mode: 'simple', every: 'day', time: '19:30' });
    expect(config('every monday at 09:00')).toMatchObject({ mode: 'simple', every: 'week', weekday: 'monday', time: '09:00' });
    expect(config('every 3 days')).toMatchObject({ mode: 'cron', cron: '0 0 */3 * *' });
    expect(config('0 7 * * 1-5')).toMatchObject({ mode: 'cron', cron: '0 7 * * 1-5' });
    expect(config('every 90 minutes')).toContain('is not understood');
  });
});
