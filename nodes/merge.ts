import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { getField, toText } from './lib/values';

const config = z
  .object({
    mode: field(z.enum(['append', 'byKey', 'waitForAll']).default('append'), {
      label: 'How to merge',
      widget: 'select',
      optionLabels: {
        append: 'Items of Input 1, then items of Input 2',
        byKey: 'Join items that share a value (like an ID)',
        waitForAll: 'Wait for both, then pass on Input 1 only',
      },
    }),
    keyA: field(z.string().default(''), {
      label: 'Matching field in Input 1',
      widget: 'field-name',
      help: 'For joining: the field whose value must match, like id or customer.email.',
      placeholder: 'id',
    }),
    keyB: field(z.string().default(''), {
      label: 'Matching field in Input 2',
      widget: 'field-name',
      help: 'Leave empty when it has the same name as in Input 1.',
    }),
    keepUnmatched: field(z.enum(['none', 'a', 'b', 'both']).default('none'), {
      label: 'Items without a match',
      help: 'For joining: what happens to items that found no partner. Matched items are always kept.',
      widget: 'select',
      optionLabels: {
        none: 'Drop them',
        a: 'Keep those from Input 1',
        b: 'Keep those from Input 2',
        both: 'Keep those from both inputs',
      },
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.mode === 'byKey' && cfg.keyA.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['keyA'], message: 'Enter the field to match items on.' });
    }
  });
type MergeConfig = z.output<typeof config>;

/** The text a key is matched on, or undefined when the item has no usable key (it never matches). */
function keyOf(item: Item, name: string): string | undefined {
  const value = getField(item, name);
  return value === undefined || value === null || value === '' ? undefined : toText(value);
}

/** Joins like a database: every matching a/b pair gives one item, b's fields win on clashes. */
function join(a: Item[], b: Item[], cfg: MergeConfig): Item[] {
  const keyA = cfg.keyA.trim();
  const keyB = cfg.keyB.trim() || keyA;
  const byKey = new Map<string, number[]>();
  b.forEach((item, index) => {
    const key = keyOf(item, keyB);
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  const keepA = cfg.keepUnmatched === 'a' || cfg.keepUnmatched === 'both';
  const keepB = cfg.keepUnmatched === 'b' || cfg.keepUnmatched === 'both';
  const matchedB = new Set<number>();
  const out: Item[] = [];
  for (const left of a) {
    const key = keyOf(left, keyA);
    const partners = key === undefined ? [] : (byKey.get(key) ?? []);
    for (const index of partners) {
      matchedB.add(index);
      out.push({ ...left, ...b[index] });
    }
    if (partners.length === 0 && keepA) out.push(left);
  }
  if (keepB) out.push(...b.filter((_, index) => !matchedB.has(index)));
  return out;
}

export default defineNode({
  id: 'merge',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Merge',
  description: 'Brings two paths together: one after the other, joined on a shared value, or as a meeting point.',
  icon: 'merge',
  config,
  inputs: [
    { id: 'a', label: 'Input 1' },
    { id: 'b', label: 'Input 2' },
  ],
  outputs: [MAIN],
  example: { mode: 'byKey', keyA: 'id', keyB: 'customerId', keepUnmatched: 'a' },
  async execute(ctx) {
    // An input whose path was skipped simply has no items.
    const a = ctx.inputs.a ?? [];
    const b = ctx.inputs.b ?? [];
    const cfg = ctx.config;
    switch (cfg.mode) {
      case 'append':
        return { outputs: { main: [...a, ...b] } };
      case 'waitForAll':
        return { outputs: { main: a } };
      case 'byKey':
        return { outputs: { main: join(a, b, cfg) } };
    }
  },
});
