import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { allCombinations, byPosition, findMatches, join, unmatched } from './lib/merge-items';

const BY_KEY = { mode: ['byKey', 'unmatched'] };
const COMBINING = { mode: ['byKey', 'byPosition', 'allCombinations'] };
/** All combinations of two large inputs would fill the memory; more than this is refused. */
const MAX_COMBINATIONS = 1_000_000;

const config = z
  .object({
    mode: field(z.enum(['append', 'byKey', 'byPosition', 'allCombinations', 'unmatched', 'waitForAll']).default('append'), {
      label: 'How to merge',
      widget: 'select',
      optionLabels: {
        append: 'Items of Input 1, then items of Input 2',
        byKey: 'Join items that share a value (like an ID)',
        byPosition: 'Pair items by position (1st with 1st, 2nd with 2nd…)',
        allCombinations: 'Every item of Input 1 with every item of Input 2',
        unmatched: 'Only the items that share no value with the other input',
        waitForAll: 'Wait for both, then pass on one input',
      },
    }),
    keyA: field(z.string().default(''), {
      label: 'Matching field in Input 1',
      widget: 'field-name',
      help: 'For joining: the field whose value must match, like id or customer.email.',
      placeholder: 'id',
      showWhen: BY_KEY,
    }),
    keyB: field(z.string().default(''), {
      label: 'Matching field in Input 2',
      widget: 'field-name',
      help: 'Leave empty when it has the same name as in Input 1.',
      showWhen: BY_KEY,
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
      showWhen: { mode: ['byKey'] },
    }),
    unmatchedLast: field(z.boolean().default(false), {
      label: 'Put kept items without a match after the matches',
      help: 'When off, an item of Input 1 without a match keeps its place among the matches.',
      widget: 'switch',
      showWhen: { mode: ['byKey'] },
    }),
    matchOutput: field(z.enum(['merged', 'a', 'b']).default('merged'), {
      label: 'A match gives',
      widget: 'select',
      optionLabels: {
        merged: 'One item with the fields of both',
        a: 'The item of Input 1, unchanged',
        b: 'The item of Input 2, unchanged',
      },
      showWhen: { mode: ['byKey'] },
    }),
    unmatchedFrom: field(z.enum(['a', 'b', 'both']).default('a'), {
      label: 'Items without a match from',
      help: 'From both inputs: each item gets a _source field saying which input it came from.',
      widget: 'select',
      optionLabels: { a: 'Input 1', b: 'Input 2', both: 'Both inputs' },
      showWhen: { mode: ['unmatched'] },
    }),
    clash: field(z.enum(['preferB', 'preferA', 'suffix']).default('preferB'), {
      label: 'When both items have a field of the same name',
      widget: 'select',
      optionLabels: {
        preferB: 'Keep the value of Input 2',
        preferA: 'Keep the value of Input 1',
        suffix: 'Keep both: add _1 and _2 to every field name',
      },
      showWhen: COMBINING,
    }),
    includeUnpaired: field(z.boolean().default(false), {
      label: 'Keep items without a partner at the same position',
      help: 'When one input has more items: when off, the extra items are left out.',
      widget: 'switch',
      showWhen: { mode: ['byPosition'] },
    }),
    pass: field(z.enum(['a', 'b', 'empty']).default('a'), {
      label: 'Then pass on',
      widget: 'select',
      optionLabels: { a: 'The items of Input 1', b: 'The items of Input 2', empty: 'One empty item' },
      showWhen: { mode: ['waitForAll'] },
    }),
  })
  .superRefine((cfg, ctx) => {
    if ((cfg.mode === 'byKey' || cfg.mode === 'unmatched') && cfg.keyA.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['keyA'], message: 'Enter the field to match items on.' });
    }
  });

export default defineNode({
  id: 'merge',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Merge',
  description: 'Brings two paths together: one after the other, joined on a shared value, paired, or as a meeting point.',
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
        return { outputs: { main: cfg.pass === 'a' ? a : cfg.pass === 'b' ? b : [{}] } };
      case 'byPosition':
        return { outputs: { main: byPosition(a, b, cfg.clash, cfg.includeUnpaired) } };
      case 'allCombinations':
        return { outputs: { main: allCombinations(a, b, cfg.clash, MAX_COMBINATIONS) } };
      case 'byKey':
      case 'unmatched': {
        const matches = findMatches(a, b, cfg.keyA.trim(), cfg.keyB.trim() || cfg.keyA.trim());
        const main = cfg.mode === 'unmatched' ? unmatched(a, b, matches, cfg.unmatchedFrom) : join(a, b, matches, cfg);
        return { outputs: { main } };
      }
    }
  },
});
