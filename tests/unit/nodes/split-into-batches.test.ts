import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import splitIntoBatches from '../../../nodes/split-into-batches';
import splitOut from '../../../nodes/split-out';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

// Real public data from the vega-datasets package (dev dependency), read straight from disk.
// cars.json in vega-datasets 3.2.1 holds 406 cars (counted with a node one-liner).
const cars = JSON.parse(readFileSync(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];

const batches = (config: unknown, items: Item[]) => runNode(splitIntoBatches, { config, inputs: { main: items } });

describe('split-into-batches', () => {
  it('groups the 406 cars into batches of 100, the last one holding the 6 left over', async () => {
    expect(cars).toHaveLength(406);
    const out = await batches({ batchSize: 100 }, cars);
    expect(out.main.map((b) => b.itemCount)).toEqual([100, 100, 100, 100, 6]);
    expect(out.main.map((b) => b.batchNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(out.main.every((b) => b.batchCount === 5)).toBe(true);
    expect((out.main[4].items as Item[]).map((car) => car.Name)).toEqual(cars.slice(400).map((car) => car.Name));
  });

  it('gives back the same cars, in order, when "Split out a list" takes the batches apart', async () => {
    const grouped = await batches({ batchSize: 64, listField: 'rows' }, cars);
    const back = await runNode(splitOut, {
      config: { field: 'rows', into: 'merge', keepOtherFields: false },
      inputs: { main: grouped.main },
    });
    expect(back.main).toEqual(cars);
  });

  it('makes one batch when the size is larger than the item count, and none for no items', async () => {
    const one = await batches({ batchSize: 1000 }, cars);
    expect(one.main).toHaveLength(1);
    expect(one.main[0]).toMatchObject({ batchNumber: 1, batchCount: 1, itemCount: 406 });
    expect((await batches({}, [])).main).toEqual([]);
  });

  it('says in its logs how the items were grouped', async () => {
    const { ctx, logs } = fakeCtx(splitIntoBatches, { config: { batchSize: 100 }, inputs: { main: cars } });
    await splitIntoBatches.execute(ctx);
    expect(logs).toEqual([{ level: 'info', message: '406 items in 5 batches of up to 100.' }]);
  });

  it('refuses a batch size under 1 and a list field that clashes with its own fields, in plain words', () => {
    expect(splitIntoBatches.config.safeParse({ batchSize: 0 }).error?.issues[0]).toMatchObject({
      path: ['batchSize'],
      message: 'A batch holds at least 1 item.',
    });
    expect(splitIntoBatches.config.safeParse({ batchSize: 2.5 }).error?.issues[0].message).toBe(
      'Enter how many items go in one batch, like 100.',
    );
    expect(splitIntoBatches.config.safeParse({ listField: 'batchNumber' }).error?.issues[0].message).toMatch(/Pick another name/);
    expect(splitIntoBatches.config.parse({ batchSize: '25' })).toEqual({ batchSize: 25, listField: 'items' });
  });
});
