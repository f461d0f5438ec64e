import { describe, expect, it } from 'vitest';
import repeatUntil from '../../../nodes/repeat-until';
import type { SubflowCall, SubflowResult } from '../../../nodes/lib/subflow-types';
import { fakeCtx } from './fake-ctx';

/** A fake called workflow: page n gives `size` rows and points at page n + 1 until `pages`. */
function pagedCalls(pages: number, size: number, calls: SubflowCall[]) {
  return {
    async call(call: SubflowCall): Promise<SubflowResult> {
      calls.push(call);
      const page = Number(call.items[0]?.page ?? 1);
      const rows = Array.from({ length: size }, (_, i) => ({
        page,
        row: i,
        next: i === size - 1 && page < pages ? page + 1 : null,
        pageToAsk: page + 1,
      }));
      return { runId: `run_${call.key}`, status: 'succeeded', items: rows.map((r) => ({ ...r, page: r.pageToAsk })) };
    },
  };
}

describe('repeat-until', () => {
  it("feeds each round the last round's items until the last item has no next page", async () => {
    const calls: SubflowCall[] = [];
    const { ctx, logs } = fakeCtx(repeatUntil, {
      config: { workflowId: 'wf_pages', conditions: [{ field: 'next', operator: 'isEmpty' }], maxRounds: 100 },
      inputs: { main: [{ page: 1 }] },
    });
    ctx.subflows = pagedCalls(41, 25, calls);
    const out = await repeatUntil.execute(ctx);
    expect(out.outputs.main).toHaveLength(41 * 25);
    expect(calls.map((c) => c.key)).toEqual(Array.from({ length: 41 }, (_, i) => `round-${i + 1}`));
    // Round 2 got round 1's 25 items.
    expect(calls[1].items).toHaveLength(25);
    expect(logs.some((l) => l.message.includes('Stopped after round 41'))).toBe(true);
  });

  it('stops when a round gives back no items, and at the most rounds with a warning or a failure', async () => {
    const empty = fakeCtx(repeatUntil, { config: { workflowId: 'wf', conditions: [] }, inputs: { main: [{}] } });
    let n = 0;
    empty.ctx.subflows = { call: async (call) => ({ runId: call.key, status: 'succeeded', items: ++n < 3 ? [{ n }] : [] }) };
    expect((await repeatUntil.execute(empty.ctx)).outputs.main).toEqual([{ n: 1 }, { n: 2 }]);

    const forever = {
      call: async (call: SubflowCall): Promise<SubflowResult> => ({ runId: call.key, status: 'succeeded', items: [{ more: true }] }),
    };
    const capped = fakeCtx(repeatUntil, {
      config: { workflowId: 'wf', conditions: [{ field: 'more', operator: 'isFalse' }], maxRounds: 5 },
      inputs: { main: [{}] },
    });
    capped.ctx.subflows = forever;
    expect((await repeatUntil.execute(capped.ctx)).outputs.main).toHaveLength(5);
    expect(capped.warnings.join(' ')).toContain('most rounds (5)');

    const failing = fakeCtx(repeatUntil, {
      config: { workflowId: 'wf', conditions: [{ field: 'more', operator: 'isFalse' }], maxRounds: 3, atMost: 'fail' },
      inputs: { main: [{}] },
    });
    failing.ctx.subflows = forever;
    await expect(repeatUntil.execute(failing.ctx)).rejects.toThrow('still did not hold after 3 rounds');
  });

  it('names the round that failed', async () => {
    const { ctx } = fakeCtx(repeatUntil, { config: { workflowId: 'wf', conditions: [] }, inputs: { main: [{}] } });
    let n = 0;
    ctx.subflows = {
      call: async (call) =>
        ++n === 2 ? { runId: 'run_b', status: 'failed', items: [], error: 'boom' } : { runId: call.key, status: 'succeeded', items: [{}] },
    };
    await expect(repeatUntil.execute(ctx)).rejects.toThrow('Round 2 (run run_b) failed: boom');
  });
});
