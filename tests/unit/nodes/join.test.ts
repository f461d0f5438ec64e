import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import join from '../../../nodes/join';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA, vegaCsv } from '../../helpers/vega';

const airports = (): Item[] => vegaCsv('airports.csv');
const flights = () => JSON.parse(readFileSync(path.join(VEGA, 'flights-2k.json'), 'utf8')) as Item[];

// Checked with a node one-liner on vega-datasets 3.2.1: 3,376 airports (each iata code once);
// 205 in CA, 209 in TX, 97 in NY, 65 in WA, 5 in DE, 6 in RI. flights-2k.json: 2,000 flights,
// every origin is a known airport.
const AIRPORTS = 3376;
const IN_FOUR_STATES = 205 + 209 + 97 + 65;
const states: Item[] = [
  { state: 'CA', name: 'California' },
  { state: 'TX', name: 'Texas' },
  { state: 'NY', name: 'New York' },
  { state: 'WA', name: 'Washington' },
  { state: 'ZZ', name: 'Nowhere' },
];

const run = (config: unknown, left: Item[], right: Item[]) => runNode(join, { config, inputs: { left, right } });

describe('join', () => {
  it('joins airports to a states table: inner, left and full give different counts', async () => {
    const list = airports();
    expect(list).toHaveLength(AIRPORTS);
    // Counted without the node, from the states table.
    const codes = new Set(states.map((s) => s.state));
    expect(list.filter((a) => codes.has(a.state))).toHaveLength(IN_FOUR_STATES);

    const inner = await run({ leftKey: 'state' }, list, states);
    expect(inner.main).toHaveLength(IN_FOUR_STATES);
    expect((await run({ leftKey: 'state', type: 'left' }, list, states)).main).toHaveLength(AIRPORTS);
    const full = await run({ leftKey: 'state', type: 'full' }, list, states);
    // Every airport, plus the state nobody flies to.
    expect(full.main).toHaveLength(AIRPORTS + 1);
    expect(full.main.at(-1)).toEqual({ state: 'ZZ', name: 'Nowhere' });
  });

  it('renames the Right field when both sides have one with the same name', async () => {
    const sea = airports().find((a) => a.iata === 'SEA');
    const [row] = (await run({ leftKey: 'state' }, [sea as Item], states)).main;
    expect(row).toEqual({ ...sea, right_name: 'Washington' });
    const [suffixed] = (await run({ leftKey: 'state', clashPlace: 'suffix', clashText: '_state' }, [sea as Item], states)).main;
    expect(suffixed.name_state).toBe('Washington');
    const [replaced] = (await run({ leftKey: 'state', clashText: '' }, [sea as Item], states)).main;
    expect(replaced.name).toBe('Washington');
  });

  it('adds the origin airport to each of the 2,000 flights, keeping both matching fields when named differently', async () => {
    const out = await run({ leftKey: 'origin', rightKey: 'iata', clashText: 'airport_' }, flights(), airports());
    expect(out.main).toHaveLength(2000);
    expect(out.main[0]).toMatchObject({ origin: 'LAX', iata: 'LAX', city: 'Los Angeles', state: 'CA' });
  });

  it('gives every pair when keys repeat on both sides', async () => {
    const small = airports().filter((a) => a.state === 'DE' || a.state === 'RI');
    expect(small).toHaveLength(11);
    const out = await run({ leftKey: 'state', clashText: 'other_' }, small, small);
    // 5 × 5 Delaware pairs + 6 × 6 Rhode Island pairs.
    expect(out.main).toHaveLength(25 + 36);
    expect(out.main.filter((pair) => pair.iata === pair.other_iata)).toHaveLength(11);
  });

  it('matches 7 with "7", never matches empty keys, and keeps unmatched Right items last in a full join', async () => {
    const left = [{ id: 7, a: 1 }, { id: '', a: 2 }, { a: 3 }];
    const right = [
      { id: '7', b: 1 },
      { id: null, b: 2 },
      { id: 8, b: 3 },
    ];
    expect((await run({ leftKey: 'id' }, left, right)).main).toEqual([{ id: 7, a: 1, b: 1 }]);
    expect((await run({ leftKey: 'id', type: 'full' }, left, right)).main).toEqual([
      { id: 7, a: 1, b: 1 },
      { id: '', a: 2 },
      { a: 3 },
      { id: null, b: 2 },
      { id: 8, b: 3 },
    ]);
  });

  it('works when one input has no items, and warns when nothing matches', async () => {
    expect((await runNode(join, { config: { leftKey: 'state' }, inputs: { left: states } })).main).toEqual([]);
    expect((await runNode(join, { config: { leftKey: 'state', type: 'left' }, inputs: { left: states } })).main).toEqual(states);
    const { ctx, logs } = fakeCtx(join, { config: { leftKey: 'name' }, inputs: { left: states, right: airports() } });
    expect((await join.execute(ctx)).outputs.main).toEqual([]);
    expect(logs.find((l) => l.level === 'warn')?.message).toMatch(/No Left item matched a Right item on "name"/);
  });

  it('does not let a field named __proto__ change an item', async () => {
    const right = [JSON.parse('{"id": 1, "__proto__": {"polluted": true}}') as Item];
    const [row] = (await run({ leftKey: 'id' }, [{ id: 1 }], right)).main;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.hasOwn(row, '__proto__')).toBe(true);
  });

  it('asks for the matching field in plain words', () => {
    const result = join.config.safeParse({});
    expect(result.error?.issues[0]).toMatchObject({ path: ['leftKey'], message: 'Enter the field to match on in Left, like id.' });
  });
});
