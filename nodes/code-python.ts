import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { runPython } from './lib/python-sandbox';
import { isPlainObject } from './lib/values';

const DEFAULT_CODE = `# "items" is the list of items coming in; each item is a dict like {"name": "Ada"}.
# Return the items to pass on: a list of dicts (or one dict).
# print(...) writes to this step's logs. The standard library is there: import json, statistics, ...
return [{**item, "checked": True} for item in items]
`;

const config = z.object({
  mode: field(z.enum(['all', 'each']).default('all'), {
    label: 'Run the code',
    help: 'Once for all items: the code gets "items" (a list) and returns a list. Once for each item: the code gets "item" and "index", and returns one dict, or None to drop the item.',
    widget: 'select',
    optionLabels: { all: 'Once for all items', each: 'Once for each item' },
  }),
  code: field(z.string().default(DEFAULT_CODE), {
    label: 'Python',
    help: 'Runs in a closed sandbox (Python 3 with its standard library): no files, network or other programs.',
    widget: 'code',
    language: 'python',
    // {{ }} means something else in Python (a set inside a set, f-string braces).
    expressions: false,
  }),
  timeoutMs: field(
    z.coerce
      .number({ error: 'Enter a number of milliseconds.' })
      .int()
      .min(10, 'The time limit must be at least 10 ms.')
      .max(600_000, 'The time limit can be at most 10 minutes (600000 ms).')
      .default(10_000),
    { label: 'Time limit (milliseconds)', help: 'The code is stopped when it runs longer than this.', widget: 'number' },
  ),
  memoryLimitMb: field(
    z.coerce
      .number({ error: 'Enter a number of megabytes.' })
      .int()
      .min(8, 'The memory limit must be at least 8 MB.')
      .max(4_096, 'The memory limit can be at most 4096 MB.')
      .default(128),
    { label: 'Memory limit (MB)', help: 'The code is stopped when it uses more memory than this.', widget: 'number' },
  ),
});

function kindOf(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'True or False';
  return 'something that is not a dict';
}

/** Items from what the code returned (None results of "each" are already dropped). */
function toItems(mode: 'all' | 'each', value: unknown): Item[] {
  const list = mode === 'all' && isPlainObject(value) ? [value] : value;
  if (!Array.isArray(list)) {
    throw new Error(`The code returned ${kindOf(value)}. Return a list of dicts (like "return items") or one dict.`);
  }
  return list.map((entry, index) => {
    if (isPlainObject(entry)) return entry;
    if (mode === 'each')
      throw new Error(`For an item the code returned ${kindOf(entry)}. Return one dict (like "return item"), or None to drop the item.`);
    throw new Error(
      `Entry ${index + 1} of the list the code returned is ${kindOf(entry)}. Each entry becomes an item, so it must be a dict like {"name": "Ada"}.`,
    );
  });
}

export default defineNode({
  id: 'code-python',
  version: 1,
  category: 'action',
  group: 'Code',
  displayName: 'Code (Python)',
  description: 'Runs your own Python over the items, safely closed off from the rest of the computer.',
  icon: 'code',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { mode: 'each', code: 'return {**item, "total": item["price"] * item["quantity"]}' },
  async execute(ctx) {
    const { mode, code, timeoutMs, memoryLimitMb } = ctx.config;
    const value = await runPython({
      code,
      mode,
      items: ctx.inputs.main ?? [],
      timeoutMs,
      // The instance's cap wins over a bigger number typed in the step (Settings → Code steps).
      memoryLimitMb: Math.min(memoryLimitMb, ctx.policy.codeMemoryLimitMb ?? memoryLimitMb),
      signal: ctx.signal,
      onLog: (level, message) => ctx.log[level](message),
    });
    return { outputs: { main: toItems(mode, value) } };
  },
});
