import { z } from 'zod';
import { defineNode, field, MAIN } from './types';

const config = z.object({
  count: field(
    z.coerce
      .number({ error: 'Enter a number of items, like 10.' })
      .int('Enter a whole number of items, like 10.')
      .min(0, 'The number of items can not be negative.')
      .default(10),
    { label: 'Number of items', widget: 'number' },
  ),
  from: field(z.enum(['first', 'last']).default('first'), {
    label: 'Keep',
    widget: 'select',
    optionLabels: { first: 'The first items', last: 'The last items' },
  }),
});

export default defineNode({
  id: 'limit',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Limit',
  description: 'Keeps only the first (or last) few items.',
  icon: 'list-end',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { count: 5, from: 'first' },
  async execute(ctx) {
    const { count, from } = ctx.config;
    const items = ctx.inputs.main ?? [];
    // Both keep the original order; "last" is not reversed.
    const kept = from === 'first' ? items.slice(0, count) : items.slice(Math.max(0, items.length - count));
    return { outputs: { main: kept } };
  },
});
