/**
 * The floor of a big-data workload: the same node types in this process, nothing stored and no
 * database. Two ways:
 * - `whole`: called one after another (executeAttempt, as the worker calls them), each step
 *   holding all its items (the floor of earlier results).
 * - `streamed`: the steps that can stream run beside each other, each step's pages handed to the
 *   next in memory as they are made (the fused hand-off of server/worker/stream-fuse.ts without
 *   the storing): the best plain-Node version of the engine's streamed chain.
 * Usage: node --no-node-snapshot --import tsx bench/lib/big-data-floor.ts <workload> <rows> <filesDir> [whole|streamed]
 * Prints `FLOOR {"ms":…,"hwmKb":…,"baseKb":…}`.
 */
import { getNodeType } from '../../nodes';
import type { HandleItems, Item, NodeDefinition, StreamContext } from '../../nodes/types';
import { workflowNodeSchema, type WorkflowNode } from '../../core/document';
import { executeAttempt, type NodeEnvironment } from '../../server/worker/execute-node';
import { PageQueue } from '../../server/worker/stream-fuse';
import { hwmKb, rssKb } from './proc';
import { workloads } from './big-data-workloads';

const [name, rows, filesDir, mode = 'whole'] = process.argv.slice(2);
const workload = workloads(Number(rows)).find((w) => w.name === name);
if (!workload || !filesDir || (mode !== 'whole' && mode !== 'streamed')) {
  throw new Error('usage: big-data-floor.ts <csv|code|flights|sort> <rows> <filesDir> [whole|streamed]');
}

const baseKb = rssKb(process.pid);
const env: NodeEnvironment = {
  run: { id: 'run_floor', workflowId: null },
  startedAt: new Date().toISOString(),
  trigger: null,
  upstream: new Map<string, HandleItems>(),
  runSignal: new AbortController().signal,
  dataDir: filesDir,
  fetch: globalThis.fetch,
};
const steps = workload.steps.map((step) => {
  const def = getNodeType(step.type);
  if (!def) throw new Error(`unknown node type ${step.type}`);
  return { def, node: workflowNodeSchema.parse({ id: step.id, type: step.type, name: step.id, config: step.config }) };
});

async function whole(): Promise<number> {
  let items = workload!.input;
  for (const { def, node } of steps) {
    const result = await executeAttempt(def, node, { main: items }, env);
    if (!result.ok) throw new Error(`${node.id}: ${result.error?.message}`);
    items = result.outputs.main ?? [];
  }
  return items.length;
}

/** One step's stream, its main pages pushed to `out`; its input pages from `input`. */
async function streamStep(def: NodeDefinition, node: WorkflowNode, input: () => AsyncIterable<Item[]>, out: PageQueue): Promise<void> {
  const result = await executeAttempt(def, node, {}, env, async (ctx) => {
    const streamCtx: StreamContext<unknown> = Object.assign(Object.create(ctx) as typeof ctx, { pages: input });
    try {
      for await (const chunk of def.stream!(streamCtx)) if (chunk.main?.length) await out.push(chunk.main);
    } catch (error) {
      out.fail(error);
      throw error;
    }
    out.end();
    return { outputs: {} };
  });
  if (!result.ok) throw new Error(`${node.id}: ${result.error?.message}`);
}

/**
 * Pages held in memory and read as often as wanted: what a step with side effects (Save CSV
 * reads its input twice) gets, where the engine hands it the stored pages of the step before.
 */
function kept(pages: AsyncIterable<Item[]>): () => AsyncIterable<Item[]> {
  const held = (async () => {
    const list: Item[][] = [];
    for await (const page of pages) list.push(page);
    return list;
  })();
  held.catch(() => {});
  return async function* () {
    yield* await held;
  };
}

async function streamed(): Promise<number> {
  const first = workload!.input;
  let input: () => AsyncIterable<Item[]> = async function* () {
    yield first;
  };
  const running: Promise<void>[] = [];
  for (const { def, node } of steps) {
    if (!def.stream) throw new Error(`${node.id} does not stream`);
    if (def.sideEffects) input = kept(input());
    const out = new PageQueue();
    running.push(streamStep(def, node, input, out));
    input = () => out.pagesOnce();
  }
  let count = 0;
  for await (const page of input()) count += page.length;
  await Promise.all(running);
  return count;
}

const t0 = performance.now();
const items = mode === 'streamed' ? await streamed() : await whole();
const ms = performance.now() - t0;
process.stdout.write(`FLOOR ${JSON.stringify({ ms, hwmKb: hwmKb(process.pid), baseKb, items })}\n`);
