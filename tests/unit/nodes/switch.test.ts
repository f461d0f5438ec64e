import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import switchNode from '../../../nodes/switch';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
/** seattle-weather.csv has no quotes; cells stay text, as a CSV gives them. */
function weather(): Item[] {
  const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
// Checked with a node one-liner on vega-datasets 3.2.1: 1,461 days: 641 rain, 640 sun, 26 snow,
// 53 drizzle, 101 fog.
const DAYS = 1461;

const is = (outputName: string, field: string, operator: string, value?: unknown) => ({ outputName, field, operator, value });
const route = (config: unknown, items: Item[]) => runNode(switchNode, { config, inputs: { main: items } });
const sizes = (outputs: Record<string, Item[]>) => Object.fromEntries(Object.entries(outputs).map(([id, items]) => [id, items.length]));

describe('switch', () => {
  it('routes the 1,461 Seattle days by weather, the rest to Fallback', async () => {
    const rules = [is('Rain', 'weather', 'equals', 'rain'), is('Sun', 'weather', 'equals', 'sun'), is('Snow', 'weather', 'equals', 'snow')];
    const out = await route({ rules }, weather());
    expect(sizes(out)).toEqual({
      out0: 641,
      out1: 640,
      out2: 26,
      out3: 0,
      out4: 0,
      out5: 0,
      out6: 0,
      out7: 0,
      out8: 0,
      out9: 0,
      fallback: 53 + 101,
    });
    expect(out.out2.every((day) => day.weather === 'snow')).toBe(true);
    expect(new Set(out.fallback.map((day) => day.weather))).toEqual(new Set(['drizzle', 'fog']));
  });

  it('sends an item to the first matching rule only, or to every matching rule', async () => {
    const days = weather();
    const rules = [is('Sunny', 'weather', 'equals', 'sun'), is('Hot', 'temp_max', 'gte', 25)];
    // Counted without the node: temp_max is text like "25.6", read as a number.
    const sunny = days.filter((d) => d.weather === 'sun').length;
    const hot = days.filter((d) => Number(d.temp_max) >= 25).length;
    const hotNotSunny = days.filter((d) => Number(d.temp_max) >= 25 && d.weather !== 'sun').length;
    const neither = days.filter((d) => Number(d.temp_max) < 25 && d.weather !== 'sun').length;
    expect(hot).toBeGreaterThan(hotNotSunny);

    const first = await route({ rules }, days);
    expect([first.out0.length, first.out1.length, first.fallback.length]).toEqual([sunny, hotNotSunny, neither]);
    const all = await route({ rules, mode: 'all' }, days);
    expect([all.out0.length, all.out1.length, all.fallback.length]).toEqual([sunny, hot, neither]);
    expect(first.out0.length + first.out1.length + first.fallback.length).toBe(DAYS);
  });

  it('leaves out items that meet no rule when Fallback is off', async () => {
    const { ctx, logs } = fakeCtx(switchNode, {
      config: { rules: [is('Snow', 'weather', 'equals', 'snow')], fallback: false },
      inputs: { main: weather() },
    });
    const { outputs } = await switchNode.execute(ctx);
    expect(outputs.out0).toHaveLength(26);
    expect(outputs.fallback).toEqual([]);
    expect(logs.map((l) => l.message)).toContain(`${DAYS - 26} items met no rule and were left out.`);
  });

  it('declares 10 fixed outputs and a fallback, whatever the rules are called', () => {
    expect(switchNode.outputs.map((o) => o.id)).toEqual([
      'out0',
      'out1',
      'out2',
      'out3',
      'out4',
      'out5',
      'out6',
      'out7',
      'out8',
      'out9',
      'fallback',
    ]);
    expect(switchNode.outputs[0].label).toBe('Output 1');
    expect(switchNode.outputs.at(-1)?.label).toBe('Fallback');
  });

  it('refuses more than 10 rules and rules without a field, in plain words', async () => {
    const eleven = Array.from({ length: 11 }, (_, n) => is(`R${n}`, 'n', 'equals', n));
    expect(switchNode.config.safeParse({ rules: eleven }).error?.issues[0].message).toMatch(/at most 10 rules/);
    await expect(route({}, [{}])).rejects.toThrow('Rule 1: enter the name of the field to check.');
    await expect(route({ rules: [] }, [{}])).rejects.toThrow('Add at least one rule.');
  });
});

describe('switch by output number', () => {
  /** Runs with each item's own output number, as the engine resolves {{ $json.p }} per item. */
  async function byNumber(items: Item[]) {
    const { ctx } = fakeCtx(switchNode, { config: { routeBy: 'number' }, inputs: { main: items } });
    ctx.configFor = (item) => ({ ...ctx.config, outputNumber: item.p });
    return (await switchNode.execute(ctx)).outputs;
  }

  it('sends each item to the output its own number names, and explains a number out of range', async () => {
    const out = await byNumber([{ p: 2 }, { p: 1 }, { p: '2' }]);
    expect(out.out0).toEqual([{ p: 1 }]);
    expect(out.out1).toEqual([{ p: 2 }, { p: '2' }]);
    await expect(byNumber([{ p: 11 }])).rejects.toThrow('Output number: item 1 gave 11; it must be a whole number from 1 to 10.');
  });
});

describe('switch fallback into a rule output', () => {
  it('puts items that meet no rule on the chosen rule output, in their original order', async () => {
    const items = [{ s: 'apple' }, { s: 'kiwi' }, { s: 'avocado' }];
    const out = await route({ rules: [is('', 's', 'startsWith', 'a')], fallbackTo: 1 }, items);
    expect(out.out0).toEqual(items);
    expect(out.fallback).toEqual([]);
  });
});
