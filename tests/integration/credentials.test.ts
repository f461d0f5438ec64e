/**
 * Saved credentials end to end: the API through createCaller, a real worker running an HTTP
 * request node against a local server that echoes the Authorization header back, and a search
 * of the whole database for the secret afterwards.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { MASK } from '../../server/credentials/mask';
import { openValues } from '../../server/credentials/sealed-values';
import { getCredentialRow } from '../../server/db/credentials';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startWorker } from '../../server/worker/runner';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

const SECRET = `s3cr3t-${randomBytes(8).toString('hex')}`;
const key = generateKey();
const keys = fixedKeyStore(key);

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let echo: Awaited<ReturnType<typeof startRecorder>>;
const workerLog: string[] = [];
/** Every answer the API gave in this file: none may hold the secret. */
const answers: unknown[] = [];

beforeAll(async () => {
  t = await startHarness({ keys, worker: { concurrency: 2, log: (m) => workerLog.push(m) } });
  ctx = t.ctx;
  api = t.api;
  echo = await startRecorder((req) => {
    if (req.path === '/token') {
      const ok = new URLSearchParams(req.body).get('client_secret') === SECRET;
      return ok
        ? { body: { access_token: `at-${SECRET}`, expires_in: 600 } }
        : { status: 401, body: { error: 'invalid_client', got: req.body } };
    }
    // Like a careless API: the credentials come back in the answer, also in an error.
    return { status: req.path === '/fail' ? 400 : 200, body: { youSent: req.headers.authorization ?? null, url: req.path } };
  });
});

afterAll(async () => {
  await echo?.close();
  await t?.stop();
});

