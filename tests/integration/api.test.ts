/**
 * The tRPC routers through createCaller, on a real database and a real worker.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS_CHANNEL } from '../../core/run-events';
import { startHarness, type Harness } from '../helpers/harness';
import { workflowDocumentSchema } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { waitForRun } from '../../server/db/runs';
import { startWebServer } from '../../server/http/server';
import { callerAs, cookieAs } from '../helpers/auth';

let t: Harness;
let ctx: Harness['ctx'];
let api: Harness['api'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
  ({ ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

function helloWorkflow(name = 'Hello') {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('set-fields', { fields: [{ name: 'greeting', value: 'hello {{ $json.who }}' }] }, { id: 's', name: 'Greet' }),
  );
  return wf.toDocument();
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('workflows router', () => {
  it('creates, saves new versions, lists, duplicates, renames and deletes', async () => {
    const { id } = await api.workflows.create({ document: helloWorkflow('Greeter') });
    const first = await api.workflows.get({ id });
    expect(first).toMatchObject({ name: 'Greeter', version: 1, problems: [] });

    const changed = { ...first.document, description: 'says hello' };
    const saved = await api.workflows.save({ id, document: changed, expectedVersion: 1 });
    expect(saved.version).toBe(2);
    expect((await api.workflows.get({ id, version: 1 })).document.description).toBe('');
    expect((await api.workflows.versions({ id })).map((v) => v.version)).toEqual([2, 1]);

    const conflict = await errorOf(api.workflows.save({ id, document: changed, expectedVersion: 1 }));
    expect(conflict.code).toBe('CONFLICT');

    const copy = await api.workflows.duplicate({ id });
    await api.workflows.rename({ id: copy.id, name: 'Second greeter' });
    const names = (await api.workflows.list()).map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Greeter', 'Second greeter']));

    await api.workflows.delete({ id: copy.id });
    expect((await errorOf(api.workflows.get({ id: copy.id }))).code).toBe('NOT_FOUND');
  });

  it('saves an unfinished graph and returns its problems as data for the canvas', async () => {
    const { id } = await api.workflows.create({ name: 'Draft' });
    const doc = workflowDocumentSchema.parse({ name: 'Draft', nodes: [{ id: 'x', name: 'Lonely', type: 'set-fields' }] });
    const saved = await api.workflows.save({ id, document: doc });
    expect(saved.problems.map((p) => p.code)).toEqual(['no-trigger']);
  });

  it('validates anything, imports YAML with line numbers for problems, and exports what it imported', async () => {
    expect((await api.workflows.validate({ document: { name: 5 } })).ok).toBe(false);
    const bad = await api.workflows.import({ text: 'name: Broken\nnodes:\n  - id: a\n    name: A\n    type: teleport\n' });
    expect(bad.imported).toBe(false);
    expect(bad.problems[0]).toMatchObject({ code: 'unknown-node-type', nodeId: 'a', line: 3 });

    const exported = JSON.stringify(helloWorkflow('Round trip'));
    const imported = await api.workflows.import({ text: exported });
    expect(imported.imported).toBe(true);
    const out = await api.workflows.export({ id: imported.id!, format: 'yaml' });
    expect(out.fileName).toBe('round-trip.yaml');
    const again = await api.workflows.import({ text: out.text });
    const a = await api.workflows.get({ id: imported.id! });
    const b = await api.workflows.get({ id: again.id! });
    expect(b.document).toEqual(a.document);
  });

  it('refuses malformed input with a 4xx, never a 500', async () => {
    const err = await errorOf(api.workflows.get({ id: '' }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  it('answers bad HTTP input with a 400 that names the field, and unknown ids with a 404', async () => {
    const web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
    try {
      const url = web.url.replace('localhost', '127.0.0.1');
      const cookie = await cookieAs(ctx, 'owner');
      const bad = await fetch(`${url}/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id: 5 }))}`, {
        headers: { cookie },
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: { message: string } };
      expect(body.error.message).toContain('"id"');
      expect(body.error.message).not.toContain('[');
      const missing = await fetch(`${url}/api/trpc/workflows.get?input=${encodeURIComponent(JSON.stringify({ id: 'wf_nope' }))}`, {
        headers: { cookie },
      });
      expect(missing.status).toBe(404);
      const garbage = await fetch(`${url}/api/trpc/workflows.create`, {
        method: 'POST',
        body: '{not json',
        headers: { 'content-type': 'application/json', cookie },
      });
      expect(garbage.status).toBeGreaterThanOrEqual(400);
      expect(garbage.status).toBeLessThan(500);
    } finally {
      await web.close();
    }
  });
});

describe('runs router', () => {
  it('starts a run, lists it, and returns node results', async () => {
    const { id } = await api.workflows.create({ document: helloWorkflow() });
    const { runId } = await api.runs.start({ workflowId: id, input: { who: 'Ada' } });
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('succeeded');
    const run = await api.runs.get({ runId });
    expect(run.workflowVersion).toBe(1);
    expect(run.nodes.s.outputPreview.main[0]).toMatchObject({ who: 'Ada', greeting: 'hello Ada' });
    expect((await api.runs.list({ workflowId: id }))[0]).toMatchObject({ id: runId, status: 'succeeded', triggerKind: 'manual' });
    const page = await api.runs.outputPage({ runId, nodeId: 's' });
    expect(page).toEqual({ items: [{ who: 'Ada', greeting: 'hello Ada' }], total: 1, capped: 0 });
  });

  it('refuses to run an invalid workflow with its problems, as a 400', async () => {
    const doc = workflowDocumentSchema.parse({ name: 'x', nodes: [{ id: 'a', name: 'A', type: 'set-fields' }] });
    const err = await errorOf(api.runs.start({ document: doc }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('no trigger');
  });

  it('retries a run as a new run, and re-runs from a node reusing earlier results', async () => {
    const { id } = await api.workflows.create({ document: helloWorkflow() });
    const { runId } = await api.runs.start({ workflowId: id, input: { who: 'Grace' } });
    await waitForRun(ctx.sql, runId, 20_000);
    const retried = await api.runs.retry({ runId });
    expect(await waitForRun(ctx.sql, retried.runId, 20_000)).toBe('succeeded');

    const wf = await api.workflows.get({ id });
    const edited = structuredClone(wf.document);
    edited.nodes[1].config = { fields: [{ name: 'greeting', value: 'bye {{ $json.who }}' }] };
    const from = await api.runs.runFrom({ runId, nodeId: 's', document: edited });
    expect(await waitForRun(ctx.sql, from.runId, 20_000)).toBe('succeeded');
    const run = await api.runs.get({ runId: from.runId });
    expect(run.nodes.t.logs[0].message).toContain(`reused from run ${runId}`);
    expect(run.nodes.s.outputPreview.main[0].greeting).toBe('bye Grace');
  });

  it('streams live events of a run through the subscription', async () => {
    const { id } = await api.workflows.create({ document: helloWorkflow() });
    const controller = new AbortController();
    const iterable = await (await callerAs(ctx, 'owner', { signal: controller.signal })).runs.events({ workflowId: id });
    const seen: string[] = [];
    let probed = false;
    const reading = (async () => {
      for await (const event of iterable) {
        if (event.type === 'run' && event.runId === 'probe') probed = true;
        else if (event.type === 'run') seen.push(event.status);
        if (event.type === 'run' && event.status === 'succeeded') break;
      }
    })();
    // The stream listens once its first read reaches Postgres (no fixed wait: under load that
    // took longer than any guess): send probe events until one comes back, then start the run.
    const probe = JSON.stringify({ type: 'run', runId: 'probe', workflowId: id, status: 'queued' });
    await vi.waitFor(
      async () => {
        await ctx.sql`select pg_notify(${EVENTS_CHANNEL}, ${probe})`;
        expect(probed).toBe(true);
      },
      { timeout: 60_000, interval: 50 },
    );
    await api.runs.start({ workflowId: id });
    await reading;
    controller.abort();
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
  });

  it('lists the node catalog with a JSON Schema per type', async () => {
    const catalog = await api.nodes.catalog();
    const http = catalog.find((n) => n.id === 'http-request')!;
    expect(http.configSchema).toHaveProperty('properties.url');
    expect(catalog.find((n) => n.id === 'manual-trigger')!.category).toBe('trigger');
  });
});
