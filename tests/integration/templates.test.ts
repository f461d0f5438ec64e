/**
 * Every built-in template, made into a workflow through the API and run to the end on the real
 * worker and Postgres.
 *
 * How the parts that reach outside are run here:
 * - web addresses of the example services (api.example.com, hooks.example.com) are pointed at a
 *   local recording server on 127.0.0.1; the mail server at a local SMTP server;
 * - templates that start on a webhook, schedule, API check or file are started like a manual run
 *   of that trigger: `triggerNodeId` names the trigger and `input` is the event it would carry
 *   (the request, the new entries, the file), so no clock or real event is waited for;
 * - the example page TaskMaster serves itself (public/examples/, `$TASKMASTER_URL` in a template)
 *   is served by a local test site; the database a template asks for is a test database of its own.
 */
import { mkdtemp, readFile, readdir, rm, stat, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { getRun, waitForRun } from '../../server/db/runs';
import type { WorkflowDocument } from '../../core/document';
import { createAppContext } from '../../server/context';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { loadBuiltinTemplates, ownAddress } from '../../server/services/templates';
import { readBuiltinTemplates } from '../../server/templates/builtin';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { callerAs } from '../helpers/auth';
import { createTestDatabase } from '../helpers/db';
import { startRecorder } from '../helpers/http-recorder';
import { startTestSite, type TestSite } from '../helpers/test-site';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ReturnType<typeof createAppContext>;
let worker: WorkerHandle;
let api: Awaited<ReturnType<typeof callerAs>>;
let dataDir: string;
let filesDir: string;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let smtp: SMTPServer;
let smtpPort: number;
let site: TestSite;
/** The database the "webhook to database" template writes to, apart from TaskMaster's own. */
let shopDb: Awaited<ReturnType<typeof createTestDatabase>>;
const mails: string[] = [];
const savedDataDir = process.env.TASKMASTER_DATA_DIR;

const NEWS = Array.from({ length: 8 }, (_, i) => ({ title: `Story ${i + 1}`, url: `https://news.example.com/${i + 1}` }));
/** What the local stand-in for GitHub's API lists: two issues and a pull request (which GitHub lists with them). */
const ISSUES = [
  { number: 12, title: 'Login fails on Safari', body: 'Since 2.3 the login button does nothing.', comments: 4 },
  { number: 11, title: 'Add dark mode', body: null, comments: 0 },
  {
    number: 10,
    title: 'Bump dependencies',
    body: 'Routine.',
    comments: 1,
    pull_request: { url: 'https://api.github.com/repos/octocat/Hello-World/pulls/10' },
  },
];
const SUMMARY = '- Login is broken on Safari (urgent)\n- Dark mode is asked for';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-templates-'));
  filesDir = path.join(dataDir, 'files');
  // templates.use copies samples into <data dir>/files, where the worker's nodes read them.
  process.env.TASKMASTER_DATA_DIR = dataDir;
  database = await createTestDatabase();
  shopDb = await createTestDatabase({ migrated: false });
  const keys = fixedKeyStore(generateKey());
  ctx = createAppContext(database.url, { keys });
  worker = await startWorker({ databaseUrl: database.url, concurrency: 4, filesDir, keys });
  api = await callerAs(ctx, 'owner');
  recorder = await startRecorder((req) => {
    if (req.path.startsWith('/news')) return { body: NEWS };
    if (req.path.startsWith('/health')) return { body: { status: 'ok' } };
    // Stand-ins for GitHub's and OpenAI's APIs (their credentials' API address points here).
    if (req.path.startsWith('/repos/octocat/Hello-World/issues')) return { body: ISSUES };
    if (req.path === '/v1/chat/completions') {
      return {
        body: {
          model: 'gpt-4o-mini',
          choices: [{ message: { content: SUMMARY }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 },
        },
      };
    }
    return { body: { ok: true } };
  });
  site = await startTestSite({
    '/examples/price-list.html': await readFile(path.join(import.meta.dirname, '../../public/examples/price-list.html'), 'utf8'),
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
  await shopDb?.drop();
  await recorder?.close();
  await site?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (savedDataDir === undefined) delete process.env.TASKMASTER_DATA_DIR;
  else process.env.TASKMASTER_DATA_DIR = savedDataDir;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * The workflow with example web addresses on the local recorder, TaskMaster's own address (its
 * example pages) on the test site, and the mail server on local SMTP.
 */
function pointAtLocalServers(doc: WorkflowDocument): WorkflowDocument {
  const local = (value: unknown): unknown =>
    typeof value === 'string' ? value.replace(/^https:\/\/(api|hooks)\.example\.com/, recorder.url).replace(ownAddress(), site.url) : value;
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
  /** The saved credentials chosen on "Use this template" (placeholder key → id), made here. */
  credentials?: () => Promise<Record<string, string>>;
}

/** A saved credential (made once per name), as a user would save it. */
async function savedCredential(name: string, type: string, values: Record<string, unknown>): Promise<string> {
  const existing = (await api.credentials.list()).find((c) => c.name === name);
  if (existing) return existing.id;
  const made = await api.credentials.create({ name, type, values });
  if (!made.saved) throw new Error(`The credential was not saved: ${JSON.stringify(made.problems)}`);
  return made.id;
}

/** The test's shop database as a saved PostgreSQL credential. */
const shopCredential = () => savedCredential('Shop database', 'postgres', { connectionString: shopDb.url, ssl: 'disable' });

/** How each template that does not start by hand is started in this test. */
const STARTS: Record<string, Start> = {
  'webhook-to-table': {
    triggerNodeId: 'hook',
    triggerKind: 'webhook',
    input: { method: 'POST', path: 'signup', query: {}, headers: {}, body: { name: 'Ada', email: ' Ada@Example.com ' } },
  },
  'webhook-to-database': {
    triggerNodeId: 'hook',
    triggerKind: 'webhook',
    credentials: async () => ({ 'postgres:Database': await shopCredential() }),
    input: {
      method: 'POST',
      path: 'contact',
      query: {},
      headers: {},
      body: { name: 'Ada', email: ' Ada@Example.com ', message: "Call me; it's urgent" },
    },
  },
  'scrape-table-to-csv': { triggerNodeId: 'daily' },
  'github-issues-summary': {
    triggerNodeId: 'weekly',
    credentials: async () => ({
      'github-token:GitHub': await savedCredential('Team GitHub', 'github-token', { token: 'ghp_template_test', baseUrl: recorder.url }),
      'openai-api-key:OpenAI': await savedCredential('Team OpenAI', 'openai-api-key', {
        key: 'sk-template-test',
        baseUrl: `${recorder.url}/v1`,
      }),
    }),
  },
  'webhook-reply': {
    triggerNodeId: 'hook',
    triggerKind: 'webhook',
    input: { method: 'POST', path: 'hello', query: {}, headers: {}, body: { name: 'Ada' } },
  },
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
  'webhook-to-database': async (r) => {
    const rows = await shopDb.sql`select name, email, message from contact_requests`;
    expect(rows).toEqual([{ name: 'Ada', email: 'ada@example.com', message: "Call me; it's urgent" }]);
    expect(r.nodes.insert.output.main).toMatchObject([{ id: 1, email: 'ada@example.com' }]);
  },
  'scrape-table-to-csv': async () => {
    const files = (await readdir(path.join(filesDir, 'reports'))).filter((f) => /^prices-\d{4}-\d{2}-\d{2}\.csv$/.test(f));
    expect(files).toHaveLength(1);
    const lines = (await readFile(path.join(filesDir, 'reports', files[0]), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('Product,Category,Price,In stock');
    expect(lines).toHaveLength(1 + 6);
    expect(lines).toContain('Desk lamp,Desk,32.90,yes');
  },
  'github-issues-summary': async (r) => {
    const listed = recorder.requests.find((q) => q.path.startsWith('/repos/octocat/Hello-World/issues'))!;
    expect(listed.headers.authorization).toMatch(/ghp_template_test$/);
    const asked = recorder.requests.find((q) => q.path === '/v1/chat/completions')!;
    expect(asked.headers.authorization).toBe('Bearer sk-template-test');
    const prompt = (JSON.parse(asked.body) as { messages: Array<{ role: string; content: string }> }).messages.find(
      (m) => m.role === 'user',
    )!.content;
    expect(prompt).toContain('Here are the 2 open issues');
    expect(prompt).toContain(
      '#12 Login fails on Safari (4 comments): Since 2.3 the login button does nothing.\n#11 Add dark mode (0 comments): ',
    );
    expect(prompt).not.toContain('Bump dependencies');
    const shown = await ctx.sql`select title, message from notifications where run_id = ${r.runId}`;
    expect(shown).toEqual([{ title: 'Open issues this week', message: SUMMARY }]);
  },
  'api-poll-dedupe': async (r) => {
    const shown = await ctx.sql`select level, title, message from notifications where run_id = ${r.runId}`;
    expect(shown).toEqual([{ level: 'info', title: '2 new orders', message: 'Order numbers: 8, 7 (total 55).' }]);
  },
  'group-by-report': async () => {
    const csv = await readFile(path.join(filesDir, 'reports/sales-by-region.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 3)).toEqual([
      'region,orders,total,average',
      'East,3,87.49,29.16333333333333',
      'South,3,78.19,26.063333333333333',
    ]);
  },
  'file-drop-archive': async () => {
    const rows = JSON.parse(await readFile(path.join(filesDir, 'archive/may.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.amount)).toEqual([19.99, 120, 7.5]);
    expect(rows.map((r) => r.paid)).toEqual([true, true, true]);
  },
  'code-transform': async () => {
    const rows = JSON.parse(await readFile(path.join(filesDir, 'reports/orders-with-totals.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
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
    expect(
      listed
        .filter((t) => t.builtIn)
        .map((t) => t.id)
        .sort(),
    ).toEqual(builtins.map((t) => t.slug).sort());
  });

  for (const template of builtins) {
    it(`runs "${template.name}" (${template.slug})`, async () => {
      const start = STARTS[template.slug] ?? {};
      const { id, copied, needsCredential } = await api.templates.use({ id: template.slug, credentials: await start.credentials?.() });
      expect(needsCredential).toEqual([]);
      for (const file of copied) expect((await stat(path.join(filesDir, file))).isFile()).toBe(true);
      const wf = await api.workflows.get({ id });
      expect(wf.problems).toEqual([]);
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

describe('templates that ask for a saved credential', () => {
  it('lists what a template asks for, and which steps use it', async () => {
    const listed = (await api.templates.list()).find((t) => t.id === 'webhook-to-database')!;
    expect(listed.credentials).toEqual([
      {
        type: 'postgres',
        name: 'Database',
        key: 'postgres:Database',
        typeName: 'PostgreSQL database',
        steps: [
          { nodeId: 'table', name: 'Make sure the table exists', field: 'credential' },
          { nodeId: 'insert', name: 'Add a row to contact_requests', field: 'credential' },
        ],
      },
    ]);
    expect((await api.templates.list()).find((t) => t.id === 'clean-csv')!.credentials).toEqual([]);
  });

  it('puts the chosen credential into every step that asks for it', async () => {
    const credentialId = await shopCredential();
    const { id } = await api.templates.use({ id: 'webhook-to-database', credentials: { 'postgres:Database': credentialId } });
    const wf = await api.workflows.get({ id });
    expect(wf.document.nodes.filter((n) => n.type === 'postgres-query').map((n) => n.config.credential)).toEqual([
      credentialId,
      credentialId,
    ]);
  });

  it('makes the workflow without a choice, and names the steps still waiting for one', async () => {
    const { id, needsCredential } = await api.templates.use({ id: 'webhook-to-database' });
    expect(needsCredential.map((p) => [p.nodeId, p.credential.key])).toEqual([
      ['table', 'postgres:Database'],
      ['insert', 'postgres:Database'],
    ]);
    expect(needsCredential[0].message).toContain(
      'Step "Make sure the table exists" needs a saved credential of type "PostgreSQL database"',
    );
    const wf = await api.workflows.get({ id });
    expect(wf.problems.map((p) => [p.nodeId, p.field])).toEqual([
      ['table', 'credential'],
      ['insert', 'credential'],
    ]);
  });

  it('writes its own address into the example page a template opens', async () => {
    const { id } = await api.templates.use({ id: 'scrape-table-to-csv' });
    const open = (await api.workflows.get({ id })).document.nodes.find((n) => n.id === 'open')!;
    expect(open.config.url).toBe(`${ownAddress()}/examples/price-list.html`);
  });
});
