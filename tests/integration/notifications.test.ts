/**
 * The "Show a notification" step end to end: a real run on the real graphile-worker stores the
 * entry, the bell's router lists it and marks it read, and the live subscription announces it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { waitForRun } from '../../server/db/runs';
import { EVENTS_CHANNEL } from '../../core/run-events';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs } from '../helpers/auth';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

/** Start ─► Tag ─► Tell me: one entry per run, with values from the items. */
function ordersWorkflow(mode: 'once' | 'each' = 'once') {
  const wf = new WorkflowBuilder('Orders');
  const start = wf.add('manual-trigger', {}, { id: 'start', name: 'Start' });
  const tag = wf.add('set-fields', { fields: [{ name: 'seen', value: 'yes' }] }, { id: 'tag', name: 'Tag' });
  const tell = wf.add(
    'notify',
    { title: 'Imported {{ $items.length }} orders', message: 'First from {{ $json.customer }}', level: 'success', mode },
    { id: 'tell', name: 'Tell me' },
  );
  wf.connect(start, tag).connect(tag, tell);
  return wf.toDocument();
}

const orders = [{ customer: 'Ada' }, { customer: 'Alan' }];

describe('notifications', () => {
  it('stores the entry a run posts, with links to its workflow, run and step', async () => {
    const { id } = await api.workflows.create({ document: ordersWorkflow() });
    const { runId } = await api.runs.start({ workflowId: id, input: orders });
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');

    const run = await api.runs.get({ runId });
    expect(run.nodes.tell.outputPreview.main).toEqual([
      { customer: 'Ada', seen: 'yes' },
      { customer: 'Alan', seen: 'yes' },
    ]);
    const { entries, unread } = await api.notifications.list();
    expect(unread).toBe(1);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'success',
      title: 'Imported 2 orders',
      message: 'First from Ada',
      workflowId: id,
      workflowName: 'Orders',
      runId,
      nodeId: 'tell',
      readAt: null,
    });
  });

  it('posts one entry per item in "each" mode, and keeps runs of unsaved documents unlinked', async () => {
    const { runId } = await api.runs.start({ document: ordersWorkflow('each'), input: orders });
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    const { entries, unread } = await api.notifications.list({ limit: 10 });
    expect(unread).toBe(3);
    const mine = entries.filter((e) => e.runId === runId);
    expect(mine.map((e) => e.message).sort()).toEqual(['First from Ada', 'First from Alan']);
    expect(mine.every((e) => e.workflowId === null && e.workflowName === null)).toBe(true);
  });

  it('marks one entry read, then all of them', async () => {
    const before = await api.notifications.list();
    expect(await api.notifications.markRead({ ids: [before.entries[0].id] })).toEqual({ changed: 1 });
    const after = await api.notifications.list();
    expect(after.unread).toBe(before.unread - 1);
    expect(after.entries.find((e) => e.id === before.entries[0].id)?.readAt).toBeInstanceOf(Date);

    expect(await api.notifications.markRead({})).toEqual({ changed: before.unread - 1 });
    expect((await api.notifications.list()).unread).toBe(0);
    expect(await api.notifications.markRead({ ids: [] })).toEqual({ changed: 0 });
  });

  it('announces a new entry to open pages through the subscription', async () => {
    const controller = new AbortController();
    const iterable = await (await callerAs(ctx, 'owner', { signal: controller.signal })).notifications.events();
    const iterator = iterable[Symbol.asyncIterator]();
    // Probe events (not a real entry) until one comes back: then the subscription is listening.
    const probe = JSON.stringify({ type: 'notification', id: 'probe', runId: null, workflowId: null });
    const first = iterator.next();
    let listening = false;
    void first.then(() => (listening = true));
    while (!listening) {
      await ctx.sql`select pg_notify(${EVENTS_CHANNEL}, ${probe})`;
      await Promise.race([first, new Promise((r) => setTimeout(r, 50))]);
    }
    expect((await first).value).toMatchObject({ type: 'notification', id: 'probe' });

    const { id } = await api.workflows.create({ document: ordersWorkflow() });
    const { runId } = await api.runs.start({ workflowId: id, input: orders });
    let event = await iterator.next();
    while (!event.done && (event.value.id === 'probe' || event.value.runId !== runId)) event = await iterator.next();
    controller.abort();
    if (event.done) throw new Error('the subscription ended before the entry was announced');
    expect(event.value).toMatchObject({ type: 'notification', runId, workflowId: id });
    const { entries } = await api.notifications.list();
    expect(entries[0]).toMatchObject({ id: event.value.id, title: 'Imported 2 orders' });
  });

  it('removes a workflow’s entries with the workflow', async () => {
    const { entries } = await api.notifications.list({ limit: 200 });
    const linked = entries.filter((e) => e.workflowId !== null);
    expect(linked.length).toBeGreaterThan(0);
    for (const workflowId of new Set(linked.map((e) => e.workflowId!))) await api.workflows.delete({ id: workflowId });
    const left = await api.notifications.list({ limit: 200 });
    expect(left.entries.every((e) => e.workflowId === null)).toBe(true);
    expect(left.entries).toHaveLength(entries.length - linked.length);
  });
});
