/**
 * Repeat until, through the real worker and Postgres: "next page until there is none" against a
 * local paged API whose page count the flow doesn't know, each round a stored child run that the
 * inspector lists as Round 1, 2, 3….
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { createWorkflow } from '../../server/db/workflows';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { callerAs } from '../helpers/auth';
import { createTestDatabase } from '../helpers/db';
import { startRecorder } from '../helpers/http-recorder';

const PAGES = 41;
const ROWS = 25;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let ctx: ReturnType<typeof createAppContext>;
let worker: WorkerHandle;
let api: Awaited<ReturnType<typeof startRecorder>>;

/** GET /rows?page=n: 25 rows and the next page's number, or null after the last page. */
function pagedAnswer(path: string) {
  const page = Number(new URL(path, 'http://x').searchParams.get('page'));
  const rows = Array.from({ length: ROWS }, (_, i) => ({ id: (page - 1) * ROWS + i + 1 }));
  return { body: { rows, next: page < PAGES ? page + 1 : null } };
}

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext(database.url);
  worker = await startWorker({ databaseUrl: database.url, concurrency: 2 });
  api = await startRecorder((req) => pagedAnswer(req.path));
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await ctx?.close();
  await database?.drop();
});

/** start(page) ─► get (HTTP /rows?page=) ─► keep (page = body.next, rows = body.rows) */
async function savePageReader(): Promise<string> {
  const wf = new WorkflowBuilder('Read one page');
  const start = wf.add('workflow-trigger', { inputs: [{ name: 'page', type: 'number' }] }, { id: 'start' });
  const get = wf.add('http-request', { url: `${api.url}/rows?page={{ $json.page }}`, splitArray: false }, { id: 'get' });
  const keep = wf.add(
    'set-fields',
    {
      fields: [
        { name: 'page', value: '{{ $json.body.next }}' },
        { name: 'rows', value: '{{ $json.body.rows }}' },
      ],
      keepOtherFields: false,
    },
    { id: 'keep' },
  );
  wf.connect(start, get).connect(get, keep);
  return (await createWorkflow(ctx.db, wf.toDocument())).id;
}

