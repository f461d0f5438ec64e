/**
 * Sort past its in-memory limit (nodes/lib/external-sort.ts): with the limit lowered to a few
 * items, the streamed Sort writes sorted parts to disk and merges them, and must give exactly
 * what the in-memory sort gives (`execute`): same order, ties in input order, numbers before
 * text before missing values, case rules, several fields. Its temporary files are gone after the
 * step, also when it fails or is stopped.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sort from '../../../nodes/sort';
import { externalSort, removeLeftSorts, spillSettings } from '../../../nodes/lib/external-sort';
import { sortOrder } from '../../../nodes/lib/sort-order';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';

const PAGE = 1000;
type SortContext = Parameters<NonNullable<typeof sort.stream>>[0];
const defaultRunItems = spillSettings.runItems;

let tempDir: string;
beforeEach(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'sort-spill-'));
});
afterEach(async () => {
  spillSettings.runItems = defaultRunItems;
  await rm(tempDir, { recursive: true, force: true });
});

/** Values of every kind Sort meets: numbers, numbers as text, text in both cases, nulls, blanks, objects, many repeats. */
function mixed(i: number): unknown {
  switch (i % 11) {
    case 0:
      return (i * 7919) % 50;
    case 1:
      return String((i * 31) % 40);
    case 2:
      return null;
    case 3:
      return ['Paris', 'paris', 'Zürich', 'item 10', 'item 2', 'apple'][i % 6];
    case 4:
      return '  ';
    case 5:
      return -((i * 13) % 9) / 4;
    case 6:
      return i % 2 === 0;
    case 7:
      return { city: ['b', 'a'][i % 2] };
    case 8:
      return undefined;
    case 9:
      return '';
    default:
      return 'PARIS';
  }
}

/** Items as a step gets them from stored pages: JSON (no undefined fields, no -0). */
function items(n: number): Item[] {
  const made = Array.from({ length: n }, (_, i) => ({ n: i, group: `g${(i * 17) % 5}`, value: mixed(i), nested: { at: mixed(i * 3) } }));
  return JSON.parse(JSON.stringify(made)) as Item[];
}

async function executed(config: unknown, input: Item[]) {
  const fake = fakeCtx(sort, { config, inputs: { main: input } });
  const out = await sort.execute(fake.ctx);
  return { items: out.outputs.main, warnings: fake.warnings };
}

/** The streamed Sort over `input` in pages of PAGE, with its temporary files under `tempDir`. */
async function streamed(config: unknown, input: AsyncIterable<Item[]> | Item[], options: { stopAfterPages?: number } = {}) {
  const fake = fakeCtx(sort, { config });
  const source = Array.isArray(input)
    ? (async function* () {
        for (let i = 0; i < input.length; i += PAGE) yield input.slice(i, i + PAGE);
      })()
    : input;
  const ctx = Object.assign(fake.ctx, { pages: () => source, tempDir }) as SortContext;
  const out: Item[] = [];
  let pages = 0;
  for await (const chunk of sort.stream!(ctx)) {
    out.push(...chunk.main);
    if (options.stopAfterPages !== undefined && ++pages === options.stopAfterPages) fake.controller.abort(new Error('stopped'));
  }
  return { items: out, warnings: fake.warnings };
}

const configs: Array<[string, unknown]> = [
  ['one field, mixed kinds', { keys: [{ field: 'value' }] }],
  ['largest first, missing still last', { keys: [{ field: 'value', direction: 'desc' }] }],
  [
    'two fields, one inside another',
    {
      keys: [
        { field: 'group', direction: 'desc' },
        { field: 'nested.at', direction: 'asc' },
      ],
    },
  ],
  ['ignoring case', { keys: [{ field: 'value' }], ignoreCase: true }],
  ['a field no item has', { keys: [{ field: 'value' }, { field: 'nope' }] }],
];

describe.each([
  [25, 4],
  [1001, 100],
  [100_000, 7000],
])('at %i items, spilling every %i', (n, runItems) => {
  const input = items(n);
  it.each(configs)('%s: gives exactly the in-memory order and warnings', async (_, config) => {
    spillSettings.runItems = runItems;
    const all = await executed(config, input);
    const paged = await streamed(config, input);
    expect(paged.items.map((item) => item.n)).toEqual(all.items.map((item) => item.n));
    expect(paged.items).toEqual(all.items);
    expect(paged.warnings).toEqual(all.warnings);
    expect(await readdir(tempDir)).toEqual([]);
  });
});

