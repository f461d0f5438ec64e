import { z } from 'zod';
import { defineNode, MAIN, type Item } from './types';
import { isPlainObject } from './lib/values';

/** Turns whatever was sent with "Run" into items. */
function itemsFrom(payload: unknown): Item[] {
  if (Array.isArray(payload)) {
    // An empty list counts as "nothing": zero items would skip the whole workflow.
    if (payload.length === 0) return [{}];
    return payload.map((entry) => (isPlainObject(entry) ? entry : { value: entry }));
  }
  if (isPlainObject(payload)) return [payload];
  if (payload === undefined || payload === null) return [{}];
  return [{ value: payload }];
}

export default defineNode({
  id: 'manual-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Manual start',
  description: 'Starts the workflow when you click Run, with the input you give (if any).',
  icon: 'play',
  config: z.object({}),
  inputs: [],
  outputs: [MAIN],
  example: {},
  async execute(ctx) {
    return { outputs: { main: itemsFrom(ctx.trigger?.payload) } };
  },
});
