/**
 * Version history, share links, templates made from workflows and the n8n import, through the
 * API (createCaller) and over HTTP (startWebServer), on a real database and worker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { waitForRun } from '../../server/db/runs';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { loadBuiltinTemplates } from '../../server/services/templates';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/n8n');

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];
let web: WebServer;
let base: string;

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ({ ctx, api } = t);
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  base = web.url.replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  await web?.close();
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

/** Start ─► Greet */
function greeter(name = 'Greeter') {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 'start', name: 'Start' }),
    wf.add('set-fields', { fields: [{ name: 'greeting', value: 'hello {{ $json.who }}' }] }, { id: 'greet', name: 'Greet' }),
  );
  return wf.toDocument();
}

describe('version history', () => {
  it('summarises each version, draws a diff, and restores an old version as a new one', async () => {
    //  v1:  Start ─► Greet
    //  v2:  Start ─► Greet ─► Log        (Log added)
    //  v3:  Start ─► Hello ─► Log        (Greet renamed, moved)
    const { id } = await api.workflows.create({ document: greeter() });
    const v1 = (await api.workflows.get({ id })).document;
    const v2 = structuredClone(v1);
    v2.nodes.push({ ...v1.nodes[1], id: 'log', name: 'Log', type: 'log-message', config: { message: 'done' }, position: { x: 600, y: 0 } });
    v2.edges.push({ id: 'e_log', source: 'greet', sourceHandle: 'main', target: 'log', targetHandle: 'main' });
    await api.workflows.save({ id, document: v2 });
    const v3 = structuredClone(v2);
    v3.nodes[1] = { ...v3.nodes[1], name: 'Hello', position: { x: 320, y: 40 } };
    await api.workflows.save({ id, document: v3 });

    const history = await api.workflows.history({ id });
    expect(history.map((h) => [h.version, h.summary, h.current])).toEqual([
      [3, 'Changed "Greet" → "Hello" (renamed)', true],
      [2, 'Added "Log"; 1 connection added', false],
      [1, 'First version', false],
    ]);

    const compared = await api.workflows.compare({ id, version: 2 });
    expect(compared.diff).toMatchObject({ nodesAdded: ['log'], nodesRemoved: [], nodesChanged: [], edgesAdded: ['e_log'] });
    const back = await api.workflows.compare({ id, version: 1, against: 3 });
    expect(back.diff.nodesRemoved.map((n) => n.id)).toEqual(['log']);
    expect(back.diff.nodesChanged).toEqual([
      {
        id: 'greet',
        aspects: ['name', 'position'],
        positionOnly: false,
        changes: [{ setting: 'Step name', from: expect.any(String), to: expect.any(String) }],
      },
    ]);

    const restored = await api.workflows.restore({ id, version: 1 });
    expect(restored).toEqual({ version: 4, problems: [] });
    const now = await api.workflows.get({ id });
    expect(now.version).toBe(4);
    expect(now.document).toEqual(v1);
    // Nothing was overwritten: version 3 is still there.
    expect((await api.workflows.get({ id, version: 3 })).document.nodes.map((n) => n.name)).toEqual(['Start', 'Hello', 'Log']);
    expect((await api.workflows.history({ id }))[0]).toMatchObject({
      version: 4,
      summary: 'Removed "Log"; Changed "Hello" → "Greet" (renamed); 1 connection removed',
    });

    expect((await errorOf(api.workflows.restore({ id, version: 99 }))).code).toBe('NOT_FOUND');
    expect((await errorOf(api.workflows.history({ id: 'wf_nope' }))).code).toBe('NOT_FOUND');
  });

  it('records the version a run from the editor ran, when the editor had no unsaved changes', async () => {
    const { id } = await api.workflows.create({ document: greeter() });
    const wf = await api.workflows.get({ id });
    const same = await api.runs.start({ workflowId: id, document: wf.document });
    const edited = { ...wf.document, description: 'not saved yet' };
    const unsaved = await api.runs.start({ workflowId: id, document: edited });
    await waitForRun(ctx.sql, same.runId, 20_000);
    await waitForRun(ctx.sql, unsaved.runId, 20_000);
    expect((await api.runs.get({ runId: same.runId })).workflowVersion).toBe(1);
    expect((await api.runs.get({ runId: unsaved.runId })).workflowVersion).toBeNull();
    expect((await api.workflows.history({ id }))[0].runs).toBe(1);
  });
});

