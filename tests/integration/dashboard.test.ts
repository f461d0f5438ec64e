/**
 * The dashboard and Scheduled page's reads with a schedule trigger and a credential-using step
 * in saved workflows (both once failed with "cannot call json_to_recordset on a scalar": the
 * list of steps was sent as a JSON string, which postgres.js encoded a second time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { WorkflowBuilder } from '../../server/sdk/builder';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness();
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

describe('dashboard', () => {
  it('lists a schedule with its next time and reads the overview', async () => {
    const wf = new WorkflowBuilder('Every minute');
    const tick = wf.add('schedule-trigger', { mode: 'simple', every: 'minutes', interval: 1 }, { id: 'tick', name: 'Tick' });
    const set = wf.add('set-fields', { fields: [{ name: 'a', value: '1' }] }, { id: 'set', name: 'Set' });
    wf.connect(tick, set);
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    await ctx.sql`update workflows set active = true where id = ${id}`;

    const scheduled = await api.dashboard.scheduled();
    expect(scheduled).toEqual([
      expect.objectContaining({ workflowId: id, nodeId: 'tick', when: 'Every 1 minute', active: true, lastRun: null }),
    ]);
    expect(scheduled[0].nextTimes).toHaveLength(3);

    const overview = await api.dashboard.overview({ range: '24h' });
    expect(overview.buckets).toHaveLength(24);
    expect(overview.nextRuns).toEqual([expect.objectContaining({ workflowId: id, stepName: 'Tick' })]);
    expect(overview.triggers).toEqual([expect.objectContaining({ type: 'schedule-trigger', count: 1 })]);
  });
});
