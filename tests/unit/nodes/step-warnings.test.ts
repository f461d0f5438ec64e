/**
 * Step warnings (`ctx.warn`): the step worked, but what it did is likely not what was meant.
 * Each case here once gave a wrong result that looked like success.
 */
import { describe, expect, it } from 'vitest';
import aggregate from '../../../nodes/aggregate';
import filter from '../../../nodes/filter';
import join from '../../../nodes/join';
import removeDuplicates from '../../../nodes/remove-duplicates';
import sort from '../../../nodes/sort';
import type { Item, NodeDefinition } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';

const orders: Item[] = [
  { id: 1, amount: 120, state: 'WA' },
  { id: 2, amount: 80, state: 'OR' },
];

async function warningsOf(def: NodeDefinition, config: unknown, inputs: Record<string, Item[]>) {
  const { ctx, warnings } = fakeCtx(def, { config, inputs });
  const { outputs } = await def.execute(ctx);
  return { outputs, warnings };
}

describe('step warnings', () => {
  it('Filter on a field no item has keeps nothing and warns, naming the field', async () => {
    const { outputs, warnings } = await warningsOf(
      filter,
      { conditions: [{ field: 'amonut', operator: 'gt', value: '100' }] },
      { main: orders },
    );
    expect(outputs.main).toEqual([]);
    expect(warnings).toEqual(['No item has the field "amonut". Check the spelling.']);
  });

  it('Filter on fields the items have gives no warning, even when it keeps nothing', async () => {
    const { outputs, warnings } = await warningsOf(
      filter,
      { conditions: [{ field: 'amount', operator: 'gt', value: '1000' }] },
      { main: orders },
    );
    expect(outputs.main).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('Sort, Aggregate and Remove duplicates warn about a field no item has', async () => {
    expect((await warningsOf(sort, { keys: [{ field: 'amout', direction: 'asc' }] }, { main: orders })).warnings).toHaveLength(1);
    expect((await warningsOf(aggregate, { groupBy: 'sate' }, { main: orders })).warnings).toHaveLength(1);
    expect((await warningsOf(removeDuplicates, { compare: 'columns', columns: 'idd' }, { main: orders })).warnings).toHaveLength(1);
  });

  it('Join warns when no item matched', async () => {
    const { outputs, warnings } = await warningsOf(
      join,
      { leftKey: 'id', rightKey: 'order_id' },
      { left: orders, right: [{ order_id: 9 }] },
    );
    expect(outputs.main).toEqual([]);
    expect(warnings[0]).toMatch(/No Left item matched a Right item/);
  });
});
