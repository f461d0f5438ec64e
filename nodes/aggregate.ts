import { z } from 'zod';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { Accumulator, GroupIndex, OPERATION_LABELS, OPERATIONS, type Operation } from './lib/aggregations';
import { columnListField, columnNames, quoteList } from './lib/column-list';
import { fieldReader, fieldTarget, missingFieldsTracker, putField, type FieldTarget } from './lib/item-fields';

const calculation = z.object({
  operation: field(z.enum(OPERATIONS).default('count'), {
    label: 'Calculate',
    widget: 'select',
    optionLabels: OPERATION_LABELS,
  }),
  field: field(z.string().trim().default(''), {
    label: 'Of the field',
    widget: 'field-name',
    help: 'Like price, or address.city for a field inside another. Not needed for "Count items".',
    placeholder: 'price',
  }),
  outputName: field(z.string().trim().default(''), {
    label: 'Name of the result',
    help: 'The field the result is written to. Leave empty for a name like mean_price.',
    placeholder: 'mean_price',
  }),
});

const config = z.object({
  groupBy: columnListField({
    label: 'Group by',
    help: 'Columns whose values form the groups, like country or country, city. Leave empty to summarise all items together.',
  }),
  calculations: field(z.array(calculation).default([{ operation: 'count', field: '', outputName: '' }]), {
    label: 'Calculations',
    help:
      'Each row adds one result to every group. Sum, average, median, smallest and largest use only numbers ' +
      '(numbers written as text count too) and skip empty and non-number values. ' +
      'First value, last value, list and count different values skip empty values. Count items counts every item.',
    widget: 'list',
  }),
});

interface Plan {
  operation: Operation;
  field: string;
  /** Reads the field; nothing for "count", which does not look at a field. */
  read: ((item: Item) => unknown) | undefined;
  target: FieldTarget;
}

function planOf(rows: z.output<typeof calculation>[], groupBy: string[]): Plan[] {
  const names = new Set(groupBy);
  return rows.map((row, n) => {
    const where = `Calculation ${n + 1}`;
    if (row.operation !== 'count' && row.field === '') throw new Error(`${where}: enter the field to calculate with.`);
    const name = row.outputName || (row.operation === 'count' ? 'count' : `${row.operation}_${row.field.replaceAll('.', '_')}`);
    if (names.has(name)) {
      throw new Error(`${where}: the result name "${name}" is already used. Fill in "Name of the result" with another name.`);
    }
    names.add(name);
    const read = row.operation === 'count' ? undefined : fieldReader(row.field);
    return { operation: row.operation, field: row.field, read, target: fieldTarget(name, where) };
  });
}

interface Group {
  /** The first item of the group, for the values of the group-by columns. */
  first: Item;
  accumulators: Accumulator[];
}

/** Groups items as they come (all at once or page by page) and makes one item per group at the end. */
function groupingOf(cfg: z.output<typeof config>) {
  const groupBy = columnNames(cfg.groupBy);
  if (cfg.calculations.length === 0 && groupBy.length === 0) throw new Error('Add a calculation, or a column to group by.');
  const groupTargets = groupBy.map((name) => fieldTarget(name, 'Group by'));
  const groupReaders = groupBy.map(fieldReader);
  const plan = planOf(cfg.calculations, groupBy);
  const fields = missingFieldsTracker([...groupBy, ...plan.filter((p) => p.read).map((p) => p.field)]);
  const index = new GroupIndex<Group>(groupReaders, (first) => ({ first, accumulators: plan.map((p) => new Accumulator(p.operation)) }));
  // Without group-by columns all items form one group, even zero items ("count" is then 0).
  if (groupBy.length === 0) index.find({});
  let count = 0;
  return {
    add(items: Item[]) {
      fields.see(items);
      count += items.length;
      for (const item of items) {
        const group = index.find(item);
        for (let p = 0; p < plan.length; p++) {
          const read = plan[p].read;
          group.accumulators[p].add(read === undefined ? undefined : read(item));
        }
      }
    },
    finish(ctx: NodeContext<unknown>): Item[] {
      const unknown = fields.missing();
      if (unknown.length > 0) ctx.warn(`No item has the column ${quoteList(unknown)}. Check the spelling.`);
      const out: Item[] = [];
      for (const group of index.groups) {
        const result: Item = {};
        // undefined is not JSON: a missing group value becomes null.
        for (let g = 0; g < groupTargets.length; g++) putField(result, groupTargets[g], groupReaders[g](group.first) ?? null);
        for (let p = 0; p < plan.length; p++) putField(result, plan[p].target, group.accumulators[p].result());
        out.push(result);
      }
      ctx.log.info(`Made ${out.length} groups from ${count} items.`);
      return out;
    },
  };
}

export default defineNode({
  id: 'aggregate',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Aggregate / group by',
  description: 'Sums up items per group: counts, totals, averages, lists… one item per group.',
  icon: 'sigma',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: {
    groupBy: 'country',
    calculations: [
      { operation: 'count', field: '', outputName: 'orders' },
      { operation: 'sum', field: 'amount', outputName: 'total' },
    ],
  },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    const grouping = groupingOf(ctx.config);
    grouping.add(items);
    return { outputs: { main: grouping.finish(ctx) } };
  },
  async *stream(ctx) {
    const grouping = groupingOf(ctx.config);
    for await (const items of ctx.pages()) grouping.add(items);
    yield { main: grouping.finish(ctx) };
  },
});
