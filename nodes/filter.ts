import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { combineField, fieldCondition, ignoreCaseField, passes, prepareFieldTest } from './lib/conditions';
import { quoteList } from './lib/column-list';
import { fieldsNoItemHas, missingFieldsTracker } from './lib/item-fields';

const config = z.object({
  conditions: field(
    // One blank row by default so the form opens ready to fill in.
    z.array(fieldCondition).default([{ field: '', operator: 'equals', value: '' }]),
    {
      label: 'Conditions',
      help: 'The same checks as the If step. Each one looks at a field of the item, so no expression is needed.',
      widget: 'list',
    },
  ),
  combine: combineField('Keep an item when'),
  ignoreCase: ignoreCaseField(),
});

export default defineNode({
  id: 'filter',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Filter',
  description: 'Keeps the items that meet your conditions; the others go to "Discarded".',
  icon: 'filter',
  config,
  inputs: [MAIN],
  outputs: [
    { id: 'main', label: 'Kept' },
    { id: 'discarded', label: 'Discarded' },
  ],
  example: {
    conditions: [
      { field: 'status', operator: 'equals', value: 'paid' },
      { field: 'amount', operator: 'gt', value: '100' },
    ],
    combine: 'and',
  },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    if (cfg.conditions.length === 0) throw new Error('Add at least one condition.');
    // Read once for all items: the "compare with" values are the same for every item.
    const tests = cfg.conditions.map((row, n) => prepareFieldTest(row, cfg.ignoreCase, `Condition ${n + 1}`));
    const kept: Item[] = [];
    const discarded: Item[] = [];
    for (const item of items) (passes(item, tests, cfg.combine) ? kept : discarded).push(item);
    const unknown = fieldsNoItemHas(
      items,
      tests.map((test) => test.field),
    );
    if (unknown.length > 0) ctx.warn(`No item has the field ${quoteList(unknown)}. Check the spelling.`);
    ctx.log.info(`Kept ${kept.length} of ${items.length} items; ${discarded.length} discarded.`);
    return { outputs: { main: kept, discarded } };
  },
  async *stream(ctx) {
    const cfg = ctx.config;
    if (cfg.conditions.length === 0) throw new Error('Add at least one condition.');
    const tests = cfg.conditions.map((row, n) => prepareFieldTest(row, cfg.ignoreCase, `Condition ${n + 1}`));
    const fields = missingFieldsTracker(tests.map((test) => test.field));
    let keptCount = 0;
    let discardedCount = 0;
    for await (const items of ctx.pages()) {
      const kept: Item[] = [];
      const discarded: Item[] = [];
      for (const item of items) (passes(item, tests, cfg.combine) ? kept : discarded).push(item);
      fields.see(items);
      keptCount += kept.length;
      discardedCount += discarded.length;
      yield { main: kept, discarded };
    }
    // Both handles exist even when no page came.
    yield { main: [], discarded: [] };
    const unknown = fields.missing();
    if (unknown.length > 0) ctx.warn(`No item has the field ${quoteList(unknown)}. Check the spelling.`);
    ctx.log.info(`Kept ${keptCount} of ${keptCount + discardedCount} items; ${discardedCount} discarded.`);
  },
});
