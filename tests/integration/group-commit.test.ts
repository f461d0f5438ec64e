/**
 * Run ends of concurrent runs share one statement and one commit (server/db/group-commit.ts):
 * every end is stored exactly once, a bad end fails alone, and an answer that went out was
 * committed before it (a SIGKILL of the process loses no answered run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { finishRun, type NodeRecord } from '../../server/db/run-store';
import { createDb } from '../../server/db/client';
import { insertOwnedRun, insertRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;

beforeAll(async () => {
  t = await startHarness({ max: 30 });
});

afterAll(async () => {
  await t?.stop();
});

const record = (runId: string, nodeId: string): NodeRecord => ({
  runId,
  nodeId,
  attempt: 1,
  status: 'succeeded',
  inputCounts: {},
  outputs: { main: [{ runId }] },
  logs: [],
  error: null,
  startedAt: new Date(),
  finishedAt: new Date(),
  durationMs: 1,
});

function hookFlow(name: string) {
  const wf = new WorkflowBuilder(name);
  const hook = wf.add('webhook-trigger', { path: name, method: 'POST', respond: 'whenDone' }, { id: 'hook' });
  const set = wf.add('set-fields', { fields: [{ name: 'ok', value: 'yes' }] }, { id: 'set' });
  wf.connect(hook, set);
  return wf.toDocument();
}

describe('group commit of run ends', () => {
  it('stores every end of many concurrent runs once, and a bad end fails alone', async () => {
    const document = hookFlow('ends');
    const { id: workflowId } = await t.api.workflows.create({ document });
    const ids = await Promise.all(
      Array.from({ length: 30 }, () => insertRun(t.ctx.sql, { workflowId, workflowVersion: null, document, triggerKind: 'manual' })),
    );
    const failedError = { message: 'step broke', code: 'node' as const, nodeId: 'set' };
    const ends = ids.map((id, i) =>
      finishRun(t.ctx.sql, id, workflowId, i % 3 ? 'succeeded' : 'failed', i % 3 ? null : failedError, [
        record(id, 'hook'),
        record(id, 'set'),
      ]),
    );
    // A result of a run that does not exist breaks the statement it shares (foreign key).
    const bad = finishRun(t.ctx.sql, 'run_missing', workflowId, 'succeeded', null, [record('run_missing', 'set')]);
    const outcomes = await Promise.allSettled([...ends, bad]);
    expect(outcomes.slice(0, -1).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes.at(-1)!.status).toBe('rejected');
    const rows = await t.ctx.sql`
      select r.id, r.status, r.error, r.owner, r.finished_at, (select count(*)::int from node_runs n where n.run_id = r.id) as results
      from runs r where r.workflow_id = ${workflowId}`;
    expect(rows).toHaveLength(30);
    for (const row of rows) {
      const i = ids.indexOf(String(row.id));
      expect(row.status).toBe(i % 3 ? 'succeeded' : 'failed');
      expect(row.error).toEqual(i % 3 ? null : failedError);
      expect(row.results).toBe(2);
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('loses no answered run when the process is killed while it answers many', async () => {
    await t.api.workflows.create({ document: hookFlow('kill-ends') }).then(({ id }) => t.api.workflows.setActive({ id, active: true }));
    const root = path.resolve(__dirname, '../..');
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/webhook-process.ts', t.database.url], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ready = /ready (\S+)/.exec(out);
          if (ready) resolve(ready[1]);
        });
        child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
      });
      await vi.waitFor(async () => expect((await fetch(`${base}/webhook/kill-ends`, { method: 'OPTIONS' })).status).not.toBe(404), {
        timeout: 15_000,
        interval: 50,
      });
      const answered: number[] = [];
      let killed = false;
      const post = async (n: number) => {
        const res = await fetch(`${base}/webhook/kill-ends`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
        }).catch(() => null);
        if (res?.status === 200) answered.push(n);
        // Killed once a few were answered, while the others are on their way.
        if (answered.length === 5 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      };
      // Ten at a time until the kill.
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (!killed && next < 2000) await post(next++);
        }),
      );
      expect(answered.length).toBeGreaterThanOrEqual(5);
      for (const n of answered) {
        const runs = await t.ctx.sql`
          select r.status, (select count(*)::int from node_runs x where x.run_id = r.id and x.node_id = 'set' and x.status = 'succeeded') as sets
          from runs r where r.trigger_payload->'body'->>'n' = ${String(n)} and r.trigger_kind = 'webhook'`;
        expect(runs).toEqual([{ status: 'succeeded', sets: 1 }]);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/**
 * A TCP relay to Postgres that, once armed with a command tag (like "INSERT 0 2"), breaks the
 * connection instead of passing on the answer that holds it: the statement was committed, and
 * the client never hears so (as when the connection drops right after COMMIT was sent).
 */
async function cuttingRelay(target: URL) {
  let tag: string | null = null;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (tag !== null && data.includes(tag)) {
        tag = null;
        cuts += 1;
        client.destroy();
        return;
      }
      client.write(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.href);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.href,
    cutAt: (commandTag: string) => (tag = commandTag),
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('group commit of owned runs', () => {
  it('a batch whose commit answer was lost is tried again run by run without failing the runs it had stored', async () => {
    const relay = await cuttingRelay(new URL(t.database.url));
    const db = createDb(relay.url, { max: 4 });
    try {
      const document = hookFlow('owned');
      const owner = 'worker_test_owner';
      const ids = ['run_owned_a', 'run_owned_b', 'run_owned_c'];
      const input = { workflowId: null, workflowVersion: null, document, triggerKind: 'manual' };
      // The first insert goes alone; the two that queue behind it share the next statement,
      // whose answer ("INSERT 0 2") never arrives although it was committed.
      relay.cutAt('INSERT 0 2');
      const outcomes = await Promise.allSettled(ids.map((id) => insertOwnedRun(db.sql, id, input, owner, new Date())));
      expect(relay.cuts()).toBe(1);
      expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'stored'))).toEqual(['stored', 'stored', 'stored']);
      const rows = await t.ctx.sql`select id, owner, status from runs where id in ${t.ctx.sql(ids)} order by id`;
      expect(rows.map((r) => ({ ...r }))).toEqual(ids.map((id) => ({ id, owner, status: 'running' })));
      // A run id that is someone else's is still refused, not taken over.
      await expect(insertOwnedRun(db.sql, 'run_owned_a', input, 'worker_other', new Date())).rejects.toThrow();
    } finally {
      await db.close();
      await relay.close();
    }
  });
});
