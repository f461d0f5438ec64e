/**
 * The floor of a big-data workload: the same node types called one after another in this
 * process (executeAttempt, as the worker calls them), nothing stored and no database.
 * Usage: node --no-node-snapshot --import tsx bench/lib/big-data-floor.ts <workload> <rows> <filesDir>
 * Prints `FLOOR {"ms":…,"hwmKb":…,"baseKb":…}`.
 */
import { getNodeType } from '../../nodes';
import type { HandleItems } from '../../nodes/types';
import { workflowNodeSchema } from '../../core/document';
import { executeAttempt } from '../../server/worker/execute-node';
import { hwmKb, rssKb } from './proc';
import { workloads } from './big-data-workloads';

const [name, rows, filesDir] = process.argv.slice(2);
const workload = workloads(Number(rows)).find((w) => w.name === name);
if (!workload || !filesDir) throw new Error('usage: big-data-floor.ts <csv|code|flights|sort> <rows> <filesDir>');

const baseKb = rssKb(process.pid);
const env = {
  run: { id: 'run_floor', workflowId: null },
  startedAt: new Date().toISOString(),
  trigger: null,
  upstream: new Map<string, HandleItems>(),
  runSignal: new AbortController().signal,
  dataDir: filesDir,
  fetch: globalThis.fetch,
};
let items = workload.input;
const t0 = performance.now();
for (const step of workload.steps) {
  const def = getNodeType(step.type);
  if (!def) throw new Error(`unknown node type ${step.type}`);
  const node = workflowNodeSchema.parse({ id: step.id, type: step.type, name: step.id, config: step.config });
  const result = await executeAttempt(def, node, { main: items }, env);
  if (!result.ok) throw new Error(`${step.id}: ${result.error?.message}`);
  items = result.outputs.main ?? [];
}
const ms = performance.now() - t0;
process.stdout.write(`FLOOR ${JSON.stringify({ ms, hwmKb: hwmKb(process.pid), baseKb, items: items.length })}\n`);
