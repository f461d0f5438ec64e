import { z } from 'zod';
import { defineNode, field, MAIN, type HandleSpec, type Item } from './types';
import { fieldConditionShape, ignoreCaseField, prepareFieldTest } from './lib/conditions';
import { quoteList } from './lib/column-list';
import { fieldsNoItemHas } from './lib/item-fields';

/** Outputs are fixed, by position, so saved connections stay valid when rules are renamed. */
const MAX_RULES = 10;
const RULE_OUTPUTS: HandleSpec[] = Array.from({ length: MAX_RULES }, (_, n) => ({ id: `out${n}`, label: `Output ${n + 1}` }));

const rule = z.object({
  outputName: field(z.string().trim().default(''), {
    label: 'Output name',
    help: 'What the canvas shows next to this rule’s output, like "Big orders". Rule 1 feeds Output 1, rule 2 Output 2, and so on.',
    placeholder: 'Output 1',
  }),
  ...fieldConditionShape,
});

const config = z.object({
  routeBy: field(z.enum(['rules', 'number']).default('rules'), {
    label: 'Choose the output by',
    widget: 'select',
    optionLabels: { rules: 'Rules on the item’s fields', number: 'An output number worked out for each item' },
  }),
  outputNumber: field(z.unknown().optional(), {
    label: 'Output number',
    help: 'An expression giving each item’s output, counted from 1, like {{ $json.priority }}.',
    widget: 'text',
    placeholder: '{{ $json.priority }}',
    showWhen: { routeBy: ['number'] },
  }),
  rules: field(
    z
      .array(rule)
      .max(MAX_RULES, `A switch has at most ${MAX_RULES} rules. Chain a second Switch on the Fallback output for more.`)
      .default([{ outputName: '', field: '', operator: 'equals', value: '' }]),
    { label: 'Rules', help: 'Each rule sends the items that meet it to its own output.', widget: 'list', showWhen: { routeBy: ['rules'] } },
  ),
  mode: field(z.enum(['first', 'all']).default('first'), {
    label: 'An item that meets several rules goes to',
    widget: 'select',
    optionLabels: { first: 'The first of them only', all: 'All of them' },
    showWhen: { routeBy: ['rules'] },
  }),
  fallback: field(z.boolean().default(true), {
    label: 'Send items that meet no rule to "Fallback"',
    help: 'When off, those items are left out.',
    widget: 'switch',
  }),
  fallbackTo: field(z.coerce.number().int().min(0).max(MAX_RULES).default(0), {
    label: 'Put items that meet no rule on',
    help: '0: the separate Fallback output. 1 to 10: the output of that rule, in their original order among its items.',
    widget: 'number',
    showWhen: { routeBy: ['rules'] },
  }),
  ignoreCase: ignoreCaseField(),
});

/** Each item to the output its own expression names (1 to 10); anything else fails with the item's position. */
function byNumber(items: Item[], numberFor: (item: Item, index: number) => unknown): Record<string, Item[]> {
  const outputs: Record<string, Item[]> = { fallback: [] };
  for (const handle of RULE_OUTPUTS) outputs[handle.id] = [];
  items.forEach((item, index) => {
    const raw = numberFor(item, index);
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_RULES) {
      throw new Error(
        `Output number: item ${index + 1} gave ${JSON.stringify(raw) ?? 'nothing'}; it must be a whole number from 1 to ${MAX_RULES}.`,
      );
    }
    outputs[`out${n - 1}`].push(item);
  });
  return outputs;
}

export default defineNode({
  id: 'switch',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Switch',
  description: 'Sends each item to one of several outputs, by rules.',
  icon: 'split',
  config,
  inputs: [MAIN],
  outputs: [...RULE_OUTPUTS, { id: 'fallback', label: 'Fallback' }],
  example: {
    rules: [
      { outputName: 'Rain', field: 'weather', operator: 'equals', value: 'rain' },
      { outputName: 'Sun', field: 'weather', operator: 'equals', value: 'sun' },
    ],
    mode: 'first',
    fallback: true,
  },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    if (cfg.routeBy === 'number') return { outputs: byNumber(items, (item, index) => ctx.configFor(item, index).outputNumber) };
    if (cfg.rules.length === 0) throw new Error('Add at least one rule.');
    const tests = cfg.rules.map((row, n) => prepareFieldTest(row, cfg.ignoreCase, `Rule ${n + 1}`));
    const buckets: Item[][] = RULE_OUTPUTS.map(() => []);
    const fallback: Item[] = [];
    const firstOnly = cfg.mode === 'first';
    let dropped = 0;
    for (const item of items) {
      let matched = false;
      for (let r = 0; r < tests.length; r++) {
        if (!tests[r].check(tests[r].read(item))) continue;
        buckets[r].push(item);
        matched = true;
        if (firstOnly) break;
      }
      if (matched) continue;
      if (!cfg.fallback) dropped++;
      else if (cfg.fallbackTo > 0) buckets[cfg.fallbackTo - 1].push(item);
      else fallback.push(item);
    }
    const unknown = fieldsNoItemHas(
      items,
      tests.map((test) => test.field),
    );
    if (unknown.length > 0) ctx.warn(`No item has the field ${quoteList(unknown)}. Check the spelling.`);
    if (dropped > 0) ctx.log.info(`${dropped} items met no rule and were left out.`);
    const outputs: Record<string, Item[]> = { fallback };
    RULE_OUTPUTS.forEach((handle, n) => (outputs[handle.id] = buckets[n]));
    return { outputs };
  },
});
