import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import merge from '../../../nodes/merge';
import type { Item } from '../../../nodes/types';
import { runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

const customers = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Bob' },
  { id: 3, name: 'Cy' },
];
const orders = [
  { customerId: '1', total: 10 },
  { customerId: 1, total: 20 },
  { customerId: 9, total: 99 },
];

describe('merge', () => {
  it('appends Input 2 after Input 1 by default', async () => {
    const out = await runNode(merge, { inputs: { a: [{ a: 1 }], b: [{ b: 1 }, { b: 2 }] } });
    expect(out.main).toEqual([{ a: 1 }, { b: 1 }, { b: 2 }]);
  });

  it('works when one input is missing or empty', async () => {
    expect((await runNode(merge, { inputs: { b: [{ b: 1 }] } })).main).toEqual([{ b: 1 }]);
    expect((await runNode(merge, { inputs: { a: [{ a: 1 }], b: [] } })).main).toEqual([{ a: 1 }]);
    expect((await runNode(merge, { inputs: {} })).main).toEqual([]);
  });

  it('joins matching items, Input 2’s fields winning, and drops the rest by default', async () => {
    const out = await runNode(merge, {
      config: { mode: 'byKey', keyA: 'id', keyB: 'customerId' },
      inputs: { a: customers, b: orders },
    });
    expect(out.main).toEqual([
      { id: 1, name: 'Ada', customerId: '1', total: 10 },
      { id: 1, name: 'Ada', customerId: 1, total: 20 },
    ]);
  });

  it('keeps unmatched items from the chosen inputs', async () => {
    const join = (keepUnmatched: string) =>
      runNode(merge, { config: { mode: 'byKey', keyA: 'id', keyB: 'customerId', keepUnmatched }, inputs: { a: customers, b: orders } });
    expect((await join('a')).main.map((i) => i.name ?? i.total)).toEqual(['Ada', 'Ada', 'Bob', 'Cy']);
    expect((await join('b')).main.map((i) => i.total)).toEqual([10, 20, 99]);
    expect((await join('both')).main).toHaveLength(5);
  });

  it('uses the Input 1 field name for Input 2 when left empty, and reads dotted names', async () => {
    const out = await runNode(merge, {
      config: { mode: 'byKey', keyA: 'user.email' },
      inputs: { a: [{ user: { email: 'a@x' }, n: 1 }], b: [{ user: { email: 'a@x' }, plan: 'pro' }, { plan: 'none' }] },
    });
    expect(out.main).toEqual([{ user: { email: 'a@x' }, n: 1, plan: 'pro' }]);
  });

  it('joins with Input 2 missing: every Input 1 item is unmatched', async () => {
    const out = await runNode(merge, { config: { mode: 'byKey', keyA: 'id', keepUnmatched: 'a' }, inputs: { a: customers } });
    expect(out.main).toEqual(customers);
  });

  it('asks for the matching field when joining', () => {
    const result = merge.config.safeParse({ mode: 'byKey' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['keyA'], message: 'Enter the field to match items on.' });
  });

  it('passes on Input 1 only when used as a meeting point', async () => {
    const out = await runNode(merge, { config: { mode: 'waitForAll' }, inputs: { a: [{ a: 1 }], b: [{ b: 1 }] } });
    expect(out.main).toEqual([{ a: 1 }]);
  });
});

