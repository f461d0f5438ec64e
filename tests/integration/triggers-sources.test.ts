/**
 * File watch, API poll and database triggers through the trigger host, against real things: a
 * temp folder, a local HTTP server, and the test database itself as the watched database.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startTriggerHost, type TriggerHost } from '../../server/triggers/host';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let host: TriggerHost;
let filesDir: string;

const startHost = () => startTriggerHost({ ctx, databaseUrl: t.database.url, filesDir, lockCheckMs: 200 });

beforeAll(async () => {
  t = await startHarness({ max: 10, worker: { concurrency: 4 } });
  ctx = t.ctx;
  api = t.api;
  filesDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-triggers-'));
  host = await startHost();
});

afterAll(async () => {
  await host?.stop();
  await t?.stop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Saves a one-trigger workflow (trigger ─► no-op), turns it on, and waits until the host listens. */
async function activate(name: string, type: string, config: Record<string, unknown>): Promise<string> {
  const wf = new WorkflowBuilder(name);
  wf.connect(wf.add(type, config, { id: 'trigger' }), wf.add('no-op', {}, { id: 'next' }));
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  await api.workflows.setActive({ id, active: true });
  await expect.poll(() => host.status().find((s) => s.workflowId === id)?.state, { timeout: 60_000, interval: 25 }).toBe('listening');
  return id;
}

async function runsOf(workflowId: string): Promise<string[]> {
  const rows = await ctx.sql`select id from runs where workflow_id = ${workflowId} order by created_at`;
  return rows.map((r) => String(r.id));
}

async function triggerItems(runId: string) {
  expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('succeeded');
  return (await getRunResult(ctx.sql, runId))!.nodes.trigger.output.main;
}

describe('file watch trigger', () => {
  it('starts a run when a matching file is written, with its path and size, once per file', async () => {
    const id = await activate('inbox', 'file-trigger', { folder: 'inbox', pattern: '*.csv', debounceMs: 200 });
    await writeFile(path.join(filesDir, 'inbox', 'notes.txt'), 'ignored');
    // Written in two steps: one run when the file has settled.
    await writeFile(path.join(filesDir, 'inbox', 'orders.csv'), 'id,total\n');
    await sleep(50);
    const content = 'id,total\n1,10\n';
    await writeFile(path.join(filesDir, 'inbox', 'orders.csv'), content);
    await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(1);
    const [item] = await triggerItems((await runsOf(id))[0]);
    expect(item).toMatchObject({
      event: 'created',
      path: path.join(filesDir, 'inbox', 'orders.csv'),
      relativePath: 'orders.csv',
      name: 'orders.csv',
      size: Buffer.byteLength(content),
      modifiedAt: expect.any(String),
    });
    // Once per file: a file written later gets the next run, and orders.csv none again meanwhile.
    await writeFile(path.join(filesDir, 'inbox', 'second.csv'), 'id\n');
    await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(2);
    expect((await triggerItems((await runsOf(id))[1]))[0]).toMatchObject({ relativePath: 'second.csv' });

    // Turned off: files no longer start runs. A witness watching the same folder the same way
    // tells when the file has been seen.
    await api.workflows.setActive({ id, active: false });
    await expect.poll(() => host.status().some((s) => s.workflowId === id), { timeout: 60_000, interval: 25 }).toBe(false);
    const witness = await activate('inbox witness', 'file-trigger', { folder: 'inbox', pattern: '*.csv', debounceMs: 200 });
    await writeFile(path.join(filesDir, 'inbox', 'later.csv'), 'x');
    await expect.poll(() => runsOf(witness), { timeout: 60_000, interval: 50 }).toHaveLength(1);
    await api.workflows.setActive({ id: witness, active: false });
    expect(await runsOf(id)).toHaveLength(2);
  });

  it('watches an absolute folder and reports a missing one in plain words', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'taskmaster-outside-'));
    try {
      const id = await activate('outside', 'file-trigger', { folder: outside, debounceMs: 100, onChanged: false });
      await writeFile(path.join(outside, 'a.json'), '{}');
      await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(1);
      expect((await triggerItems((await runsOf(id))[0]))[0]).toMatchObject({ event: 'created', relativePath: 'a.json', size: 2 });
      await api.workflows.setActive({ id, active: false });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    const wf = new WorkflowBuilder('missing folder');
    wf.add('file-trigger', { folder: '/no/such/folder' }, { id: 'trigger' });
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    await api.workflows.setActive({ id, active: true });
    await expect
      .poll(() => host.status().find((s) => s.workflowId === id), { timeout: 60_000, interval: 25 })
      .toMatchObject({ state: 'failed', message: 'The folder /no/such/folder does not exist on the server (or is not a folder).' });
    await api.workflows.setActive({ id, active: false });
  });
});

