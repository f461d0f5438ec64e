/**
 * A run the worker can't carry on (its statements fail for a reason other than a lost database)
 * ends with a plain message naming an error id; the worker's log line has the same id and the
 * error's words, never a stack or a statement's parameters (which can hold typed secrets).
 */
import { sql as drizzleSql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { cannotContinueLine } from '../../server/worker/worker-runs';

const SECRET = 'sk_live_worker_log_secret_42';
let t: Harness;
let database: Harness['database'];
let ctx: Harness['ctx'];
let api: Harness['api'];
const logs: string[] = [];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 1, log: (message) => logs.push(message) } });
  ({ database, ctx, api } = t);
});

afterAll(async () => {
  await t?.stop();
});

it('ends a run whose results can not be stored with an error id, and logs no stack and no secret', async () => {
  const wf = new WorkflowBuilder('Stores nothing');
  const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
  const set = wf.add('set-fields', { fields: [{ name: 'token', value: SECRET }] }, { id: 's', name: 'Set' });
  wf.connect(start, set);
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  // The database refuses every result of this run: the table is gone under the worker.
  await ctx.sql`alter table node_runs rename to node_runs_away`;
  try {
    const { runId } = await api.runs.start({ workflowId: id, input: { token: SECRET } });
    expect(await waitForRun(ctx.sql, runId, 60_000)).toBe('failed');
    const [run] = await ctx.sql`select error from runs where id = ${runId}`;
    const message = (run.error as { message: string }).message;
    const errorId = /error id (err_[0-9a-f]{10})/.exec(message)?.[1];
    expect(errorId).toBeDefined();
    const line = logs.find((l) => l.includes(`run ${runId} could not continue`));
    expect(line).toContain(`error id ${errorId}`);
    expect(line).toMatch(/node_runs/);
    expect(line).not.toMatch(/\n\s+at /);
    expect(logs.join('\n')).not.toContain(SECRET);
  } finally {
    await ctx.sql`alter table node_runs_away rename to node_runs`;
  }
}, 300_000);

it('keeps the parameters of a failing drizzle statement out of the line (its stack carries them)', async () => {
  const failure = await database.db.execute(drizzleSql`select * from no_such_table where token = ${SECRET}`).then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(Error);
  // What the old line printed: the stack, with the statement's parameters in it.
  expect((failure as Error).stack).toContain(SECRET);
  const { line, errorId } = cannotContinueLine('run_1', failure);
  expect(line).toBe(`run run_1 could not continue (error id ${errorId}): ${line.split(`${errorId}): `)[1]}`);
  expect(line).toMatch(/no_such_table/);
  expect(line).not.toContain(SECRET);
  expect(line).not.toMatch(/\n\s+at /);
});
