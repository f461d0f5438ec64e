/**
 * Browser nodes in whole runs, through the real graphile-worker, real Postgres and real
 * Chromium, against a site (and a proxy) served by the test on 127.0.0.1: profiles keep their
 * logins between runs, one run at a time uses a profile, and a cancelled run leaves no browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderOf } from '../../server/browser/profile-lock';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { cancelRun, getRun, waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { getRunResult } from '../../server/services/run-result';
import { runFromNode, startDocumentRun } from '../../server/services/runs';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { callerAs } from '../helpers/auth';
import { createTestDatabase } from '../helpers/db';
import { html, startTestSite, type TestSite } from '../helpers/test-site';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ReturnType<typeof createAppContext>;
let api: Awaited<ReturnType<typeof callerAs>>;
let worker: WorkerHandle;
let site: TestSite;
let dataDir: string;

const ORDERS = html(`<h1>Your orders</h1>
  <table id="orders">
    <thead><tr><th>Order</th><th>Item</th><th>Total</th></tr></thead>
    <tbody><tr><td>1001</td><td>Lamp</td><td>30.00</td></tr><tr><td>1002</td><td>Desk chair</td><td>149.50</td></tr></tbody>
  </table>`);

const signedIn = (req: http.IncomingMessage) => /(^|;\s*)session=ok-ada(;|$)/.test(req.headers.cookie ?? '');

function page(res: http.ServerResponse, body: string, status = 200) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-browser-runs-'));
  process.env.TASKMASTER_DATA_DIR = dataDir;
  site = await startTestSite({
    '/': html('<h1>Welcome</h1>'),
    '/login': (req, res, body) => {
      if (req.method !== 'POST') {
        return page(
          res,
          html(
            `<form method="post" action="/login"><input id="user" name="user"><input id="password" name="password" type="password"><button>Sign in</button></form>`,
            'Sign in',
          ),
        );
      }
      const form = new URLSearchParams(body);
      if (form.get('user') !== 'ada' || form.get('password') !== 'pw') return page(res, html('<h1>Wrong password</h1>'), 401);
      // Max-Age: a cookie that outlives the browser, as "stay signed in" cookies do.
      res.writeHead(302, { location: '/account', 'set-cookie': 'session=ok-ada; Path=/; Max-Age=3600; HttpOnly' });
      res.end();
    },
    '/account': (req, res) =>
      page(res, signedIn(req) ? html('<h1>Hello Ada</h1><a href="/orders">Orders</a>') : html('<h1>Please sign in</h1>')),
    '/orders': (req, res) => page(res, signedIn(req) ? ORDERS : html('<h1>Please sign in</h1>')),
  });
  database = await createTestDatabase();
  const keys = fixedKeyStore(generateKey());
  ctx = createAppContext(database.url, { keys });
  api = await callerAs(ctx, 'owner');
  worker = await startWorker({
    databaseUrl: database.url,
    concurrency: 4,
    browsersPerWorker: 2,
    browserProfilesDir: path.join(dataDir, 'browser-profiles'),
    filesDir: path.join(dataDir, 'files'),
    keys,
  });
});

afterAll(async () => {
  await worker?.stop();
  await ctx?.close();
  await database?.drop();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

type Step = [type: string, config: Record<string, unknown>, id: string, settings?: Record<string, unknown>];

/** A manual trigger followed by the steps in a line. */
function chain(name: string, steps: Step[]) {
  const wf = new WorkflowBuilder(name);
  let prev = wf.add('manual-trigger', {}, { id: 't' });
  for (const [type, config, id] of steps) {
    const next = wf.add(type, config, { id });
    wf.connect(prev, next);
    prev = next;
  }
  return wf.toDocument();
}

async function runToEnd(doc: ReturnType<typeof chain>) {
  const runId = await startDocumentRun(ctx, doc);
  await waitForRun(ctx.sql, runId, 60_000);
  return (await getRunResult(ctx.sql, runId))!;
}

const logsOf = async (runId: string, nodeId: string) => (await getRun(ctx.sql, runId))!.nodes[nodeId].logs;

