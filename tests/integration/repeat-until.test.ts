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

  it('fails with a plain message when the repeated workflow cannot be called', async () => {
    const wf = new WorkflowBuilder('Bad loop');
    const loop = wf.add('repeat-until', { workflowId: 'wf_gone', conditions: [] }, { id: 'loop' });
    wf.connect(wf.add('manual-trigger', {}, { id: 't' }), loop);
    const runId = await startDocumentRun(ctx, wf.toDocument(), { input: [{}] });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('failed');
    expect((await getRunResult(ctx.sql, runId))!.nodes.loop.error?.message).toContain('does not exist any more');
  });
});