async function call<T>(promise: Promise<T>): Promise<T> {
  const answer = await promise;
  answers.push(answer);
  return answer;
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) {
      answers.push(err.message);
      return err;
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

async function createBearer(name: string): Promise<string> {
  const created = await call(api.credentials.create({ name, type: 'http-bearer', values: { token: SECRET } }));
  if (!created.saved) throw new Error(JSON.stringify(created.problems));
  return created.id;
}

function apiWorkflow(credentialId: string, name = 'Call the API') {
  const wf = new WorkflowBuilder(name);
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const ok = wf.add('http-request', { url: `${echo.url}/echo`, auth: 'credential', credential: credentialId }, { id: 'ok', name: 'Echo' });
  const fail = wf.add(
    'http-request',
    { url: `${echo.url}/fail`, auth: 'credential', credential: credentialId },
    { id: 'fail', name: 'Fail', settings: { onError: 'continue' } },
  );
  wf.connect(start, ok);
  wf.connect(start, fail);
  return wf.toDocument();
}

describe('credentials API', () => {
  it('creates, lists, reads and updates without ever answering with a secret', async () => {
    const types = await call(api.credentials.types());
    expect(types.map((t) => t.id)).toContain('http-bearer');

    const id = await createBearer('Shop API');
    const listed = await call(api.credentials.list());
    expect(listed.find((c) => c.id === id)).toMatchObject({
      name: 'Shop API',
      type: 'http-bearer',
      typeName: 'Bearer token',
      secretsSet: ['token'],
      readable: true,
    });
    expect(await call(api.credentials.get({ id }))).toMatchObject({ name: 'Shop API', values: { token: { set: true } } });

    // Left empty: the saved token stays. Typed: it replaces the old one.
    expect(await call(api.credentials.update({ id, name: 'Shop API (live)', values: { token: '' } }))).toEqual({ saved: true, id });
    const row = await getCredentialRow(ctx.sql, id);
    expect(row && openValues(key, row)).toEqual({ token: SECRET });
    expect(row?.ciphertext).not.toContain(SECRET);
    await call(api.credentials.update({ id, values: { token: `${SECRET}-2` } }));
    const changed = await getCredentialRow(ctx.sql, id);
    expect(changed && openValues(key, changed)).toEqual({ token: `${SECRET}-2` });
    await call(api.credentials.update({ id, values: { token: SECRET } }));
  });

  it('returns problems per field as data, and refuses a second credential with the same name', async () => {
    expect(await call(api.credentials.create({ name: ' ', type: 'http-basic', values: {} }))).toEqual({
      saved: false,
      problems: [
        { field: 'name', message: 'Give the credential a name, like "Shop API".' },
        { field: 'user', message: 'Enter the user name.' },
      ],
    });
    await createBearer('Twice');
    expect(await call(api.credentials.create({ name: 'twice', type: 'http-bearer', values: { token: SECRET } }))).toEqual({
      saved: false,
      problems: [{ field: 'name', message: 'There is already a credential named "twice". Choose another name.' }],
    });
    expect((await errorOf(api.credentials.create({ name: 'X', type: 'teleport', values: {} }))).code).toBe('BAD_REQUEST');
  });

  it('tests a credential and keeps the result, in plain words and without the secret', async () => {
    const good = await call(
      api.credentials.create({
        name: 'Auth server',
        type: 'oauth2-client-credentials',
        values: { tokenUrl: `${echo.url}/token`, clientId: 'c1', clientSecret: SECRET, clientAuth: 'body' },
      }),
    );
    if (!good.saved) throw new Error('not saved');
    expect(await call(api.credentials.test({ id: good.id }))).toMatchObject({
      ok: true,
      message: 'Got an access token, valid for 600 seconds.',
    });

    const bad = await call(
      api.credentials.create({
        name: 'Wrong secret',
        type: 'oauth2-client-credentials',
        // The server repeats the request body (with this secret) in its error.
        values: { tokenUrl: `${echo.url}/token`, clientId: 'c1', clientSecret: `${SECRET}-wrong`, clientAuth: 'body' },
      }),
    );
    if (!bad.saved) throw new Error('not saved');
    const failed = await call(api.credentials.test({ id: bad.id }));
    expect(failed.ok).toBe(false);
    expect(failed.message).toContain('refused to give an access token (status 401)');
    expect(failed.message).toContain(MASK);
    expect((await call(api.credentials.list())).find((c) => c.id === bad.id)?.lastTest).toMatchObject({ ok: false });

    const bearer = await createBearer('Untestable');
    expect((await errorOf(api.credentials.test({ id: bearer }))).message).toContain("can't be tested here");
  });

  it('reports a stored record that was changed as unreadable', async () => {
    const id = await createBearer('Tampered');
    const row = await getCredentialRow(ctx.sql, id);
    const bytes = Buffer.from(row!.ciphertext, 'base64');
    bytes[0] ^= 0xff;
    await ctx.sql`update credentials set ciphertext = ${bytes.toString('base64')} where id = ${id}`;
    const err = await errorOf(api.credentials.get({ id }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.message).toContain('changed or damaged');
    expect((await call(api.credentials.list())).find((c) => c.id === id)?.readable).toBe(false);
    await call(api.credentials.delete({ id }));
  });
});

describe('a run with a saved credential', () => {
  it('sends the secret, but output, errors, logs and the whole database only hold it masked', async () => {
    const credentialId = await createBearer('Echo API');
    const { id: workflowId } = await call(api.workflows.create({ document: apiWorkflow(credentialId) }));
    const { runId } = await call(api.runs.start({ workflowId }));
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('succeeded');

    expect(echo.requests.filter((r) => r.path === '/echo').at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const run = await call(api.runs.get({ runId }));
    expect(run.nodes.ok.outputPreview.main[0]).toMatchObject({ status: 200, body: { youSent: `Bearer ${MASK}` } });
    expect(String(run.nodes.fail.outputPreview.main[0].error)).toContain(`"youSent":"Bearer ${MASK}"`);
    await call(api.runs.outputPage({ runId, nodeId: 'ok' }));

    const tables = await ctx.sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`;
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['runs', 'node_runs', 'node_output_pages', 'workflow_versions', 'credentials']),
    );
    const rowsHolding = async (schema: string, name: string, text: string) => {
      const [row] = await ctx.sql<{ n: number }[]>`
        select count(*)::int as n from ${ctx.sql(schema)}.${ctx.sql(name)} t where t::text like ${`%${text}%`}`;
      return row.n;
    };
    // The search finds what is there: the workflow's own name.
    expect(await rowsHolding('public', 'workflow_versions', 'Call the API')).toBeGreaterThan(0);
    for (const table of tables)
      expect(await rowsHolding(table.schema, table.name, SECRET), `${table.schema}.${table.name} holds the secret`).toBe(0);
    expect(workerLog.join('\n')).not.toContain(SECRET);
  });

  it('exports with a placeholder (no secret, no id) and imports it back by name, by choice, or with a problem', async () => {
    const credentialId = await createBearer('Export API');
    const { id } = await call(api.workflows.create({ document: apiWorkflow(credentialId, 'Exported') }));
    const exported = await call(api.workflows.export({ id, format: 'yaml' }));
    expect(exported.text).not.toContain(SECRET);
    expect(exported.text).not.toContain(credentialId);
    expect(exported.text).toContain('$credential');

    const same = await call(api.workflows.import({ text: exported.text }));
    expect(same).toMatchObject({ imported: true, problems: [] });
    expect((await call(api.workflows.get({ id: same.id! }))).document.nodes[1].config.credential).toBe(credentialId);

    const elsewhere = exported.text.replaceAll('Export API', 'Missing API');
    const missing = await call(api.workflows.import({ text: elsewhere }));
    expect(missing.imported).toBe(true);
    expect(missing.problems).toEqual([
      expect.objectContaining({
        code: 'missing-credential',
        nodeId: 'ok',
        field: 'credential',
        credential: expect.objectContaining({ type: 'http-bearer', name: 'Missing API' }),
      }),
      expect.objectContaining({ code: 'missing-credential', nodeId: 'fail', field: 'credential' }),
    ]);
    expect(missing.problems[0].message).toContain('needs a saved credential of type "Bearer token"');

    const mapped = await call(api.workflows.import({ text: elsewhere, credentialMap: { 'http-bearer:Missing API': credentialId } }));
    expect(mapped.problems).toEqual([]);
    expect((await call(api.workflows.get({ id: mapped.id! }))).document.nodes[2].config.credential).toBe(credentialId);
  });

  it('refuses to delete a credential in use, naming the workflows, unless forced; its steps then fail plainly', async () => {
    const credentialId = await createBearer('In use');
    const { id: workflowId } = await call(api.workflows.create({ document: apiWorkflow(credentialId, 'Depends on it') }));
    expect(await call(api.credentials.usage({ id: credentialId }))).toEqual([
      { id: workflowId, name: 'Depends on it', steps: ['Echo', 'Fail'] },
    ]);
    const refused = await errorOf(api.credentials.delete({ id: credentialId }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('"In use" is used by the workflow "Depends on it"');

    await call(api.credentials.delete({ id: credentialId, force: true }));
    const { runId } = await call(api.runs.start({ workflowId }));
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('failed');
    const run = await call(api.runs.get({ runId }));
    expect(run.nodes.ok.error?.message).toContain('The saved credential chosen in step "Echo" no longer exists');
  });
});

describe('the encryption key at start', () => {
  it('refuses a worker whose key does not match the saved credentials', async () => {
    const count = (await ctx.sql<{ n: number }[]>`select count(*)::int as n from credentials`)[0].n;
    await expect(startWorker({ databaseUrl: t.database.url, keys: fixedKeyStore(generateKey()) })).rejects.toThrow(
      `The encryption key does not match the one used to store ${count} credentials. Set TASKMASTER_ENCRYPTION_KEY to the original key`,
    );
  });
});

describe('every answer of this file', () => {
  it('never held the secret', () => {
    expect(answers.length).toBeGreaterThan(20);
    expect(JSON.stringify(answers)).not.toContain(SECRET);
  });
});
