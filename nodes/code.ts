import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { runInSandbox } from './lib/sandbox';
import { isPlainObject } from './lib/values';
import { withN8nItems } from './lib/n8n-code';
import { usesLuxon } from './lib/sandbox-luxon';

const DEFAULT_CODE = `// "items" is the list of items coming in; each item is an object like { name: "Ada" }.
// Return the items to pass on: a list of objects (or one object).
// console.log(...) writes to this node's logs.
return items.map((item) => ({ ...item, checked: true }));
`;

const config = z.object({
  mode: field(z.enum(['all', 'each']).default('all'), {
    label: 'Run the code',
    help: 'Once for all items: the code gets "items" (a list) and returns a list. Once for each item: the code gets "item" (also called $json) and "index", and returns one object, or null to drop the item.',
    widget: 'select',
    optionLabels: { all: 'Once for all items', each: 'Once for each item' },
  }),
  code: field(z.string().default(DEFAULT_CODE), {
    label: 'JavaScript',
    help: 'Runs in a closed sandbox: no files, network or other programs. You can use await, and dates with Luxon: DateTime, $now, $today.',
    widget: 'code',
    // {{ }} means something else in JavaScript (like an object inside an object).
    expressions: false,
  }),
  n8nItems: field(z.boolean().default(false), {
    label: 'Items as in n8n ({ json })',
    help: 'For code written for n8n: items arrive as { json: {...} } and $input.all(), $input.item and $json work as there. Set by the n8n import.',
    widget: 'switch',
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
type Mode = z.output<typeof config>['mode'];

// Driver code runs inside the sandbox (see nodes/lib/sandbox.ts); `items` is copied in as a global.
const DRIVERS: Record<Mode, string> = {
  all: `
    const result = await run();
    if (result === undefined) throw new Failure(${JSON.stringify(
      'The code returned nothing. End it with "return items" (or return a list of objects).',
    )});
    return result;`,
  each: `
    // Kept in a local: the code may change the global "items" while the loop runs.
    const list = items;
    const out = [];
    for (let index = 0; index < list.length; index++) {
      let result;
      try {
        result = await run(list[index], list[index], index);
      } catch (error) {
        error.where = 'while working on item ' + (index + 1);
        throw error;
      }
      if (result === undefined) {
        throw new Failure('The code returned nothing for item ' + (index + 1) + '. End it with "return item" to keep the item, or "return null" to drop it.');
      }
      out.push(result);
    }
    return out;`,
};

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'something that is not an object';
}

/** Items from what the code returned; anything else fails with a message that says what to return. */
function toItems(mode: Mode, value: unknown): Item[] {
  if (mode === 'each') {
    const out: Item[] = [];
    (value as unknown[]).forEach((result, index) => {
      if (result === null) return;
      if (!isPlainObject(result)) {
        throw new Error(
          `For item ${index + 1} the code returned ${kindOf(result)}. Return one object (like "return item"), or null to drop the item.`,
        );
      }
      out.push(result);
    });
    return out;
  }
  if (isPlainObject(value)) return [value];
  if (!Array.isArray(value)) {
    throw new Error(`The code returned ${kindOf(value)}. Return a list of objects (like "return items") or one object.`);
  }
  return value.map((entry, index) => {
    if (!isPlainObject(entry)) {
      throw new Error(
        `Entry ${index + 1} of the list the code returned is ${kindOf(entry)}. Each entry becomes an item, so it must be an object like { name: "Ada" }.`,
      );
    }
    return entry;
  });
}

export default defineNode({
  id: 'code',
  version: 1,
  category: 'action',
  group: 'Code',
  displayName: 'Code (JavaScript)',
  description: 'Runs your own JavaScript over the items, safely closed off from the rest of the computer.',
  icon: 'code',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { mode: 'each', code: 'return { ...item, total: item.price * item.quantity };' },
  async execute(ctx) {
    const { mode, code, timeoutMs, memoryLimitMb, n8nItems } = ctx.config;
    const value = await runInSandbox({
      code: n8nItems ? withN8nItems(code, mode) : code,
      globals: { items: ctx.inputs.main ?? [] },
      params: mode === 'each' ? ['item', '$json', 'index'] : [],
      driver: DRIVERS[mode],
      luxon: usesLuxon(code),
      zone: ctx.timezone,
      timeoutMs,
      // The instance's cap wins over a bigger number typed in the step (Settings → Code steps).
      memoryLimitMb: Math.min(memoryLimitMb, ctx.policy.codeMemoryLimitMb ?? memoryLimitMb),
      signal: ctx.signal,
      onLog: (level, message) => ctx.log[level](message),
    });
    return { outputs: { main: toItems(mode, value) } };
  },
});
