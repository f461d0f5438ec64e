import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import limit from '../../../nodes/limit';
import type { Item } from '../../../nodes/types';
import { runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
/** seattle-weather.csv has no quotes; cells stay text, as a CSV gives them. */
function weather(): Item[] {
  const [header, ...lines] = readFileSync(path.join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
// seattle-weather.csv: 1,461 days, one per line, from 2012-01-01 to 2015-12-31.
const DAYS = 1461;

const run = (config: unknown, items: Item[]) => runNode(limit, { config, inputs: { main: items } });
const dates = (items: Item[]) => items.map((day) => day.date);

describe('limit', () => {
  it('keeps the first 10 days by default', async () => {
    const out = await run({}, weather());
    expect(out.main).toHaveLength(10);
    expect(dates(out.main).slice(0, 2)).toEqual(['2012-01-01', '2012-01-02']);
    expect(out.main.at(-1)?.date).toBe('2012-01-10');
  });

  it('keeps the last days, still in their original order', async () => {
    const out = await run({ count: 3, from: 'last' }, weather());
    expect(dates(out.main)).toEqual(['2015-12-29', '2015-12-30', '2015-12-31']);
  });

  it('keeps everything when asked for more items than there are, and nothing for 0', async () => {
    expect((await run({ count: 5000 }, weather())).main).toHaveLength(DAYS);
    expect((await run({ count: 5000, from: 'last' }, weather())).main).toHaveLength(DAYS);
    expect((await run({ count: 0 }, weather())).main).toEqual([]);
    expect((await run({ count: 0, from: 'last' }, weather())).main).toEqual([]);
  });

  it('accepts a number typed as text and refuses a negative one in plain words', async () => {
    expect((await run({ count: '2' }, weather())).main).toHaveLength(2);
    expect(limit.config.safeParse({ count: -1 }).error?.issues[0].message).toBe('The number of items can not be negative.');
    expect(limit.config.safeParse({ count: 'ten' }).error?.issues[0].message).toBe('Enter a number of items, like 10.');
  });
});
