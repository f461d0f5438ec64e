/**
 * A step's logs, warnings and error go to jsonb columns, which refuse a NUL and half a surrogate
 * pair. A step that quotes such text from someone's data (an HTTP body, a CSV cell) must still
 * end as itself: before, the run's end statement failed and the run ended as "internal error",
 * its steps unstored. Now those characters are stored as U+FFFD (outputs keep them exactly).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 2 } });
});

afterAll(async () => {
  await t?.stop();
});

async function runCode(code: string, durability: 'node' | 'end') {
  const wf = new WorkflowBuilder(`text faults ${durability}`);
  wf.connect(wf.add('manual-trigger', {}, { id: 't' }), wf.add('code', { code }, { id: 'c', name: 'Quote the data' }));
  const runId = await startDocumentRun(t.ctx, { ...wf.toDocument(), settings: { durability } }, { input: [{ a: 1 }] });
  await waitForRun(t.ctx.sql, runId, 60_000);
  const [row] = await t.ctx.sql`select logs, error from node_runs where run_id = ${runId} and node_id = 'c'`;
  return { result: (await getRunResult(t.ctx.sql, runId))!, row };
}

describe.each(['end', 'node'] as const)('%s mode', (durability) => {
  it('stores a log line quoting a NUL and half an emoji, and the output as it was', async () => {
    const { result, row } = await runCode(
      'console.log("got a\\u0000b and x\\ud83dy, whole 👍"); return [{ nul: "a\\u0000b", half: "x\\ud83dy" }];',
      durability,
    );
    expect(result.status).toBe('succeeded');
    const messages = (row.logs as Array<{ message: string }>).map((l) => l.message);
    expect(messages.join(' ')).toContain('got a\ufffdb and x\ufffdy, whole 👍');
    expect(result.nodes.c.output?.main).toEqual([{ nul: 'a\u0000b', half: 'x\ud83dy' }]);
  });

  it("ends a run whose step throws such text with the step's own error", async () => {
    const { result, row } = await runCode('throw new Error("bad\\u0000 row \\udc00 here");', durability);
    expect(result.status).toBe('failed');
    expect(result.error?.code).not.toBe('internal');
    expect(result.error?.message).toContain('bad\ufffd row \ufffd here');
    expect((row.error as { message: string }).message).toContain('bad\ufffd row \ufffd here');
  });
});
