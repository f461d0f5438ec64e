/**
 * What a run kept until its end (`end` mode) stores is exactly what its steps made: the rows go to
 * Postgres as one JSON parameter (server/db/node-run-rows.ts), and nothing may change on the way:
 * outputs (field order, unicode, escapes, a NUL and half an emoji, which a json column keeps),
 * 1,001-item outputs in pages, errors, logs, warnings, timestamps and fractional durations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandleItems } from '../../nodes/types';
import { finishRun, recordNodeResult, type NodeRecord } from '../../server/db/run-store';
import { waitForRun } from '../../server/db/runs';
import { metricsText } from '../../server/observability/metrics';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { type Harness, startHarness } from '../helpers/harness';
import { sample } from '../helpers/prometheus';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 4 } });
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

/** Text that has tripped JSON on its way to Postgres: every kind of escape and multi-byte character. */
const UNICODE = 'naïve café — 日本語 שלום 👩‍💻 e\u0301 "quoted" back\\slash tab\t new\nline \u0001 \u2028 literal \\u0000 and \\ud800';

function item(i: number): Record<string, unknown> {
  // Keys out of alphabetical order: a json column keeps them as the step made them.
  return { z: i, a: `${UNICODE} #${i}`, m: { nested: [i, i / 3, null, true], 'key "quoted"': UNICODE }, b: i % 7 === 0 ? null : -i * 1e-9 };
}

/** 100 results of one run: the kinds of value a step gives, one per step. */
function records(runId: string, { big }: { big: boolean }): NodeRecord[] {
  const base = Date.UTC(2026, 11, 7, 23, 59, 58, 123);
  return Array.from({ length: 100 }, (_, i): NodeRecord => {
    let outputs: HandleItems = { main: [item(i)] };
    if (i === 1) outputs = { main: Array.from({ length: 1001 }, (_, k) => item(k)) };
    else if (i === 2) outputs = { true: [item(1), item(2)], false: [], 'other "handle"': [item(3)] };
    else if (i === 3) outputs = { main: [{ nul: 'a\u0000b', half: 'x\ud83dy', fine: '👍' }] };
    else if (i === 4) outputs = { main: [] };
    else if (i === 5) outputs = { main: Array.from({ length: 20 }, (_, k) => item(k)) };
    if (!big && i === 1) outputs = { main: Array.from({ length: 20 }, (_, k) => item(k)) };
    const failed = i % 10 === 9;
    return {
      runId,
      nodeId: `step-${i}-${UNICODE.slice(0, 12)}`,
      attempt: 1 + (i % 3),
      status: failed ? 'failed' : i === 6 ? 'skipped' : 'succeeded',
      inputCounts: i === 0 ? {} : { main: i, extra: 0 },
      outputs: failed ? {} : outputs,
      logs:
        i % 4 === 0
          ? []
          : [{ level: 'info', message: `${UNICODE} ${i}`, data: { i, list: [1, 'two'] }, at: new Date(base + i).toISOString() }],
      error: failed ? { message: `${UNICODE} failed at ${i}`, code: 'node', field: 'message' } : null,
      warnings: i % 5 === 0 ? [{ message: `${UNICODE} warning ${i}` }] : undefined,
      startedAt: i === 6 ? null : new Date(base + i * 3),
      finishedAt: i === 6 ? null : new Date(base + i * 3 + 2),
      durationMs: i === 6 ? null : i === 7 ? 0 : 0.1 + i / 7 + 1e-12,
    };
  });
}

async function storedRows(runId: string) {
  const rows = await ctx.sql`
    select id, node_id, attempt, status, input_counts, output_counts, output_preview::text as preview, output_paged, logs, error,
           started_at, finished_at, duration_ms, warnings
    from node_runs where run_id = ${runId}`;
  rows.sort((a, b) => (a.node_id < b.node_id ? -1 : 1));
  return Promise.all(
    rows.map(async (row) => {
      let outputs: HandleItems | string = String(row.preview);
      if (row.output_paged) {
        const pages = await ctx.sql`select handle, items from node_output_pages where node_run_id = ${row.id} order by handle, page`;
        const full: HandleItems = {};
        for (const page of pages) (full[String(page.handle)] ??= []).push(...(page.items as HandleItems[string]));
        outputs = full;
      }
      return {
        nodeId: row.node_id,
        attempt: row.attempt,
        status: row.status,
        inputCounts: row.input_counts,
        outputCounts: row.output_counts,
        outputs,
        logs: row.logs,
        error: row.error,
        warnings: row.warnings,
        startedAt: row.started_at?.toISOString() ?? null,
        finishedAt: row.finished_at?.toISOString() ?? null,
        durationMs: row.duration_ms,
      };
    }),
  );
}

