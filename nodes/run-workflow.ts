import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import type { SubflowAccess, SubflowResult } from './lib/subflow-types';

const config = z.object({
  workflowId: field(z.string().trim().default(''), {
    label: 'Workflow to run',
    help: 'A saved workflow that starts with "Called by another workflow".',
    widget: 'workflow',
    expressions: false,
  }),
  mode: field(z.enum(['all', 'each']).default('all'), {
    label: 'Send the items',
    widget: 'select',
    optionLabels: { all: 'All at once: one run gets every item', each: 'One by one: one run per item' },
  }),
  concurrency: field(z.coerce.number().int().min(1, 'At least 1.').max(20, 'At most 20.').default(1), {
    label: 'Runs at the same time',
    help: 'For "one by one": how many runs go at once (1 to 20).',
    widget: 'number',
    showWhen: { mode: ['each'] },
  }),
  wait: field(z.boolean().default(true), {
    label: 'Wait for it to finish',
    help: "On: this step gives the called workflow's result. Off: it starts the run and goes on, giving the run's id.",
    widget: 'switch',
  }),
  outputStep: field(z.string().trim().default(''), {
    label: 'Result from step',
    help: 'The id of a step in the called workflow whose output to give back. Empty: its last step.',
    placeholder: 'its last step',
    expressions: false,
  }),
});

/** Runs `work` over `count` indexes, at most `limit` at once, keeping results in order. */
async function inOrder<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}

function outcome(result: SubflowResult, wait: boolean, where: string): Item[] {
  if (!wait) return [{ runId: result.runId, status: 'started' }];
  if (result.status !== 'succeeded') {
    throw new Error(
      `${where}The called workflow's run ${result.runId} ${result.status === 'cancelled' ? 'was cancelled' : `failed: ${result.error ?? 'see that run'}`}`,
    );
  }
  return result.items;
}

export default defineNode({
  id: 'run-workflow',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Run another workflow',
  description: 'Runs a saved workflow with these items and gives back what it produced.',
  icon: 'layers',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { workflowId: '', mode: 'all', wait: true },
  async execute(ctx) {
    const cfg = ctx.config;
    if (!cfg.workflowId) throw new Error('Choose the workflow to run.');
    const subflows: SubflowAccess | undefined = ctx.subflows;
    if (!subflows) throw new Error('Other workflows can only be run where workflows are saved (not from a file run).');
    const items = ctx.inputs.main ?? [];
    const base = { workflowId: cfg.workflowId, wait: cfg.wait, outputStep: cfg.outputStep || undefined };
    if (cfg.mode === 'all') {
      const result = await subflows.call({ ...base, items, key: 'all' });
      ctx.log.info(`Run ${result.runId} ${cfg.wait ? result.status : 'started'}.`, { childRunIds: [result.runId] });
      return { outputs: { main: outcome(result, cfg.wait, '') } };
    }
    const results = await inOrder(items.length, cfg.concurrency, (i) => subflows.call({ ...base, items: [items[i]], key: `item-${i}` }));
    ctx.log.info(`${results.length} runs ${cfg.wait ? 'finished' : 'started'}.`, { childRunIds: results.map((r) => r.runId) });
    return { outputs: { main: results.flatMap((r, i) => outcome(r, cfg.wait, `Item ${i + 1}: `)) } };
  },
});