/** Command lines of the Chromium processes started for this profile folder. */
function browserProcesses(profileFolder: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(`--user-data-dir=${profileFolder}`)) found.push(`${pid} ${cmd}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe('browser runs', () => {
  it('keeps a login in its profile for the next run, and not in another profile', async () => {
    const ada = await api.profiles.create({ name: 'Ada at the shop' });
    const other = await api.profiles.create({ name: 'Someone else' });
    // Signs in and clicks through three pages: login form → account → orders.
    const first = await runToEnd(
      chain('sign in', [
        ['browser-open', { url: `${site.url}/login`, profileId: ada.id }, 'open'],
        ['browser-type', { selector: '#user', text: 'ada' }, 'user'],
        ['browser-type', { selector: '#password', text: 'pw' }, 'password'],
        ['browser-click', { selector: 'role=button[name="Sign in"]' }, 'signIn'],
        ['browser-click', { selector: 'text=Orders' }, 'orders'],
        ['browser-table', { selector: '#orders' }, 'table'],
      ]),
    );
    expect(first.status).toBe('succeeded');
    const rows = [
      { Order: '1001', Item: 'Lamp', Total: '30.00' },
      { Order: '1002', Item: 'Desk chair', Total: '149.50' },
    ];
    expect(first.nodes.table.output.main).toEqual(rows);
    expect(
      site.requests
        .filter((r) => r.path !== '/favicon.ico')
        .slice(-4)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual(['GET /login', 'POST /login', 'GET /account', 'GET /orders']);

    const again = await runToEnd(
      chain('orders again', [
        ['browser-open', { url: `${site.url}/orders`, profileId: ada.id }, 'open'],
        ['browser-table', {}, 'table'],
      ]),
    );
    expect(again.status).toBe('succeeded');
    expect(again.nodes.table.output.main).toEqual(rows);

    const stranger = await runToEnd(
      chain('someone else', [
        ['browser-open', { url: `${site.url}/orders`, profileId: other.id }, 'open'],
        ['browser-extract', { selector: 'h1' }, 'heading'],
      ]),
    );
    expect(stranger.nodes.heading.output.main).toEqual([{ text: 'Please sign in' }]);
    const started = (await logsOf(again.runId, 'open')).map((l) => l.message).find((m) => m.startsWith('Started'));
    expect(started).toMatch(/^Started the browser with the profile "Ada at the shop" in \d+(\.\d)? s\.$/);
    // Each run closed its browser when it ended.
    expect(browserProcesses(ada.folder)).toEqual([]);
  });

  it("sends a profile's pages through its proxy, signing in with the saved password", async () => {
    const seen: Array<{ url: string; auth: string }> = [];
    const proxy = http.createServer((req, res) => {
      const auth = req.headers['proxy-authorization'] ?? '';
      seen.push({ url: req.url ?? '', auth });
      if (auth !== `Basic ${Buffer.from('ada:pr0xy-pw').toString('base64')}`) {
        res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
        return res.end();
      }
      const target = new URL(req.url ?? '');
      const forward = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (proxy.address() as { port: number }).port;
      const viaProxy = await api.profiles.create({
        name: 'Through the proxy',
        proxyServer: `127.0.0.1:${port}`,
        proxyUser: 'ada',
        proxyPassword: 'pr0xy-pw',
      });
      const result = await runToEnd(
        chain('proxy', [
          ['browser-open', { url: `${site.url}/`, profileId: viaProxy.id }, 'open'],
          ['browser-extract', { selector: 'h1' }, 'heading'],
        ]),
      );
      expect(result.status).toBe('succeeded');
      expect(result.nodes.heading.output.main).toEqual([{ text: 'Welcome' }]);
      const toSite = seen.filter((s) => s.url.startsWith(site.url));
      expect(toSite.some((s) => s.url === `${site.url}/` && s.auth.startsWith('Basic '))).toBe(true);
      // Nothing else: Chromium's own update checks would also show up here without its flags.
      expect(seen.filter((s) => !s.url.startsWith(site.url))).toEqual([]);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it('fails a run on a selector that matches nothing, with the selector named and a picture of the page', async () => {
    const result = await runToEnd(
      chain('missing', [
        ['browser-open', { url: `${site.url}/` }, 'open'],
        ['browser-click', { selector: '#buy-now', waitMs: 500 }, 'buy'],
      ]),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ nodeId: 'buy', code: 'node' });
    expect(result.nodes.buy.error!.message).toContain('No element on the page matches the selector "#buy-now"');
    const entry = (await logsOf(result.runId, 'buy')).find((l) => l.level === 'error');
    const data = entry?.data as { screenshot: string; file: string };
    expect(data.screenshot).toMatch(/^data:image\/jpeg;base64,/);
    expect(existsSync(path.join(dataDir, 'files', data.file))).toBe(true);
  });

  it('runs from a Browser step with its page opened again ("Run from here" reused the Open page result, and found no page)', async () => {
    const doc = chain('from here', [
      ['browser-open', { url: `${site.url}/login` }, 'open'],
      ['browser-type', { selector: '#user', text: 'ada' }, 'user'],
      ['browser-extract', { selector: 'button', fieldName: 'label' }, 'read'],
    ]);
    const first = await runToEnd(doc);
    expect(first.status).toBe('succeeded');
    const loginsBefore = site.requests.filter((r) => r.path === '/login').length;
    const runId = await runFromNode(ctx, first.runId, 'read', doc);
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
    const again = (await getRunResult(ctx.sql, runId))!;
    expect(again.nodes.read.output.main).toEqual([{ label: 'Sign in' }]);
    // The page was opened again, and the step between (typing) was repeated on it.
    expect(site.requests.filter((r) => r.path === '/login').length).toBe(loginsBefore + 1);
    expect((await logsOf(runId, 'user')).map((l) => l.message).join(' ')).not.toContain('reused');
    expect((await logsOf(runId, 't')).map((l) => l.message).join(' ')).toContain('reused');
  });

  it('lets one run at a time use a profile: a second run waits, a third with a short limit fails naming the holder', async () => {
    const shared = await api.profiles.create({ name: 'Shared' });
    const holdFor = (seconds: number): Step[] => [
      ['browser-open', { url: `${site.url}/`, profileId: shared.id }, 'open'],
      ['browser-wait', { mode: 'time', seconds }, 'hold'],
    ];
    const holder = await startDocumentRun(ctx, chain('holder', holdFor(3)));
    await expect.poll(async () => (await holderOf(ctx.sql, shared.id))?.kind, { timeout: 60_000, interval: 100 }).toBe('run');
    await expect(api.profiles.delete({ id: shared.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`in use by run ${holder}`),
    });
    const patient = startDocumentRun(
      ctx,
      chain('patient', [['browser-open', { url: `${site.url}/`, profileId: shared.id, profileWaitSeconds: 30 }, 'open']]),
    );
    const hasty = startDocumentRun(
      ctx,
      chain('hasty', [['browser-open', { url: `${site.url}/`, profileId: shared.id, profileWaitSeconds: 1 }, 'open']]),
    );
    const [patientId, hastyId] = await Promise.all([patient, hasty]);

    expect(await waitForRun(ctx.sql, hastyId, 30_000)).toBe('failed');
    const hastyResult = (await getRunResult(ctx.sql, hastyId))!;
    expect(hastyResult.nodes.open.error!.message).toContain(`The browser profile "Shared" is in use by run ${holder}`);

    expect(await waitForRun(ctx.sql, holder, 30_000)).toBe('succeeded');
    expect(await waitForRun(ctx.sql, patientId, 30_000)).toBe('succeeded');
    const messages = (await logsOf(patientId, 'open')).map((l) => l.message);
    expect(messages[0]).toBe(`The profile "Shared" is in use by run ${holder}; waiting for it.`);
    const [held] = await ctx.sql`select finished_at from runs where id = ${holder}`;
    const [opened] = await ctx.sql`select finished_at from node_runs where run_id = ${patientId} and node_id = 'open'`;
    expect(new Date(opened.finished_at).getTime()).toBeGreaterThanOrEqual(new Date(held.finished_at).getTime() - 1000);
  });

  it('closes the browser when a run is cancelled: no Chromium is left for the profile', async () => {
    const profile = await api.profiles.create({ name: 'To cancel' });
    const runId = await startDocumentRun(
      ctx,
      chain('cancel', [
        ['browser-open', { url: `${site.url}/`, profileId: profile.id }, 'open'],
        ['browser-wait', { mode: 'time', seconds: 30 }, 'hold'],
      ]),
    );
    await expect.poll(() => browserProcesses(profile.folder).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await ctx.sql`select 1 from node_runs where run_id = ${runId} and node_id = 'open'`).length, { timeout: 60_000 })
      .toBe(1);
    expect(await cancelRun(ctx.sql, runId)).toBe('running');
    expect(await waitForRun(ctx.sql, runId, 15_000)).toBe('cancelled');
    expect(browserProcesses(profile.folder)).toEqual([]);
    expect(await holderOf(ctx.sql, profile.id)).toBeNull();
  });
});