/** What the rows must hold: small outputs as the exact text JSON.stringify makes, large ones in full. */
function expected(list: NodeRecord[]) {
  const byNodeId = [...list].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  return byNodeId.map((r) => {
    const large = Object.values(r.outputs).some((items) => items.length > 20);
    return {
      nodeId: r.nodeId,
      attempt: r.attempt,
      status: r.status,
      inputCounts: r.inputCounts,
      outputCounts: Object.fromEntries(Object.entries(r.outputs).map(([h, items]) => [h, items.length])),
      outputs: large ? r.outputs : JSON.stringify(r.outputs),
      logs: r.logs,
      error: r.error,
      warnings: r.warnings ?? [],
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      durationMs: r.durationMs,
    };
  });
}

let runCount = 0;
/** A running run row with no queue job, for the test to end by hand. */
async function newRun(): Promise<string> {
  const id = `run-end-store-${++runCount}`;
  await ctx.sql`insert into runs (id, document, status, started_at) values (${id}, ${ctx.sql.json({})}, 'running', now())`;
  return id;
}

describe('end mode stores what the steps made', () => {
  it('reads back 100 results per run identical, ended alone and ended together, small and paged', async () => {
    const small = await newRun();
    const together = await Promise.all([newRun(), newRun(), newRun()]);
    const paged = await newRun();

    await finishRun(ctx.sql, small, null, 'failed', { message: UNICODE, nodeId: 'step-9' }, records(small, { big: false }));
    // Ended at once: the first goes alone, the others share the next statement (group-commit.ts).
    await Promise.all(together.map((id) => finishRun(ctx.sql, id, null, 'succeeded', null, records(id, { big: false }))));
    await finishRun(ctx.sql, paged, null, 'succeeded', null, records(paged, { big: true }));

    for (const runId of [small, ...together]) expect(await storedRows(runId)).toEqual(expected(records(runId, { big: false })));
    expect(await storedRows(paged)).toEqual(expected(records(paged, { big: true })));
    const [run] = await ctx.sql`select status, error from runs where id = ${small}`;
    expect(run).toEqual({ status: 'failed', error: { message: UNICODE, nodeId: 'step-9' } });

    // The durable path (one result at a time) stores the same rows.
    const durable = await newRun();
    for (const record of records(durable, { big: true })) await recordNodeResult(ctx.sql, record);
    expect(await storedRows(durable)).toEqual(expected(records(durable, { big: true })));
  });

  it('runs a 100-step chain in end mode to the same results as durable mode, and counts every step', async () => {
    // manual trigger ─► set (unicode, 1,001 items) ─► 97 × no-op ─► log message
    const chain = (durability: 'node' | 'end') => {
      const wf = new WorkflowBuilder(`chain ${durability}`);
      let prev = wf.add('manual-trigger', {}, { id: 't' });
      const set = wf.add('set-fields', { fields: [{ name: 'text', value: `${UNICODE} {{ $json.n }}` }] }, { id: 'set' });
      wf.connect(prev, set);
      prev = set;
      for (let i = 0; i < 97; i++) {
        const next = wf.add('no-op', {}, { id: `n${i}` });
        wf.connect(prev, next);
        prev = next;
      }
      wf.connect(prev, wf.add('log-message', { message: `${UNICODE} {{ $items.length }}` }, { id: 'log' }));
      return { ...wf.toDocument(), settings: { durability } };
    };
    const input = Array.from({ length: 1001 }, (_, n) => ({ n, z: UNICODE, a: n / 3 }));
    const stepsCounted = async () =>
      sample((await metricsText()).body, 'taskmaster_step_duration_seconds_count', { step_type: 'no-op', outcome: 'succeeded' });
    const counted = await stepsCounted();

    const results = [];
    for (const durability of ['end', 'node'] as const) {
      const runId = await startDocumentRun(ctx, chain(durability), { input });
      await waitForRun(ctx.sql, runId, 60_000);
      const result = (await getRunResult(ctx.sql, runId))!;
      expect(result.status).toBe('succeeded');
      expect(Object.keys(result.nodes)).toHaveLength(100);
      const logs = await ctx.sql`select node_id, logs from node_runs where run_id = ${runId} and jsonb_array_length(logs) > 0`;
      results.push({
        nodes: Object.fromEntries(
          Object.entries(result.nodes).map(([id, n]) => [
            id,
            { status: n.status, attempts: n.attempts, counts: n.outputCounts, output: n.output, error: n.error },
          ]),
        ),
        logs: logs.map((l) => ({ nodeId: l.node_id, messages: (l.logs as Array<{ message: string }>).map((e) => e.message) })),
        timed: Object.values(result.nodes).every((n) => n.durationMs !== null && n.durationMs >= 0 && n.finishedAt !== null),
      });
    }
    const [end, durable] = results;
    expect(end.nodes.n96.output.main).toHaveLength(1001);
    expect(end.nodes.n96.output.main[1000]).toEqual({ n: 1000, z: UNICODE, a: 1000 / 3, text: `${UNICODE} 1000` });
    expect(end.logs).toEqual([{ nodeId: 'log', messages: [`${UNICODE} 1001`] }]);
    expect(end.timed).toBe(true);
    expect(end).toEqual(durable);
    // 97 no-op steps in each run.
    expect((await stepsCounted()) - counted).toBe(2 * 97);
  });
});
