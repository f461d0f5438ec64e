/**
 * The big-data workloads, defined once for the engine run (bench/big-data.ts) and for its
 * floor (the same nodes called in one process with nothing stored, big-data-floor.ts).
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { once } from 'node:events';
import type { Item } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';

export interface Step {
  id: string;
  type: string;
  config: Record<string, unknown>;
}

export interface Workload {
  name: 'csv' | 'code' | 'flights' | 'sort';
  label: string;
  /** Started by a webhook (GET /webhook/<name>?k=rows, answered when done) or by hand. */
  trigger: 'webhook' | 'manual';
  steps: Step[];
  /** The items the trigger hands to the first step. */
  input: Item[];
  /** The step whose output is the largest (read back page by page). */
  largest: string;
}

const aggregate = (groupBy: string, calculations: Array<[string, string, string]>): Step['config'] => ({
  groupBy,
  calculations: calculations.map(([operation, field, outputName]) => ({ operation, field, outputName })),
});

export function workloads(rows: number): Workload[] {
  return [
    {
      name: 'csv',
      label: `(a) ${rows.toLocaleString('en')}-row CSV: load → filter → aggregate → save`,
      trigger: 'manual',
      input: [{}],
      largest: 'load',
      steps: [
        { id: 'load', type: 'load-csv', config: { source: 'file', path: 'bench/rows.csv' } },
        { id: 'filter', type: 'filter', config: { conditions: [{ field: 'value', operator: 'gte', value: '500' }], combine: 'and' } },
        {
          id: 'group',
          type: 'aggregate',
          config: aggregate('group', [
            ['count', '', 'rows'],
            ['sum', 'value', 'total'],
            ['mean', 'value', 'mean'],
          ]),
        },
        { id: 'save', type: 'save-csv', config: { path: 'bench/out/groups.csv', ifExists: 'overwrite' } },
      ],
    },
    {
      name: 'code',
      label: `(b) ${rows.toLocaleString('en')} items made in a code node, grouped, answered (webhook)`,
      trigger: 'webhook',
      input: [{ method: 'GET', path: 'code', query: { k: String(rows) }, headers: {}, body: null }],
      largest: 'gen',
      steps: [
        {
          id: 'gen',
          type: 'code',
          config: {
            mode: 'all',
            code: "const k = Number(items[0].query.k);\nconst out = new Array(k);\nfor (let i = 0; i < k; i++) out[i] = { id: i, value: i % 1000, group: 'g' + (i % 10) };\nreturn out;",
            timeoutMs: 120_000,
            memoryLimitMb: 2048,
          },
        },
        {
          id: 'group',
          type: 'aggregate',
          config: aggregate('group', [
            ['count', '', 'count'],
            ['sum', 'value', 'sum'],
          ]),
        },
      ],
    },
    {
      name: 'flights',
      label: '(c) flights-200k.json (vega-datasets): load-json → aggregate',
      trigger: 'manual',
      input: [{}],
      largest: 'load',
      steps: [
        { id: 'load', type: 'load-json', config: { source: 'file', path: 'bench/flights-200k.json' } },
        {
          id: 'group',
          type: 'aggregate',
          config: aggregate('', [
            ['count', '', 'flights'],
            ['mean', 'delay', 'meanDelay'],
            ['max', 'delay', 'maxDelay'],
            ['sum', 'distance', 'miles'],
          ]),
        },
      ],
    },
    {
      name: 'sort',
      label: `(d) ${rows.toLocaleString('en')}-row CSV: load → sort → save`,
      trigger: 'manual',
      input: [{}],
      largest: 'sort',
      steps: [
        { id: 'load', type: 'load-csv', config: { source: 'file', path: 'bench/rows.csv' } },
        {
          id: 'sort',
          type: 'sort',
          config: {
            keys: [
              { field: 'value', direction: 'desc' },
              { field: 'name', direction: 'asc' },
            ],
          },
        },
        { id: 'save', type: 'save-csv', config: { path: 'bench/out/sorted.csv', ifExists: 'overwrite' } },
      ],
    },
  ];
}

export function workloadDoc(w: Workload): WorkflowDocument {
  const wf = new WorkflowBuilder(`big-data ${w.name}`);
  let prev =
    w.trigger === 'webhook'
      ? wf.add(
          'webhook-trigger',
          { path: `big-${w.name}`, method: 'GET', respond: 'whenDone', responseTimeoutSeconds: 300 },
          { id: 'trigger' },
        )
      : wf.add('manual-trigger', {}, { id: 'trigger' });
  for (const step of w.steps) {
    const next = wf.add(step.type, step.config, { id: step.id });
    wf.connect(prev, next);
    prev = next;
  }
  return wf.toDocument();
}

/** Writes the generated CSV and copies flights-200k.json into `<filesDir>/bench/`. */
export async function prepareFiles(filesDir: string, rows: number): Promise<void> {
  const dir = path.join(filesDir, 'bench');
  await mkdir(path.join(dir, 'out'), { recursive: true });
  const out = createWriteStream(path.join(dir, 'rows.csv'));
  out.write('id,group,value,flag,name\n');
  const batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    batch.push(`${i},g${i % 10},${(i * 7919) % 1000},${i % 3 === 0 ? 'yes' : 'no'},item-${i}\n`);
    if (batch.length === 10_000 || i === rows - 1) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
  const require = createRequire(import.meta.url);
  const data = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data');
  await copyFile(path.join(data, 'flights-200k.json'), path.join(dir, 'flights-200k.json'));
}
