import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { isPlainObject } from './lib/values';

export const INPUT_TYPES = ['text', 'number', 'boolean', 'list', 'object', 'any'] as const;

const input = z.object({
  name: field(z.string().trim().default(''), { label: 'Name', placeholder: 'email' }),
  type: field(z.enum(INPUT_TYPES).default('text'), {
    label: 'Type',
    widget: 'select',
    optionLabels: { text: 'Text', number: 'Number', boolean: 'Yes / no', list: 'List', object: 'Object', any: 'Anything' },
  }),
});

const config = z.object({
  inputs: field(z.array(input).default([]), {
    label: 'Fields it expects',
    help: 'What each item from the calling workflow must hold. The caller\'s "Run another workflow" step lists them; an item without one, or with the wrong type, stops the call with a message.',
    widget: 'list',
  }),
});

/** The payload a calling step stores in the child run (server/worker/subflows.ts). */
export const callPayloadSchema = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  parent: z.object({ runId: z.string(), nodeId: z.string(), depth: z.number().int().min(1), key: z.string().optional() }).optional(),
});

function typeOf(value: unknown): (typeof INPUT_TYPES)[number] | 'empty' {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'object';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

/** Checks one item against the declared fields; numbers written as text are read as numbers. */
function checkItem(item: Item, index: number, inputs: z.output<typeof input>[]): Item {
  let out = item;
  for (const { name, type } of inputs) {
    if (!name) continue;
    const value = item[name];
    const actual = typeOf(value);
    if (actual === 'empty')
      throw new Error(`Item ${index + 1} has no "${name}", which this workflow expects. Fill it in the calling step.`);
    if (type === 'any' || actual === type) continue;
    if (type === 'number' && actual === 'text' && String(value).trim() !== '' && Number.isFinite(Number(value))) {
      out = { ...out, [name]: Number(value) };
      continue;
    }
    throw new Error(`Item ${index + 1}: "${name}" should be ${type === 'boolean' ? 'yes/no' : `a ${type}`}, got ${actual}.`);
  }
  return out;
}

export default defineNode({
  id: 'workflow-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Called by another workflow',
  description: 'Starts this workflow from another workflow\'s "Run another workflow" step, with the items it sends.',
  icon: 'arrow-right',
  config,
  inputs: [],
  outputs: [MAIN],
  example: { inputs: [{ name: 'email', type: 'text' }] },
  async execute(ctx) {
    const payload = callPayloadSchema.safeParse(ctx.trigger?.payload);
    // Run by hand (Run button): the input given there, checked the same way.
    const items = payload.success ? payload.data.items : [];
    const checked = items.map((item, i) => checkItem(item, i, ctx.config.inputs));
    if (payload.success && payload.data.parent) ctx.log.info(`Called by run ${payload.data.parent.runId} with ${items.length} items.`);
    return { outputs: { main: checked.length > 0 ? checked : [{}] } };
  },
});