describe('share links', () => {
  it('opens a shared workflow without a session, and answers 404 once the link is turned off', async () => {
    const doc = greeter('Shared greeter');
    doc.nodes[1].pinnedOutput = { main: [{ greeting: 'hello private' }] };
    doc.nodes.push({
      id: 'call',
      name: 'Call',
      type: 'http-request',
      typeVersion: 1,
      position: { x: 600, y: 0 },
      config: { url: 'https://api.example.com', auth: 'bearer', token: 'sk-very-secret' },
      settings: { retries: 0, retryBackoffMs: 1000, timeoutMs: 0, onError: 'stop' },
    });
    doc.edges.push({ id: 'e2', source: 'greet', sourceHandle: 'main', target: 'call', targetHandle: 'main' });
    const { id } = await api.workflows.create({ document: doc });
    const link = await api.workflows.share({ id });
    expect(link.url).toBe(`/share/${link.token}`);
    expect((await api.workflows.share({ id })).token).toBe(link.token);
    expect(await api.workflows.shareStatus({ id })).toMatchObject({ token: link.token });

    // Over plain HTTP, with no cookie or session of any kind.
    const input = encodeURIComponent(JSON.stringify({ token: link.token }));
    const res = await fetch(`${base}/api/trpc/share.get?input=${input}`);
    expect(res.status).toBe(200);
    const shared = (
      (await res.json()) as {
        result: {
          data: { name: string; text: string; document: { nodes: Array<{ config: Record<string, unknown>; pinnedOutput?: unknown }> } };
        };
      }
    ).result.data;
    expect(shared.name).toBe('Shared greeter');
    expect(shared.document.nodes.map((n) => n.pinnedOutput)).toEqual([undefined, undefined, undefined]);
    expect(shared.text).not.toContain('sk-very-secret');
    expect(shared.text).not.toContain('hello private');
    const page = await fetch(`${base}${link.url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Shared greeter');

    const copy = await api.share.copy({ token: link.token });
    expect((await api.workflows.get({ id: copy.id })).name).toBe('Shared greeter (copy)');

    expect(await api.workflows.revokeShare({ id })).toEqual({ revoked: 1 });
    const gone = await fetch(`${base}/api/trpc/share.get?input=${input}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { message: string } }).error.message).toContain('This link was turned off');
    const gonePage = await fetch(`${base}${link.url}`);
    expect(gonePage.status).toBe(404);
    expect(await gonePage.text()).toContain('This link was turned off');
    expect((await fetch(`${base}/share/not-a-token`)).status).toBe(404);
    expect(await api.workflows.shareStatus({ id })).toBeNull();

    // Sharing again makes a new address; the old one stays off.
    const again = await api.workflows.share({ id });
    expect(again.token).not.toBe(link.token);
    expect((await fetch(`${base}${link.url}`)).status).toBe(404);
  });
});

describe('templates', () => {
  it('saves a workflow as a template without pinned data or secrets, and makes workflows from it', async () => {
    await loadBuiltinTemplates(ctx);
    const doc = greeter('Private greeter');
    doc.nodes[1].pinnedOutput = { main: [{ greeting: 'sample' }] };
    doc.nodes.push({
      id: 'mail',
      name: 'Mail',
      type: 'send-email',
      typeVersion: 1,
      position: { x: 600, y: 0 },
      config: { host: 'smtp.example.com', password: 'hunter2', from: 'a@example.com', to: 'b@example.com', text: 'hi' },
      settings: { retries: 0, retryBackoffMs: 1000, timeoutMs: 0, onError: 'stop' },
    });
    doc.edges.push({ id: 'e2', source: 'greet', sourceHandle: 'main', target: 'mail', targetHandle: 'main' });
    const { id } = await api.workflows.create({ document: doc });
    const saved = await api.templates.saveAs({
      workflowId: id,
      name: 'Greet and mail',
      description: 'Says hello, then mails.',
      category: 'Mine',
    });
    const template = await api.templates.get({ id: saved.id });
    expect(template).toMatchObject({ name: 'Greet and mail', category: 'Mine', builtIn: false });
    expect(template.document.nodes.every((n) => n.pinnedOutput === undefined)).toBe(true);
    expect(template.document.nodes[2].config).toMatchObject({ password: '', host: 'smtp.example.com' });

    const made = await api.templates.use({ id: saved.id });
    expect((await api.workflows.get({ id: made.id })).document.nodes.map((n) => n.name)).toEqual(['Start', 'Greet', 'Mail']);
    expect((await api.templates.list()).some((t) => t.id === saved.id)).toBe(true);
    expect((await errorOf(api.templates.delete({ id: 'clean-csv' }))).code).toBe('BAD_REQUEST');
    await api.templates.delete({ id: saved.id });
    expect((await errorOf(api.templates.get({ id: saved.id }))).code).toBe('NOT_FOUND');
  });

  it('gives the same graph after an export and an import of a workflow made from a template', async () => {
    const made = await api.templates.use({ id: 'merge-two-sources' });
    const original = await api.workflows.get({ id: made.id });
    const file = await api.workflows.export({ id: made.id, format: 'json' });
    const imported = await api.workflows.import({ text: file.text });
    expect(imported.imported).toBe(true);
    const again = await api.workflows.get({ id: imported.id! });
    expect(again.document).toEqual(original.document);
  });
});

describe('n8n import through the API', () => {
  it('imports an n8n export, saves it, and returns the report', async () => {
    const text = readFileSync(path.join(FIXTURES, 'webhook-order-routing.json'), 'utf8');
    const result = await api.workflows.importN8n({ text });
    expect(result.problems).toEqual([]);
    expect(result.report.leftOut.map((l) => l.node)).toEqual(['Respond to Webhook']);
    const wf = await api.workflows.get({ id: result.id });
    expect(wf.name).toBe('Route new orders');
    expect(wf.document.nodes.map((n) => n.type)).toEqual(['webhook-trigger', 'set-fields', 'if', 'http-request', 'no-op']);
  });

  it('refuses text that is not an n8n export with a 400 and a plain message', async () => {
    const err = await errorOf(api.workflows.importN8n({ text: '{"nodes": "x"}' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('not an n8n workflow file');
  });
});