describe('API poll trigger', () => {
  it('fires only for new entries, and not again for them after a restart of the host', async () => {
    let orders = [
      { id: 1, name: 'old' },
      { id: 2, name: 'old too' },
    ];
    const server = await startRecorder(() => ({ body: { data: { orders } } }));
    try {
      const id = await activate('orders', 'poll-trigger', { url: `${server.url}/orders`, intervalSeconds: 1, listPath: 'data.orders' });
      // The first check only noted what was there.
      expect(server.hits('/orders')).toBeGreaterThanOrEqual(1);
      expect(await runsOf(id)).toHaveLength(0);

      orders = [...orders, { id: 3, name: 'new' }, { id: 4, name: 'newer' }];
      await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(1);
      expect(await triggerItems((await runsOf(id))[0])).toEqual([
        { id: 3, name: 'new' },
        { id: 4, name: 'newer' },
      ]);

      // A restart: the seen entries are remembered in the database, so nothing fires again.
      await host.stop();
      host = await startHost();
      const hitsAfterRestart = server.hits('/orders');
      await expect.poll(() => server.hits('/orders'), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(hitsAfterRestart + 2);
      expect(await runsOf(id)).toHaveLength(1);

      orders = [{ id: 5, name: 'newest' }, ...orders];
      await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(2);
      expect(await triggerItems((await runsOf(id))[1])).toEqual([{ id: 5, name: 'newest' }]);
      await api.workflows.setActive({ id, active: false });
    } finally {
      await server.close();
    }
  });

  it('can start with the entries already there', async () => {
    const server = await startRecorder(() => ({ body: [{ sku: 'a' }, { sku: 'b' }] }));
    try {
      const id = await activate('existing', 'poll-trigger', {
        url: `${server.url}/list`,
        intervalSeconds: 1,
        dedupeBy: 'content',
        emitExistingOnFirstPoll: true,
      });
      await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(1);
      expect(await triggerItems((await runsOf(id))[0])).toEqual([{ sku: 'a' }, { sku: 'b' }]);
      // Two more checks of the same list start nothing.
      const hitsAfterRun = server.hits('/list');
      await expect.poll(() => server.hits('/list'), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(hitsAfterRun + 2);
      expect(await runsOf(id)).toHaveLength(1);
      await api.workflows.setActive({ id, active: false });
    } finally {
      await server.close();
    }
  });
});

describe('database event trigger', () => {
  it('starts a run for rows inserted after it started, not for those before', async () => {
    await ctx.sql`create table shop_orders (id bigserial primary key, customer text not null, placed_at timestamptz not null default now())`;
    await ctx.sql`insert into shop_orders (customer) values ('before')`;
    const id = await activate('new orders', 'postgres-trigger', {
      connectionString: t.database.url,
      table: 'public.shop_orders',
      keyColumn: 'id',
      intervalSeconds: 1,
    });
    await ctx.sql`insert into shop_orders (customer) values ('Ada'), ('Grace')`;
    await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(1);
    const items = await triggerItems((await runsOf(id))[0]);
    expect(items.map((i) => i.customer)).toEqual(['Ada', 'Grace']);
    expect(items[0]).toMatchObject({ id: '2', placed_at: expect.stringMatching(/Z$/) });

    await ctx.sql`insert into shop_orders (customer) values ('Linus')`;
    await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(2);
    expect((await triggerItems((await runsOf(id))[1])).map((i) => i.customer)).toEqual(['Linus']);
    await api.workflows.setActive({ id, active: false });
  });

  it('starts a run for each NOTIFY on the channel, with JSON payloads parsed', async () => {
    const id = await activate('messages', 'postgres-trigger', {
      connectionString: t.database.url,
      mode: 'notify',
      channel: 'order_events',
    });
    await ctx.sql`select pg_notify('order_events', ${JSON.stringify({ orderId: 7, status: 'paid' })})`;
    await ctx.sql`select pg_notify('order_events', 'plain words')`;
    await ctx.sql`select pg_notify('other_channel', 'not for us')`;
    await expect.poll(() => runsOf(id), { timeout: 60_000, interval: 50 }).toHaveLength(2);
    // Runs started together may be stored by one group commit (the same created_at): compared in either order.
    const items = await Promise.all((await runsOf(id)).map(triggerItems));
    expect(items).toHaveLength(2);
    expect(items).toEqual(
      expect.arrayContaining([
        [{ channel: 'order_events', payload: { orderId: 7, status: 'paid' } }],
        [{ channel: 'order_events', payload: 'plain words' }],
      ]),
    );

    await api.workflows.setActive({ id, active: false });
    await expect.poll(() => host.status().some((s) => s.workflowId === id), { timeout: 60_000, interval: 25 }).toBe(false);
    // A witness listening on the same channel tells when the notification has been delivered.
    const witness = await activate('messages witness', 'postgres-trigger', {
      connectionString: t.database.url,
      mode: 'notify',
      channel: 'order_events',
    });
    await ctx.sql`select pg_notify('order_events', 'after off')`;
    await expect.poll(() => runsOf(witness), { timeout: 60_000, interval: 50 }).toHaveLength(1);
    await api.workflows.setActive({ id: witness, active: false });
    expect(await runsOf(id)).toHaveLength(2);
  });
});
