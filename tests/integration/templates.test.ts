/**
 * Every built-in template, made into a workflow through the API and run to the end on the real
 * worker and Postgres.
 *
 * How the parts that reach outside are run here:
 * - web addresses of the example services (api.example.com, hooks.example.com) are pointed at a
 *   local recording server on 127.0.0.1; the mail server at a local SMTP server;
 * - templates that start on a webhook, schedule, API check or file are started like a manual run
 *   of that trigger: `triggerNodeId` names the trigger and `input` is the event it would carry
 *   (the request, the new entries, the file), so no clock or real event is waited for.
 */
import { mkdtemp, readFile, rm, stat, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, waitForRun } from '../../server/db/runs';
import type { WorkflowDocument } from '../../server/engine/document';
import { createAppContext } from '../../server/services/context';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { loadBuiltinTemplates } from '../../server/services/templates';
import { readBuiltinTemplates } from '../../server/templates/builtin';
import { createCaller } from '../../server/trpc/app-router';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { createTestDatabase } from '../helpers/db';
import { startRecorder } from '../helpers/http-recorder';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ReturnType<typeof createAppContext>;
let worker: WorkerHandle;
let api: ReturnType<typeof createCaller>;
let dataDir: string;
let filesDir: string;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let smtp: SMTPServer;
let smtpPort: number;
const mails: string[] = [];
const savedDataDir = process.env.TASKMASTER_DATA_DIR;

const NEWS = Array.from({ length: 8 }, (_, i) => ({ title: `Story ${i + 1}`, url: `https://news.example.com/${i + 1}` }));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-templates-'));
  filesDir = path.join(dataDir, 'files');
  // templates.use copies samples into <data dir>/files, where the worker's nodes read them.
  process.env.TASKMASTER_DATA_DIR = dataDir;
  database = await createTestDatabase();
  ctx = createAppContext(database.url);
  worker = await startWorker({ databaseUrl: database.url, concurrency: 4, filesDir });
  api = createCaller(ctx);
  recorder = await startRecorder((req) => {
    if (req.path.startsWith('/news')) return { body: NEWS };
    if (req.path.startsWith('/health')) return { body: { status: 'ok' } };
    return { body: { ok: true } };
  });
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  smtpPort = typeof address === 'object' && address ? address.port : 0;
  expect(await loadBuiltinTemplates(ctx)).toMatchObject({ skipped: [] });
});

afterAll(async () => {
  await worker?.stop();
  await ctx?.close();
  await database?.drop();
  await recorder?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (savedDataDir === undefined) delete process.env.TASKMASTER_DATA_DIR;
  else process.env.TASKMASTER_DATA_DIR = savedDataDir;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The workflow with example web addresses on the local recorder and the mail server on local SMTP. */
function pointAtLocalServers(doc: WorkflowDocument): WorkflowDocument {
  const local = (value: unknown): unknown =>
    typeof value === 'string' ? value.replace(/^https:\/\/(api|hooks)\.example\.com/, recorder.url) : value;
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      const config = Object.fromEntries(Object.entries(node.config).map(([k, v]) => [k, local(v)]));
      if (node.type === 'send-email') Object.assign(config, { host: '127.0.0.1', port: smtpPort, secure: false });
      return { ...node, config };
    }),
  };
}

interface Start {
  triggerNodeId?: string;
  triggerKind?: string;
  input?: unknown;
  /** Run before the workflow starts (e.g. dropping a file into the inbox). */
  before?: () => Promise<void>;
}

/** How each template that does not start by hand is started in this test. */
const STARTS: Record<string, Start> = {
  'webhook-to-table': {
    triggerNodeId: 'hook',
    triggerKind: 'webhook',
    input: { method: 'POST', path: 'signup', query: {}, headers: {}, body: { name: 'Ada', email: ' Ada@Example.com ' } },
  },
  'webhook-reply': { triggerNodeId: 'hook', triggerKind: 'webhook', input: { method: 'POST', path: 'hello', query: {}, headers: {}, body: { name: 'Ada' } } },
  'daily-api-digest': { triggerNodeId: 'daily' },
  'health-check': { triggerNodeId: 'hourly' },
  'api-poll-dedupe': {
    triggerNodeId: 'poll',
    triggerKind: 'poll',
    input: [
      { id: 7, amount: 20 },
      { id: 8, amount: 35 },
      { id: 7, amount: 20 },
    ],
  },
  'file-drop-archive': {
    triggerNodeId: 'watch',
    triggerKind: 'file',
    before: async () => {
      await mkdir(path.join(filesDir, 'inbox'), { recursive: true });
      await copyFile(path.join(filesDir, 'inbox', 'example.csv'), path.join(filesDir, 'inbox', 'may.csv'));
    },
    input: { event: 'created', relativePath: 'may.csv', name: 'may.csv', size: 100, modifiedAt: '2024-05-31T00:00:00.000Z' },
  },
};

type Result = NonNullable<Awaited<ReturnType<typeof getRunResult>>>;
/** Log messages of one node in the run. */
type Logs = (nodeId: string) => string[];

