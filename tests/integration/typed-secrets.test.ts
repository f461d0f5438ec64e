/**
 * Secrets typed straight into a step's form (a bearer token, a key in a header) are sent where
 * they must go, and nowhere else: masked in the run's outputs, logs and errors, and left out of
 * the export. A real worker, and a local site that echoes what it was sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { getWorkflow } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';
import { SECRET_KEPT } from '../../core/step-secrets';
import { getNodeType } from '../../nodes';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { openTypedSecrets, resealStepSecrets, SEALED_PATTERN } from '../../server/credentials/step-secrets-at-rest';
import { resealStoredDocuments } from '../../server/db/step-secrets';

const TOKEN = 'sk_live_typed_token_7f3a9c';
const KEY = 'typed_header_key_51be02';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let site: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 1 } });
  ctx = t.ctx;
  api = t.api;
  // A careless API: it echoes the credentials it was sent, and fails when asked to.
  site = await startRecorder((req) => ({
    status: req.path === '/fail' ? 401 : 200,
    body: { authorization: req.headers.authorization, key: req.headers['x-api-key'], note: `you sent ${req.headers['x-api-key']}` },
  }));
});

afterAll(async () => {
  await site?.close();
  await t?.stop();
});

function calling(path: string) {
  const wf = new WorkflowBuilder('Typed secrets');
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const http = wf.add(
    'http-request',
    { url: `${site.url}${path}`, auth: 'bearer', token: TOKEN, headers: [{ name: 'X-Api-Key', value: KEY }] },
    { id: 'h', name: 'Call API' },
  );
  wf.connect(start, http);
  return wf.toDocument();
}

it('sends typed secrets to the site, and masks them in the run’s outputs and errors', async () => {
  for (const path of ['/ok', '/fail']) {
    const { id } = await api.workflows.create({ document: calling(path) });
    const { runId } = await api.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe(path === '/ok' ? 'succeeded' : 'failed');
    const sent = site.requests.filter((r) => r.path === path).at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers['x-api-key']).toBe(KEY);
    const run = JSON.stringify(await api.runs.get({ runId }));
    expect(run).not.toContain(TOKEN);
    expect(run).not.toContain(KEY);
    if (path === '/ok') expect(run).toContain('you sent ••••••');
  }
}, 300_000);

it('leaves typed secrets out of the export, naming the fields to fill', async () => {
  const { id } = await api.workflows.create({ document: calling('/ok') });
  for (const format of ['json', 'yaml'] as const) {
    const { text } = await api.workflows.export({ id, format });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(KEY);
    expect(text).toContain('$secret');
  }
  const { text } = await api.workflows.export({ id, format: 'json' });
  const imported = await api.workflows.import({ text });
  expect(imported.imported).toBe(true);
  expect(imported.problems.map((p) => p.code)).toEqual(['missing-secret', 'missing-secret']);
});

it('never sends typed secrets to the editor or the API, and keeps them when the page saves or runs its copy', async () => {
  const { id } = await api.workflows.create({ document: calling('/ok') });
  const opened = await api.workflows.get({ id });
  const page = JSON.stringify(opened);
  expect(page).not.toContain(TOKEN);
  expect(page).not.toContain(KEY);
  const config = opened.document.nodes[1].config as { token: string; headers: Array<{ name: string; value: unknown }> };
  expect(config.token).toBe(SECRET_KEPT);
  expect(config.headers[0].value).toBe(SECRET_KEPT);

  // The page saves what it has (the markers) with another change: the secrets are kept.
  const renamed = { ...opened.document, nodes: opened.document.nodes.map((n) => (n.id === 'h' ? { ...n, name: 'Call the API' } : n)) };
  await api.workflows.save({ id, document: renamed, expectedVersion: opened.version });
  const kept = await openTypedSecrets((await getWorkflow(ctx.db, id))!.document, getNodeType, ctx.keys);
  expect(JSON.stringify(kept.document)).toContain(TOKEN);
  expect(JSON.stringify(kept.document)).toContain(KEY);
  // It runs its copy straight from the page: the saved secrets are sent, the run shows none.
  const { runId } = await api.runs.start({ workflowId: id, document: renamed });
  expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
  expect(site.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(site.requests.at(-1)!.headers['x-api-key']).toBe(KEY);
  const run = JSON.stringify(await api.runs.get({ runId }));
  expect(run).not.toContain(TOKEN);
  expect(run).not.toContain(KEY);

  // A marker pasted into another workflow holds nothing: that step gets an empty field.
  const { id: other } = await api.workflows.create({ document: renamed });
  const copy = JSON.stringify((await getWorkflow(ctx.db, other))!.document);
  expect(copy).not.toContain(SECRET_KEPT);
  expect(copy).not.toContain(TOKEN);
}, 300_000);

it('shows version history without the typed secrets, old or new', async () => {
  const first = calling('/ok');
  const { id } = await api.workflows.create({ document: first });
  const second = {
    ...first,
    nodes: first.nodes.map((n) =>
      n.id === 'h' ? { ...n, config: { ...n.config, token: `${TOKEN}-v2`, headers: [{ name: 'X-Api-Key', value: `${KEY}-v2` }] } } : n,
    ),
  };
  await api.workflows.save({ id, document: second });
  // Version 3 removes the step: the removed step comes back in the comparison.
  await api.workflows.save({ id, document: { ...first, nodes: first.nodes.filter((n) => n.id !== 'h'), edges: [] } });
  const answers = JSON.stringify([
    await api.workflows.history({ id }),
    await api.workflows.compare({ id, version: 2 }),
    await api.workflows.compare({ id, version: 3 }),
  ]);
  expect(answers).not.toContain(TOKEN);
  expect(answers).not.toContain(KEY);
  expect(answers).toContain('changed (hidden)');
});

it('stores typed secrets encrypted: in every workflow version and in each run’s copy', async () => {
  const { id } = await api.workflows.create({ document: calling('/ok') });
  const { runId } = await api.runs.start({ workflowId: id });
  expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('succeeded');
  expect(site.requests.at(-1)!.headers['x-api-key']).toBe(KEY);
  const [version] = await ctx.sql`select document::text as text from workflow_versions where workflow_id = ${id}`;
  const [run] = await ctx.sql`select document::text as text from runs where id = ${runId}`;
  for (const text of [version.text as string, run.text as string]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(KEY);
    expect(text).toContain('tm-sealed:v1:');
  }
}, 300_000);

it('re-encrypts stored step secrets with a new key (key rotation), and a run of them says so plainly when the key can’t open them', async () => {
  const { id } = await api.workflows.create({ document: calling('/ok') });
  const oldKey = await ctx.keys.current();
  const newKey = generateKey();
  const resealed = await resealStoredDocuments(ctx.sql, SEALED_PATTERN, (document) => resealStepSecrets(document, oldKey, newKey));
  try {
    expect(resealed).toBeGreaterThan(0);
    const stored = (await getWorkflow(ctx.db, id))!.document;
    const withNew = await openTypedSecrets(stored, getNodeType, fixedKeyStore(newKey));
    expect(withNew.unreadable).toEqual([]);
    expect(JSON.stringify(withNew.document)).toContain(TOKEN);
    // The worker still has the old key: the run fails with a plain message, and sends nothing.
    await api.alerts.save({ scope: id, config: { onFailure: true, inApp: true } });
    const sent = site.requests.length;
    const { runId } = await api.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('failed');
    const [row] = await ctx.sql`select error from runs where id = ${runId}`;
    expect((row.error as { message: string }).message).toContain(
      "A secret typed into a step can't be opened with this TaskMaster's encryption key",
    );
    expect((row.error as { message: string }).message).toContain('Step "Call API": Token');
    expect(site.requests.length).toBe(sent);
    // Its failure alert still goes out (it used to end the run before the alerts were told).
    await expect
      .poll(async () => (await api.notifications.list()).entries.find((e) => e.runId === runId)?.level, { timeout: 30_000, interval: 100 })
      .toBe('error');
  } finally {
    await resealStoredDocuments(ctx.sql, SEALED_PATTERN, (document) => resealStepSecrets(document, newKey, oldKey));
  }
}, 300_000);
