/** An n8n Schedule Trigger (tests/fixtures/n8n/schedule-rules.json) with several rules: one Schedule step per rule, all starting the same steps. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { validateGraph } from '../../../core/validate';
import { convertN8nWorkflow } from '../../../server/services/n8n-import';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/n8n/schedule-rules.json');
const threeRules = readFileSync(FIXTURE, 'utf8');

describe('n8n Schedule Trigger with several rules', () => {
  it('becomes one Schedule step per rule, each connected to the steps the trigger fed', () => {
    const { document, report } = convertN8nWorkflow(threeRules);
    const schedules = document.nodes.filter((n) => n.type === 'schedule-trigger');
    expect(schedules.map((n) => [n.name, n.config])).toEqual([
      ['Schedule', { mode: 'simple', every: 'day', time: '07:30', timezone: 'Europe/Paris' }],
      ['Schedule (rule 2)', { mode: 'cron', cron: '0 18 * * 1,5', timezone: 'Europe/Paris' }],
      ['Schedule (rule 3)', { mode: 'cron', cron: '0 12 1 * *', timezone: 'Europe/Paris' }],
    ]);
    const work = document.nodes.find((n) => n.name === 'Work')!;
    expect(schedules.map((s) => document.edges.filter((e) => e.source === s.id && e.target === work.id).length)).toEqual([1, 1, 1]);
    expect(new Set(document.nodes.map((n) => n.id)).size).toBe(document.nodes.length);
    expect(validateGraph(document, getNodeType)).toEqual([]);
    expect(report.checkBeforeUse).toBe(false);
    expect(report.issues.map((i) => `${i.severity}: ${i.field}`)).toEqual(['review: rule.interval']);
  });

  it('gives the same ids when imported twice', () => {
    const ids = () => convertN8nWorkflow(threeRules).document.nodes.map((n) => n.id);
    expect(ids()).toEqual(ids());
  });
});