describe('Repeat until', () => {
  it('reads every page of a paged API whose page count the flow does not know (41 pages, 1,025 rows)', async () => {
    const reader = await savePageReader();
    const wf = new WorkflowBuilder('All pages');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const loop = wf.add(
      'repeat-until',
      { workflowId: reader, conditions: [{ field: 'page', operator: 'isEmpty' }], maxRounds: 100 },
      { id: 'loop' },
    );
    const rows = wf.add('split-out', { field: 'rows', into: 'merge' }, { id: 'rows' });
    wf.connect(t, loop).connect(loop, rows);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: [{ page: 1 }] });
    expect(await waitForRun(ctx.sql, runId, 120_000)).toBe('succeeded');

    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.loop.output.main).toHaveLength(PAGES);
    const ids = result.nodes.rows.output.main.map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: PAGES * ROWS }, (_, i) => i + 1));
    for (const page of [1, 2, PAGES]) expect(api.hits(`/rows?page=${page}`)).toBe(1);
    expect(api.hits(`/rows?page=${PAGES + 1}`)).toBe(0);

    const detail = await (await callerAs(ctx, 'owner')).runs.get({ runId });
    const rounds = detail.links.children.loop;
    expect(rounds.map((r) => r.key)).toEqual(Array.from({ length: PAGES }, (_, i) => `round-${i + 1}`));
    expect(rounds.every((r) => r.status === 'succeeded' && r.itemCount === 1 && r.workflowId === reader)).toBe(true);
  });

  it('repeats a group of its own steps over every page: each round a stored run of just those steps', async () => {
    // t ─► loop ─► rows        group repeated by loop: get (HTTP /rows?page=) ─► keep
    const wf = new WorkflowBuilder('All pages, steps in place');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const loop = wf.add(
      'repeat-until',
      { repeat: 'steps', steps: ['get', 'keep'], conditions: [{ field: 'page', operator: 'isEmpty' }], maxRounds: 100 },
      { id: 'loop' },
    );
    const get = wf.add('http-request', { url: `${api.url}/rows?page={{ $json.page }}`, splitArray: false }, { id: 'get' });
    const keep = wf.add(
      'set-fields',
      {
        fields: [
          { name: 'page', value: '{{ $json.body.next }}' },
          { name: 'rows', value: '{{ $json.body.rows }}' },
        ],
        keepOtherFields: false,
      },
      { id: 'keep' },
    );
    const rows = wf.add('split-out', { field: 'rows', into: 'merge' }, { id: 'rows' });
    wf.connect(t, loop).connect(loop, rows).connect(get, keep);
    const before = api.hits(`/rows?page=${PAGES}`);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: [{ page: 1 }] });
    expect(await waitForRun(ctx.sql, runId, 120_000)).toBe('succeeded');

    const result = (await getRunResult(ctx.sql, runId))!;
    expect(result.nodes.rows.output.main.map((r) => r.id)).toEqual(Array.from({ length: PAGES * ROWS }, (_, i) => i + 1));
    // The group's steps ran only inside the rounds, never in the run itself.
    expect(result.nodes.get).toBeUndefined();
    expect(api.hits(`/rows?page=${PAGES}`)).toBe(before + 1);
    const detail = await (await callerAs(ctx, 'owner')).runs.get({ runId });
    const rounds = detail.links.children.loop;
    expect(rounds.map((r) => r.key)).toEqual(Array.from({ length: PAGES }, (_, i) => `round-${i + 1}`));
    // Rounds belong to the loop's run, not to a workflow: they stay out of the workflow's run lists.
    expect(rounds.every((r) => r.status === 'succeeded' && r.steps && r.workflowId === null)).toBe(true);
    // Nor on the runs page: there they were listed as runs of no workflow, one line per round.
    const listed = (await (await callerAs(ctx, 'owner')).runs.search({ limit: 200 })).runs.map((r) => r.id);
    expect(listed).toContain(runId);
    expect(listed.filter((id) => rounds.some((r) => r.runId === id))).toEqual([]);
    // A repeated step has no run of its own to start from: the answer says which step to use.
    await expect((await callerAs(ctx, 'owner')).runs.runFrom({ runId, nodeId: 'keep' })).rejects.toThrow(
      /“set-fields[^”]*” runs only in the rounds of “repeat-until[^”]*”: use “Run from here” on it instead/,
    );
  });

  for (const count of [25, 1001]) {
    it(`passes ${count.toLocaleString('en')} items through every round of a repeated group`, async () => {
      // t ─► loop ─► (end)       group: bump (n = n + 1); stops when the last item's n reaches 4
      const wf = new WorkflowBuilder(`Rounds of ${count}`);
      const t = wf.add('manual-trigger', {}, { id: 't' });
      const loop = wf.add(
        'repeat-until',
        { repeat: 'steps', steps: ['bump'], conditions: [{ field: 'n', operator: 'gte', value: '4' }], maxRounds: 10 },
        { id: 'loop' },
      );
      wf.add('set-fields', { fields: [{ name: 'n', value: '{{ $json.n + 1 }}' }] }, { id: 'bump' });
      wf.connect(t, loop);
      const input = Array.from({ length: count }, (_, i) => ({ i, n: 1 }));
      const runId = await startDocumentRun(ctx, wf.toDocument(), { input });
      expect(await waitForRun(ctx.sql, runId, 120_000)).toBe('succeeded');
      const out = (await getRunResult(ctx.sql, runId))!.nodes.loop.output.main;
      expect(out).toHaveLength(count * 3);
      expect(out.slice(0, 2)).toEqual([
        { i: 0, n: 2 },
        { i: 1, n: 2 },
      ]);
      expect(out.at(-1)).toEqual({ i: count - 1, n: 4 });
      const detail = await (await callerAs(ctx, 'owner')).runs.get({ runId });
      expect(detail.links.children.loop.map((r) => r.itemCount)).toEqual([count, count, count]);
    });
  }

  it('fails with a plain message when the repeated workflow cannot be called', async () => {
    const wf = new WorkflowBuilder('Bad loop');
    const loop = wf.add('repeat-until', { workflowId: 'wf_gone', conditions: [] }, { id: 'loop' });
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), loop);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: [{}] });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('failed');
    expect((await getRunResult(ctx.sql, runId))!.nodes.loop.error?.message).toContain('does not exist any more');
  });
});
