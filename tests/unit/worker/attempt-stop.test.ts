/**
 * How a step attempt ends early: a cancelled run stops every attempt running under it at once
 * (one listener per run, not one per attempt), even attempts whose node ignores its signal, and a
 * time limit stops just its own attempt.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode, MAIN, type NodeDefinition } from '../../../nodes/types';
import { workflowNodeSchema } from '../../../core/document';
import { executeAttempt, RunAborted, type NodeEnvironment } from '../../../server/worker/execute-node';

/** Never ends by itself, and ignores its signal unless told to listen. */
const stuck = defineNode({
  id: 'stuck',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Stuck',
  description: 'test only',
  icon: 'box',
  config: z.object({ listen: z.boolean().default(false) }),
  inputs: [MAIN],
  outputs: [MAIN],
  execute: (ctx) =>
    new Promise((_, reject) => {
      if (ctx.config.listen) ctx.signal.addEventListener('abort', () => reject(new Error('stopped')));
    }),
});

function attempt(runSignal: AbortSignal, config: Record<string, unknown> = {}, timeoutMs = 0) {
  const node = workflowNodeSchema.parse({ id: 'n', name: 'Stuck step', type: 'stuck', config, settings: { timeoutMs } });
  const env: NodeEnvironment = {
    run: { id: 'run-1', workflowId: null },
    startedAt: '2024-05-01T12:00:00.000Z',
    trigger: null,
    upstream: new Map(),
    runSignal,
    dataDir: '/tmp',
    fetch: globalThis.fetch,
  };
  return executeAttempt(stuck as NodeDefinition, node, { main: [{}] }, env);
}

describe('a step attempt ended early', () => {
  it('ends every attempt of a cancelled run, listening to its signal or not', async () => {
    const run = new AbortController();
    const attempts = [attempt(run.signal), attempt(run.signal, { listen: true }), attempt(run.signal)];
    run.abort(new RunAborted('cancelled'));
    const results = await Promise.all(attempts);
    expect(results.map((r) => [r.ok, r.error?.code])).toEqual([
      [false, 'cancelled'],
      [false, 'cancelled'],
      [false, 'cancelled'],
    ]);
  });

  it('ends at once an attempt that starts in a run already cancelled', async () => {
    const run = new AbortController();
    run.abort(new RunAborted('shutdown'));
    expect((await attempt(run.signal)).error?.code).toBe('interrupted');
  });

  it('stops an attempt at its time limit and leaves the others of the run running', async () => {
    const run = new AbortController();
    const other = attempt(run.signal);
    const timed = await attempt(run.signal, {}, 20);
    expect(timed.error?.code).toBe('timeout');
    run.abort(new RunAborted('cancelled'));
    expect((await other).error?.code).toBe('cancelled');
  });
});