it('writes the parts to disk and merges them: the parts counted, equal items in input order', async () => {
  const input = Array.from({ length: 1001 }, (_, i) => ({ n: i, k: i % 3 }));
  async function* pages() {
    for (let i = 0; i < input.length; i += 100) yield input.slice(i, i + 100);
  }
  const sorted = externalSort(pages(), {
    fields: [{ name: 'k', descending: false }],
    ignoreCase: false,
    tempDir,
    signal: new AbortController().signal,
    runItems: 10,
  });
  const out: Item[] = [];
  let dirsWhileMerging: string[] = [];
  for await (const page of sorted.pages) {
    if (out.length === 0) dirsWhileMerging = await readdir(tempDir);
    out.push(...page);
  }
  expect(sorted.runs()).toBe(101);
  expect(dirsWhileMerging).toHaveLength(1);
  expect(await readdir(path.join(tempDir, dirsWhileMerging[0])).catch(() => 'removed')).toBe('removed');
  for (const k of [0, 1, 2]) {
    const ns = out.filter((item) => item.k === k).map((item) => item.n as number);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
  }
  expect(out.map((item) => item.k)).toEqual([...input.map((item) => item.k)].sort());
  // Same as sorting all at once.
  const { order } = sortOrder(input, [{ name: 'k', descending: false }], false);
  expect(out).toEqual(Array.from(order, (i) => input[i]));
});

it('removes its temporary files when the input fails part-way', async () => {
  spillSettings.runItems = 50;
  const input = items(1000);
  async function* failing() {
    yield input.slice(0, 300);
    yield input.slice(300, 600);
    throw new Error('The database went away');
  }
  await expect(streamed({ keys: [{ field: 'value' }] }, failing())).rejects.toThrow('The database went away');
  expect(await readdir(tempDir)).toEqual([]);
});

it('removes its temporary files when the step is stopped while merging', async () => {
  spillSettings.runItems = 500;
  const input = items(5000);
  await expect(streamed({ keys: [{ field: 'group' }] }, input, { stopAfterPages: 1 })).rejects.toThrow('stopped');
  expect(await readdir(tempDir)).toEqual([]);
});

it('removes its temporary files when whoever reads its pages stops early', async () => {
  spillSettings.runItems = 100;
  const fake = fakeCtx(sort, { config: { keys: [{ field: 'n', direction: 'desc' }] } });
  const input = items(2500);
  async function* pages() {
    for (let i = 0; i < input.length; i += PAGE) yield input.slice(i, i + PAGE);
  }
  const ctx = Object.assign(fake.ctx, { pages, tempDir }) as SortContext;
  for await (const chunk of sort.stream!(ctx)) {
    expect(chunk.main[0].n).toBe(2499);
    expect(await readdir(tempDir)).toHaveLength(1);
    break;
  }
  expect(await readdir(tempDir)).toEqual([]);
});

it("at a worker start, removes the parts a killed process left, and no one else's", async () => {
  // A process that has ended: its id no longer runs.
  const ended = spawnSync(process.execPath, ['-e', '']).pid;
  await mkdir(path.join(tempDir, `sort-${ended}-abc`));
  await writeFile(path.join(tempDir, `sort-${ended}-abc`, 'run-0.jsonl'), '[[1],{"n":1}]\n');
  await mkdir(path.join(tempDir, `sort-${process.pid}-def`));
  await mkdir(path.join(tempDir, `sort-${process.ppid}-ghi`));
  await mkdir(path.join(tempDir, 'notes'));
  expect(await removeLeftSorts(tempDir)).toBe(1);
  expect((await readdir(tempDir)).sort()).toEqual(['notes', `sort-${process.pid}-def`, `sort-${process.ppid}-ghi`].sort());
  // No folder yet (a fresh data folder): nothing to do.
  expect(await removeLeftSorts(path.join(tempDir, 'absent'))).toBe(0);
});

it('spills wide items sooner: by their size as JSON, not only by their number', async () => {
  const input = Array.from({ length: 600 }, (_, i) => ({ n: i, k: (i * 37) % 11, text: 'x'.repeat(2000) }));
  async function* pages() {
    for (let i = 0; i < input.length; i += 100) yield input.slice(i, i + 100);
  }
  const fields = [{ name: 'k', descending: true }];
  // 600 items of ~2 KB, at most ~100 KB per part: about 50 items per part, far below 100,000.
  const sorted = externalSort(pages(), { fields, ignoreCase: false, tempDir, signal: new AbortController().signal, runBytes: 100_000 });
  const out: Item[] = [];
  for await (const page of sorted.pages) out.push(...page);
  expect(sorted.runs()).toBeGreaterThanOrEqual(10);
  expect(sorted.runs()).toBeLessThanOrEqual(20);
  const { order } = sortOrder(input, fields, false);
  expect(out).toEqual(Array.from(order, (i) => input[i]));
  expect(await readdir(tempDir)).toEqual([]);
});
