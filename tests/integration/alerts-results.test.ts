/**
 * Alerts and tracked values end to end, on a real worker: a failing workflow raises an in-app
 * alert, an e-mail to a local SMTP server, a webhook POST to a local server and an error
 * workflow that receives the failed step's name, its error and the run's input; a recovery
 * alerts once; tracked values of 5 runs come back as 5 points with min, max and last.
 */
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let smtp: SMTPServer;
let hook: http.Server;
let hookUrl = '';
const mails: string[] = [];
const posts: unknown[] = [];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ctx = t.ctx;
  api = t.api;
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(decodeQuotedPrintable(raw));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpAddress = smtp.server.address();
  const smtpPort = typeof smtpAddress === 'object' && smtpAddress ? smtpAddress.port : 0;
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
  const hookAddress = hook.address();
  hookUrl = `http://127.0.0.1:${typeof hookAddress === 'object' && hookAddress ? hookAddress.port : 0}/alerts`;
  const mailServer = await api.credentials.create({
    name: 'Local mail',
    type: 'smtp',
    values: { host: '127.0.0.1', port: smtpPort, secure: false, user: '', password: '' },
  });
  if (!mailServer.saved) throw new Error(JSON.stringify(mailServer.problems));
  await api.settings.update({ defaultSmtpCredentialId: mailServer.id });
});

afterAll(async () => {
  await t?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  hook?.close();
});

/** Mail bodies arrive quoted-printable (`=E2=80=9C` for “, `=` at line ends). */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]));
  }
  return Buffer.from(bytes).toString('utf8');
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Start ─► Check price, which fails when the input says so. */
function priceCheck() {
  const wf = new WorkflowBuilder('Price check');
  const start = wf.add('manual-trigger', {}, { id: 'start', name: 'Start' });
  const route = wf.add(
    'if',
    { conditions: [{ left: '{{ $json.fail }}', operator: 'equals', right: 'true' }] },
    { id: 'route', name: 'Should fail' },
  );
  wf.connect(start, route);
  const boom = wf.add(
    'stop-with-error',
    { message: 'The shop answered 503 for order {{ $json.orderId }}' },
    { id: 'boom', name: 'Fetch price' },
  );
  wf.connect(route, boom, { output: 'true' });
  return wf.toDocument();
}

describe('alerts', () => {
  it('sends a failure everywhere it is asked to, and the error workflow receives step, error and input', async () => {
    const catcher = new WorkflowBuilder('Error catcher');
    const t = catcher.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const keep = catcher.add('set-fields', { fields: [{ name: 'seen', value: 'yes' }] }, { id: 'keep', name: 'Keep' });
    catcher.connect(t, keep);
    const { id: catcherId } = await api.workflows.create({ document: catcher.toDocument() });

    const { id } = await api.workflows.create({ document: priceCheck() });
    await api.alerts.save({
      scope: id,
      config: {
        onFailure: true,
        onRecovery: true,
        inApp: true,
        emailTo: 'ops@example.com',
        webhookUrl: hookUrl,
        errorWorkflowId: catcherId,
      },
    });
    const { runId } = await api.runs.start({ workflowId: id, input: { orderId: 'A-77', fail: true } });
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('failed');

    await until(() => mails.length === 1 && posts.length === 1);
    expect(mails[0]).toContain('Subject: Price check failed');
    expect(mails[0]).toContain('Step “Fetch price”: The shop answered 503 for order A-77');
    expect(posts[0]).toMatchObject({
      workflowId: id,
      runId,
      failedStep: { id: 'boom', name: 'Fetch price' },
      input: { orderId: 'A-77', fail: true },
    });
    const bell = await api.notifications.list();
    expect(bell.entries.find((e) => e.runId === runId)).toMatchObject({
      level: 'error',
      title: 'Price check failed',
      message: 'Step “Fetch price”: The shop answered 503 for order A-77',
    });

    let caught: { id: string; status: string } | undefined;
    await until(async () => {
      caught = (await api.runs.search({ workflowId: catcherId })).runs[0];
      return caught?.status === 'succeeded';
    });
    const errorRun = await api.runs.get({ runId: caught!.id });
    expect(errorRun.triggerKind).toBe('error');
    expect(errorRun.nodes.keep.outputPreview.main[0]).toMatchObject({
      workflowName: 'Price check',
      runId,
      failedStep: { id: 'boom', name: 'Fetch price' },
      error: 'The shop answered 503 for order A-77',
      input: { orderId: 'A-77', fail: true },
      seen: 'yes',
    });

    // Works again: one "works again" alert; the error workflow is not started for it.
    const ok = await api.runs.start({ workflowId: id, input: { orderId: 'A-78', fail: false } });
    expect(await waitForRun(ctx.sql, ok.runId, 30_000)).toBe('succeeded');
    await until(() => mails.length === 2);
    expect(mails[1]).toContain('Subject: Price check works again');
    expect((await api.runs.search({ workflowId: catcherId })).runs).toHaveLength(1);
  });

  it('tries a test alert on every channel and says how each went', async () => {
    const results = await api.alerts.test({
      scope: '*',
      config: { inApp: true, emailTo: 'ops@example.com', webhookUrl: 'http://127.0.0.1:9/nothing' },
    });
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['in-app', true],
      ['email', true],
      ['webhook', false],
    ]);
    await until(() => mails.some((m) => m.includes('Subject: Test alert from TaskMaster')));
  });
});

