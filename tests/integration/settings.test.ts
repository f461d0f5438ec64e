/**
 * The Settings page's API through createCaller, and a real worker that sees each change while
 * it keeps running: allowed hosts block an HTTP request to a local server, the shell step turns
 * on, default retries and time limits apply, and Send email uses the default mail server.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { waitForRun } from '../../server/db/runs';
import type { WorkflowDocumentInput } from '../../core/document';
import { notAllowedMessage } from '../../server/network/guarded-fetch';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startWebServer } from '../../server/http/server';
import type { Settings } from '../../core/settings-schema';
import { type WorkerHandle } from '../../server/worker/runner';
import { callerAs, cookieAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

const keys = fixedKeyStore(generateKey());
let t: Harness;
let ctx: Harness['ctx'];
let worker: WorkerHandle;
let api: Harness['api'];
let site: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  t = await startHarness({ keys, worker: { concurrency: 2 } });
  ctx = t.ctx;
  worker = t.worker!;
  api = t.api;
  site = await startRecorder(() => ({ body: { ok: true } }));
});

afterAll(async () => {
  await site?.close();
  await t?.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Saves through the API, then waits until the running worker has heard of it (NOTIFY). */
async function change(patch: Parameters<typeof api.settings.update>[0]): Promise<void> {
  const saved = await api.settings.update(patch);
  const wanted = (s: Settings) =>
    Object.keys(patch).every((k) => JSON.stringify(s[k as keyof Settings]) === JSON.stringify(saved.settings[k as keyof Settings]));
  // A deadline, not a count of tries: under load each 5 ms wait lasts longer than asked.
  const deadline = Date.now() + 60_000;
  while (!wanted(worker.settings.current())) {
    if (Date.now() > deadline) throw new Error('the worker never saw the change (60 s)');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function runOnce(document: WorkflowDocumentInput) {
  const { id: workflowId } = await api.workflows.create({ document });
  const { runId } = await api.runs.start({ workflowId });
  const status = await waitForRun(ctx.sql, runId, 30_000);
  return { status, run: await api.runs.get({ runId }) };
}

function oneStep(type: string, config: Record<string, unknown>, settings?: Record<string, unknown>): WorkflowDocumentInput {
  const wf = new WorkflowBuilder(`One ${type}`);
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const step = wf.add(type, config, { id: 's', name: 'Step', ...(settings ? { settings } : {}) });
  wf.connect(start, step);
  return wf.toDocument();
}

describe('settings API', () => {
  it('answers defaults before anything is saved, and saves only what it is given', async () => {
    const first = await api.settings.get();
    expect(first.saved).toEqual([]);
    expect(first.settings).toEqual(first.defaults);
    // A new instance keeps a bounded history (issue 17): the page shows these values.
    expect(first.settings).toMatchObject({
      shellEnabled: false,
      allowedHosts: [],
      retentionDays: 30,
      retentionRunsPerWorkflow: 10_000,
      defaultSmtpCredentialId: null,
    });

    const after = await api.settings.update({ retentionDays: 45, allowedHosts: ['HTTPS://Api.Example.com/v1'] });
    expect(after.settings).toMatchObject({ retentionDays: 45, allowedHosts: ['api.example.com'], shellEnabled: false });
    expect(after.saved.sort()).toEqual(['allowedHosts', 'retentionDays']);
    await api.settings.update({ retentionDays: 30, allowedHosts: [] });
  });

  it('refuses bad values with a 400 that names the setting in plain words', async () => {
    const tooMany = await errorOf(api.settings.update({ defaultRetries: 11 }));
    expect(tooMany.code).toBe('BAD_REQUEST');
    expect(tooMany.cause).toBeInstanceOf(ZodError);
    expect((tooMany.cause as ZodError).issues.map((i) => i.message)).toEqual(['The number of extra tries must be at most 10.']);

    // Over HTTP, the answer says which setting and what is wrong, in words.
    const web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
    try {
      const url = web.url.replace('localhost', '127.0.0.1');
      const cookie = await cookieAs(ctx, 'owner');
      const post = (input: unknown) =>
        fetch(`${url}/api/trpc/settings.update`, {
          method: 'POST',
          body: JSON.stringify(input),
          headers: { 'content-type': 'application/json', cookie },
        });
      const bad = await post({ allowedHosts: ['example.com:8080'], defaultRetries: -1 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
        '"defaultRetries": The number of extra tries must be at least 0.; "allowedHosts.0": “example.com:8080”: leave out the port. Every port of an allowed host is allowed.',
      );
    } finally {
      await web.close();
    }

    const bearer = await api.credentials.create({
      name: `Token ${randomBytes(3).toString('hex')}`,
      type: 'http-bearer',
      values: { token: 'x' },
    });
    if (!bearer.saved) throw new Error('not saved');
    const notMail = await errorOf(api.settings.update({ defaultSmtpCredentialId: bearer.id }));
    expect(notMail.code).toBe('BAD_REQUEST');
    expect(notMail.message).toMatch(/^"defaultSmtpCredentialId": ".+" is not a mail server \(SMTP\) credential/);
    expect((await errorOf(api.settings.update({ defaultSmtpCredentialId: 'cred_gone' }))).message).toContain('no longer exists');
    expect((await api.settings.get()).settings.defaultSmtpCredentialId).toBeNull();
  });
});

describe('a running worker follows the settings without a restart', () => {
  it('blocks an HTTP request once its host is not on the allowed list, and lets it through again', async () => {
    const doc = oneStep('http-request', { url: `${site.url}/ping` });
    expect((await runOnce(doc)).status).toBe('succeeded');
    expect(site.hits('/ping')).toBe(1);

    await change({ allowedHosts: ['api.example.com'] });
    const blocked = await runOnce(doc);
    expect(blocked.status).toBe('failed');
    expect(blocked.run.nodes.s.error?.message).toContain(notAllowedMessage('127.0.0.1'));
    expect(site.hits('/ping')).toBe(1); // the request never left

    await change({ allowedHosts: ['api.example.com', '127.0.0.1'] });
    expect((await runOnce(doc)).status).toBe('succeeded');
    await change({ allowedHosts: [], denyPrivateNetworks: true });
    const local = await runOnce(doc);
    expect(local.run.nodes.s.error?.message).toContain('"127.0.0.1" is a private or local address');
    await change({ denyPrivateNetworks: false });
    expect(site.hits('/ping')).toBe(2);
  });

  it('runs a command only while the shell step is on', async () => {
    const doc = oneStep('run-command', {
      command: process.execPath,
      args: ['-e', 'process.stdout.write("hi from " + process.argv[1])', 'TaskMaster'],
    });
    const off = await runOnce(doc);
    expect(off.status).toBe('failed');
    // Refused before anything runs (Settings → Features does the same for its switches), naming the step.
    expect(off.run.error).toMatchObject({ nodeId: 's', message: expect.stringContaining('The step “Step” is a “Run command” step') });
    expect(off.run.nodes.s).toBeUndefined();

    await change({ shellEnabled: true });
    const on = await runOnce(doc);
    expect(on.status).toBe('succeeded');
    expect(on.run.nodes.s.outputPreview.main[0]).toMatchObject({ exitCode: 0, stdout: 'hi from TaskMaster' });
    await change({ shellEnabled: false });
  });

  it('lets only the owner allow the Run command step; an admin changes the rest', async () => {
    const admin = await callerAs(ctx, 'admin');
    await expect(admin.settings.update({ shellEnabled: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the owner can allow or stop the “Run command” step.',
    });
    expect((await api.settings.get()).settings.shellEnabled).toBe(false);
    await admin.settings.update({ codeMemoryLimitMb: 256 });
    expect((await api.settings.get()).settings.codeMemoryLimitMb).toBe(256);
    await expect(api.settings.update({ codeMemoryLimitMb: 8 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await api.settings.update({ codeMemoryLimitMb: 512 });
  });

  it('gives steps left at 0 the default retries and time limit; a step’s own value wins', async () => {
    await change({ defaultRetries: 2, defaultTimeoutSeconds: 1 });
    const failing = oneStep('stop-with-error', { message: 'Nope' }, { retryBackoffMs: 0 });
    expect((await runOnce(failing)).run.nodes.s).toMatchObject({ status: 'failed', attempt: 3 });
    const ownRetries = oneStep('stop-with-error', { message: 'Nope' }, { retries: 1, retryBackoffMs: 0 });
    expect((await runOnce(ownRetries)).run.nodes.s).toMatchObject({ status: 'failed', attempt: 2 });
    await change({ defaultRetries: 0 });

    const slow = await runOnce(oneStep('wait', { amount: 30, unit: 'seconds' }));
    expect(slow.run.nodes.s.error).toMatchObject({ code: 'timeout' });
    expect(slow.run.nodes.s.error?.message).toContain('time limit of 1 s');
    const ownLimit = await runOnce(oneStep('wait', { amount: 1.2, unit: 'seconds' }, { timeoutMs: 60_000 }));
    expect(ownLimit.status).toBe('succeeded');
    await change({ defaultTimeoutSeconds: 0 });
  });

  it('sends email through the default mail server when a step names none', async () => {
    const received: string[][] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.on('data', () => {});
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtp.server.address() as AddressInfo).port;
      const doc = oneStep('send-email', { from: 'robot@example.com', to: 'ada@example.com', text: 'Hello' });
      const none = await runOnce(doc);
      expect(none.run.nodes.s.error?.message).toContain('An administrator can also choose a default mail server in Settings');

      const mail = await api.credentials.create({ name: 'Office mail', type: 'smtp', values: { host: '127.0.0.1', port, secure: false } });
      if (!mail.saved) throw new Error(JSON.stringify(mail.problems));
      await change({ defaultSmtpCredentialId: mail.id });
      const sent = await runOnce(doc);
      expect(sent.status).toBe('succeeded');
      expect(received).toEqual([['ada@example.com']]);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