describe('merge by key on real data', () => {
  // cars.json of the vega-datasets package (3.2.1): 406 cars; by Origin 254 USA, 79 Japan,
  // 73 Europe (counted with a Python one-liner over the file, not with this node).
  const cars = () => JSON.parse(readFileSync(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];
  const regions: Item[] = [
    { Origin: 'USA', continent: 'North America' },
    { Origin: 'Europe', continent: 'Europe' },
    { Origin: 'Atlantis', continent: 'Nowhere' },
  ];

  it('adds the continent to each car whose origin is listed, and keeps the rest only when asked', async () => {
    const matched = (await runNode(merge, { config: { mode: 'byKey', keyA: 'Origin' }, inputs: { a: cars(), b: regions } })).main;
    expect(matched).toHaveLength(254 + 73);
    expect(matched.filter((c) => c.continent === 'North America')).toHaveLength(254);
    const keepCars = (
      await runNode(merge, { config: { mode: 'byKey', keyA: 'Origin', keepUnmatched: 'a' }, inputs: { a: cars(), b: regions } })
    ).main;
    expect(keepCars).toHaveLength(406);
    expect(keepCars.filter((c) => c.continent === undefined)).toHaveLength(79);
    const both = (
      await runNode(merge, { config: { mode: 'byKey', keyA: 'Origin', keepUnmatched: 'both' }, inputs: { a: cars(), b: regions } })
    ).main;
    expect(both).toHaveLength(406 + 1);
  });
});

describe('merge modes and options (as n8n Merge v3 gives them)', () => {
  const a = [
    { id: 1, name: 'Ann' },
    { id: 2, name: 'Bob' },
    { id: 3, name: 'Cid' },
  ];
  const b = [
    { id: 2, city: 'Lyon', name: 'Robert' },
    { id: 4, city: 'Oslo' },
  ];
  const run = async (config: Record<string, unknown>, inputs: { a: Item[]; b: Item[] } = { a, b }) =>
    (await runNode(merge, { config, inputs })).main;

  it('pairs items by position, leaving extra items out unless asked, with clash rules', async () => {
    expect(await run({ mode: 'byPosition' })).toEqual([
      { id: 2, name: 'Robert', city: 'Lyon' },
      { id: 4, name: 'Bob', city: 'Oslo' },
    ]);
    expect(await run({ mode: 'byPosition', clash: 'preferA', includeUnpaired: true })).toEqual([
      { id: 1, name: 'Ann', city: 'Lyon' },
      { id: 2, name: 'Bob', city: 'Oslo' },
      { id: 3, name: 'Cid' },
    ]);
    expect(await run({ mode: 'byPosition', clash: 'suffix' }, { a: [{ x: 1 }], b: [{ x: 2 }] })).toEqual([{ x_1: 1, x_2: 2 }]);
  });

  it('makes every combination in Input 1 order, and refuses sizes that would fill the memory', async () => {
    expect(await run({ mode: 'allCombinations' }, { a: [{ x: 1 }, { x: 2 }], b: [{ y: 'a' }, { y: 'b' }] })).toEqual([
      { x: 1, y: 'a' },
      { x: 1, y: 'b' },
      { x: 2, y: 'a' },
      { x: 2, y: 'b' },
    ]);
    const big = Array.from({ length: 1001 }, (_, i) => ({ i }));
    await expect(run({ mode: 'allCombinations' }, { a: big, b: big })).rejects.toThrow(/1002001 items, more than 1000000/);
  });

  it('keeps only the items without a match, from either input or both with their source', async () => {
    expect(await run({ mode: 'unmatched', keyA: 'id' })).toEqual([
      { id: 1, name: 'Ann' },
      { id: 3, name: 'Cid' },
    ]);
    expect(await run({ mode: 'unmatched', keyA: 'id', unmatchedFrom: 'both' })).toEqual([
      { id: 1, name: 'Ann', _source: 'input1' },
      { id: 3, name: 'Cid', _source: 'input1' },
      { id: 4, city: 'Oslo', _source: 'input2' },
    ]);
  });

  it('puts unmatched items last when asked (n8n "enrich input 1"), and can give one input\'s matched items', async () => {
    expect(await run({ mode: 'byKey', keyA: 'id', keepUnmatched: 'a', unmatchedLast: true })).toEqual([
      { id: 2, name: 'Robert', city: 'Lyon' },
      { id: 1, name: 'Ann' },
      { id: 3, name: 'Cid' },
    ]);
    expect(await run({ mode: 'byKey', keyA: 'id', matchOutput: 'a' })).toEqual([{ id: 2, name: 'Bob' }]);
    expect(await run({ mode: 'byKey', keyA: 'id', matchOutput: 'b' })).toEqual([{ id: 2, city: 'Lyon', name: 'Robert' }]);
  });

  it('passes on Input 2 or one empty item when used as a meeting point', async () => {
    expect(await run({ mode: 'waitForAll', pass: 'b' })).toEqual(b);
    expect(await run({ mode: 'waitForAll', pass: 'empty' })).toEqual([{}]);
  });
});