/** What each template must have done besides succeeding. */
const CHECKS: Record<string, (result: Result, logs: Logs) => Promise<void>> = {
  'clean-csv': async () => {
    const csv = await readFile(path.join(filesDir, 'reports/customers-clean.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    // 10 rows: one without email, one without name, one duplicate email are gone.
    expect(lines).toHaveLength(1 + 7);
    expect(csv).toContain('02134'); // zip codes keep their leading zero
  },
  'webhook-to-table': async () => {
    expect(await readFile(path.join(filesDir, 'tables/signups.csv'), 'utf8')).toMatch(/receivedAt,name,email\n.*,Ada,ada@example.com\n/);
  },
  'webhook-reply': async (r) => expect(r.nodes.greet.output.main).toEqual([{ message: 'Hello Ada!' }]),
  'daily-api-digest': async () => {
    expect(mails.at(-1)).toContain('Story 5');
    expect(mails.at(-1)).not.toContain('Story 6');
  },
  'api-poll-dedupe': async () => {
    const hook = recorder.requests.find((r) => r.path === '/new-orders');
    expect(JSON.parse(hook!.body)).toEqual([{ id: 8, amount: 35 }, { id: 7, amount: 20 }]);
  },
  'group-by-report': async () => {
    const csv = await readFile(path.join(filesDir, 'reports/sales-by-region.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 3)).toEqual(['region,orders,total,average', 'East,3,87.49,29.16333333333333', 'South,3,78.19,26.063333333333333']);
  },
  'file-drop-archive': async () => {
    const rows = JSON.parse(await readFile(path.join(filesDir, 'archive/may.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.amount)).toEqual([19.99, 120, 7.5]);
    expect(rows.map((r) => r.paid)).toEqual([true, true, true]);
  },
  'code-transform': async () => {
    const rows = JSON.parse(await readFile(path.join(filesDir, 'reports/orders-with-totals.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ id: 'A-106', total: 50 });
  },
  'if-routing': async () => {
    const alert = recorder.requests.find((r) => r.path === '/on-call');
    expect((JSON.parse(alert!.body) as unknown[]).length).toBe(3);
    expect((await readFile(path.join(filesDir, 'reports/ticket-queue.csv'), 'utf8')).trim().split('\n')).toHaveLength(4);
  },
  'merge-two-sources': async () => {
    const csv = await readFile(path.join(filesDir, 'reports/orders-with-customers.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,status,price,quantity,name,email,city');
    expect(csv).toContain('Ada Lovelace');
  },
  'switch-by-status': async (r, logs) => {
    expect(r.nodes.paid.outputCounts).toEqual({ main: 1 });
    expect(logs('refund')).toEqual(['Order A-102 was refunded']);
    expect(logs('rest')).toEqual(['2 orders are still open']);
  },
  'split-and-summarise': async (_r, logs) => expect(logs('log')).toEqual(['Best sellers: PN-05 (22), NB-01 (7), ST-03 (3)']),
  'health-check': async (r) => {
    expect(r.nodes.fine.status).toBe('succeeded');
    expect(r.nodes.alert.status).toBe('skipped');
  },
  'normalize-scores': async () => {
    const csv = await readFile(path.join(filesDir, 'reports/exam-scores-scaled.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 2)).toEqual(['student,class,score,score_scaled', 'Fay,B,99,1']);
  },
};

const builtins = await readBuiltinTemplates();

describe('built-in templates run to success', () => {
  it('lists every built-in template through the API', async () => {
    const listed = await api.templates.list();
    expect(listed.filter((t) => t.builtIn).map((t) => t.id).sort()).toEqual(builtins.map((t) => t.slug).sort());
  });

  for (const template of builtins) {
    it(`runs "${template.name}" (${template.slug})`, async () => {
      const { id, copied } = await api.templates.use({ id: template.slug });
      for (const file of copied) expect((await stat(path.join(filesDir, file))).isFile()).toBe(true);
      const wf = await api.workflows.get({ id });
      expect(wf.problems).toEqual([]);
      const start = STARTS[template.slug] ?? {};
      await start.before?.();
      const runId = await startDocumentRun(ctx, pointAtLocalServers(wf.document), {
        workflowId: id,
        workflowVersion: wf.version,
        triggerNodeId: start.triggerNodeId,
        triggerKind: start.triggerKind,
        input: start.input,
      });
      expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
      const result = (await getRunResult(ctx.sql, runId))!;
      const failed = Object.entries(result.nodes).filter(([, n]) => n.status !== 'succeeded' && n.status !== 'skipped');
      expect(failed).toEqual([]);
      const run = await getRun(ctx.sql, runId);
      await CHECKS[template.slug]?.(result, (nodeId) => (run?.nodes[nodeId]?.logs ?? []).map((l) => l.message));
    });
  }

  it('has a check for every built-in template', () => {
    expect(builtins.map((t) => t.slug).filter((slug) => !CHECKS[slug])).toEqual([]);
  });
});
