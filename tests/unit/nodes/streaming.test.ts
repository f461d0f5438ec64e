/**
 * Every step with `stream` gives, page by page, exactly what its `execute` gives with all items
 * at once: the same items per handle in the same order, the same log lines and warnings, the
 * same file. At the sizes users have: 25 (one page), 1,001 (a page and one item) and 100,000.
 * The items change shape across pages (a column that appears late, a field some lack), which is
 * where a page-by-page step would differ from one that sees everything.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType, nodeTypes } from '../../../nodes';
import type { HandleItems, Item, NodeDefinition, StreamContext } from '../../../nodes/types';
import { fakeCtx, type FakeOptions } from './fake-ctx';

const PAGE = 1000;

/** Rows like a real export: a column that only late rows have, and a field some rows lack. */
function rows(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => {
    const item: Item = { id: String(i), group: `g${i % 7}`, value: String((i * 7919) % 1000), flag: i % 3 === 0 ? 'yes' : 'no' };
    if (i % 5 !== 0) item.name = `item-${i}`;
    if (i >= n - 3) item.note = `late ${i}`;
    return item;
  });
}

function csvOf(items: Item[]): string {
  const columns = ['id', 'group', 'value', 'flag', 'name'];
  return `${columns.join(',')}\n${items.map((item) => columns.map((c) => String(item[c] ?? '')).join(',')).join('\n')}\n`;
}

async function executed(def: NodeDefinition, options: FakeOptions) {
  const fake = fakeCtx(def, options);
  const outputs = (await def.execute(fake.ctx)).outputs;
  return { outputs, logs: fake.logs, warnings: fake.warnings };
}

async function streamed(def: NodeDefinition, options: FakeOptions) {
  const items = options.inputs?.main ?? [];
  const fake = fakeCtx(def, { ...options, inputs: {} });
  async function* pages() {
    for (let i = 0; i < items.length; i += PAGE) yield items.slice(i, i + PAGE);
  }
  const ctx: StreamContext<unknown> = Object.assign(fake.ctx, { pages });
  const outputs: HandleItems = {};
  for await (const chunk of def.stream!(ctx)) {
    for (const [handle, list] of Object.entries(chunk)) {
      const all = (outputs[handle] ??= []);
      for (const item of list) all.push(item);
    }
  }
  return { outputs, logs: fake.logs, warnings: fake.warnings };
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'streaming-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Each case: a step, its settings, and whether it reads its input (Load steps read a file instead). */
const cases: Array<{ id: string; label: string; config: Record<string, unknown>; file?: (n: number) => string }> = [
  {
    id: 'filter',
    label: 'keeps and discards',
    config: { conditions: [{ field: 'value', operator: 'gte', value: '500' }], combine: 'and' },
  },
  { id: 'filter', label: 'warns about a field no item has', config: { conditions: [{ field: 'valu', operator: 'gte', value: '5' }] } },
  {
    id: 'aggregate',
    label: 'groups',
    config: {
      groupBy: 'group',
      calculations: [
        { operation: 'count', field: '', outputName: 'rows' },
        { operation: 'sum', field: 'value', outputName: 'total' },
        { operation: 'mean', field: 'value', outputName: 'mean' },
        { operation: 'first', field: 'name', outputName: 'firstName' },
        { operation: 'last', field: 'note', outputName: 'lastNote' },
      ],
    },
  },
  {
    id: 'aggregate',
    label: 'sums everything, naming a missing column',
    config: { groupBy: '', calculations: [{ operation: 'sum', field: 'nope' }] },
  },
  {
    id: 'rename-columns',
    label: 'renames, one column unknown',
    config: {
      action: 'rename',
      renames: [
        { from: 'name', to: 'label' },
        { from: 'nope', to: 'x' },
      ],
    },
  },
  { id: 'rename-columns', label: 'keeps a late column', config: { action: 'select', columns: 'note, id, missing' } },
  { id: 'rename-columns', label: 'drops columns', config: { action: 'drop', columns: 'flag, group' } },
  {
    id: 'fix-types',
    label: 'converts chosen columns',
    config: {
      mode: 'columns',
      columns: [
        { column: 'value', type: 'number' },
        { column: 'name', type: 'number' },
        { column: 'nope', type: 'integer' },
      ],
    },
  },
  { id: 'fix-types', label: 'detects types', config: { mode: 'detect', leave: 'id' } },
  {
    id: 'sort',
    label: 'sorts by two fields, ties in input order',
    config: {
      keys: [
        { field: 'group', direction: 'desc' },
        { field: 'value', direction: 'asc' },
      ],
    },
  },
  { id: 'sort', label: 'sorts on a field some lack, warns about one none has', config: { keys: [{ field: 'name' }, { field: 'nope' }] } },
  { id: 'load-csv', label: 'reads a file', config: { source: 'file', path: 'rows.csv' }, file: () => 'rows.csv' },
  {
    id: 'load-csv',
    label: 'reads a file, detecting types',
    config: { source: 'file', path: 'rows.csv', inferTypes: true },
    file: () => 'rows.csv',
  },
  { id: 'load-json', label: 'reads a JSON list', config: { source: 'file', path: 'rows.json' }, file: () => 'rows.json' },
  {
    id: 'load-json',
    label: 'reads a list inside an object',
    config: { source: 'file', path: 'wrapped.json', listPath: 'data.items' },
    file: () => 'wrapped.json',
  },
  { id: 'load-json', label: 'reads JSON Lines', config: { source: 'file', path: 'rows.jsonl' }, file: () => 'rows.jsonl' },
  { id: 'save-csv', label: 'writes every column', config: { path: 'out.csv', ifExists: 'overwrite' }, file: () => 'out.csv' },
  {
    id: 'save-csv',
    label: 'writes chosen columns',
    config: { path: 'out.csv', ifExists: 'overwrite', columns: 'chosen', columnList: 'name, id' },
    file: () => 'out.csv',
  },
];

describe.each([25, 1001, 100_000])('streamed steps at %i items', (n) => {
  const items = rows(n);
  beforeAll(async () => {
    await writeFile(path.join(dataDir, 'rows.csv'), csvOf(items));
    await writeFile(path.join(dataDir, 'rows.json'), JSON.stringify(items));
    await writeFile(path.join(dataDir, 'wrapped.json'), JSON.stringify({ data: { items } }));
    await writeFile(path.join(dataDir, 'rows.jsonl'), `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  });

  it.each(cases)('$id ($label) gives what it gives with all items at once', async ({ id, config, file }) => {
    const def = getNodeType(id)!;
    const options = { config, inputs: { main: items }, dataDir };
    const all = await executed(def, options);
    const written = id.startsWith('save') && file ? await readFile(path.join(dataDir, file(n)), 'utf8') : null;
    const paged = await streamed(def, options);
    const streamedFile = id.startsWith('save') && file ? await readFile(path.join(dataDir, file(n)), 'utf8') : null;
    expect(paged.outputs).toEqual(all.outputs);
    expect(Object.keys(paged.outputs)).toEqual(Object.keys(all.outputs));
    expect(paged.logs).toEqual(all.logs);
    expect(paged.warnings).toEqual(all.warnings);
    expect(streamedFile).toEqual(written);
  });
});

it('every step that can stream is tested here', () => {
  const streaming = nodeTypes.filter((def) => def.stream).map((def) => def.id);
  expect([...new Set(cases.map((c) => c.id))].sort()).toEqual(streaming.sort());
});