describe('tracked values', () => {
  it('records a tracked field at every run: 5 runs, 5 points with min, max and last', async () => {
    const wf = new WorkflowBuilder('Scrape price');
    const start = wf.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const price = wf.add('set-fields', { fields: [{ name: 'price', value: '{{ $json.price }}' }] }, { id: 'price', name: 'Price' });
    wf.connect(start, price);
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    const { id: trackedId } = await api.results.track({ workflowId: id, nodeId: 'price', field: 'price', label: 'Price (EUR)' });
    for (const p of [12.5, 11, 14.25, 13, 9.5]) {
      const { runId } = await api.runs.start({ workflowId: id, input: { price: p } });
      expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    }
    let series: Awaited<ReturnType<typeof api.results.series>> | undefined;
    await until(async () => {
      series = await api.results.series({ id: trackedId });
      return series.points.length === 5;
    });
    expect(series!.points.map((p) => p.value)).toEqual([12.5, 11, 14.25, 13, 9.5]);
    expect(series).toMatchObject({ min: 9.5, max: 14.25, last: 9.5 });
    expect(await api.results.list()).toEqual([
      expect.objectContaining({ id: trackedId, shownAs: 'Price (EUR)', workflowName: 'Scrape price', stepName: 'Price' }),
    ]);
  });

  it('records a field of a step whose 1,001 items went to stored pages (a streamed Filter)', async () => {
    // start (1,001 items) ─► keep n ≥ 1 (all): Filter streams page by page, its output is stored in pages.
    const wf = new WorkflowBuilder('Many rows, tracked');
    const start = wf.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const keep = wf.add('filter', { conditions: [{ field: 'n', operator: 'gte', value: '1' }] }, { id: 'keep', name: 'Keep' });
    wf.connect(start, keep);
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    const { id: trackedId } = await api.results.track({ workflowId: id, nodeId: 'keep', field: 'n', label: 'First n' });
    const items = Array.from({ length: 1001 }, (_, i) => ({ n: i + 7 }));
    const { runId } = await api.runs.start({ workflowId: id, input: items });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
    await until(async () => (await api.results.series({ id: trackedId })).points.length === 1);
    expect((await api.results.series({ id: trackedId })).points.map((p) => p.value)).toEqual([7]);
  });

  it('tracks a field added after the workflow already ran (the worker keeps what runs need, and hears of the change)', async () => {
    const wf = new WorkflowBuilder('Price, tracked later');
    const start = wf.add('manual-trigger', {}, { id: 'start', name: 'Start' });
    const price = wf.add('set-fields', { fields: [{ name: 'price', value: '{{ $json.price }}' }] }, { id: 'price', name: 'Price' });
    wf.connect(start, price);
    const { id } = await api.workflows.create({ document: wf.toDocument() });
    const runWith = async (p: number) => {
      const { runId } = await api.runs.start({ workflowId: id, input: { price: p } });
      expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    };
    await runWith(1);
    await runWith(2);
    const { id: trackedId } = await api.results.track({ workflowId: id, nodeId: 'price', field: 'price', label: 'Price' });
    await until(async () => {
      await runWith(3);
      return (await api.results.series({ id: trackedId })).points.length > 0;
    });
    expect((await api.results.series({ id: trackedId })).points.map((p) => p.value)).toContain(3);
  });
});
