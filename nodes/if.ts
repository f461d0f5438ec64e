import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { asNumber, isPlainObject, toText } from './lib/values';

const OPERATOR_LABELS = {
  equals: 'is equal to',
  notEquals: 'is not equal to',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  gt: 'is greater than',
  gte: 'is greater than or equal to',
  lt: 'is less than',
  lte: 'is less than or equal to',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  isTrue: 'is true',
  isFalse: 'is false',
  regex: 'matches the pattern',
} as const;
type Operator = keyof typeof OPERATOR_LABELS;
const OPERATORS = Object.keys(OPERATOR_LABELS) as [Operator, ...Operator[]];

const condition = z.object({
  left: field(z.unknown().optional(), {
    label: 'Value',
    help: 'Usually an expression, like {{ $json.status }}.',
    widget: 'text',
  }),
  operator: field(z.enum(OPERATORS).default('equals'), {
    label: 'Check',
    widget: 'select',
    optionLabels: OPERATOR_LABELS,
  }),
  right: field(z.unknown().optional(), {
    label: 'Compare with',
    widget: 'text',
    help: 'Not used by "is empty", "is true" and the like. For "matches the pattern": a regular expression.',
  }),
});
type Condition = z.output<typeof condition>;

const config = z.object({
  conditions: field(
    // One blank row by default so the form opens ready to fill in.
    z.array(condition).default([{ left: '', operator: 'equals', right: '' }]),
    { label: 'Conditions', widget: 'list' },
  ),
  combine: field(z.enum(['and', 'or']).default('and'), {
    label: 'Items go to "true" when',
    widget: 'select',
    optionLabels: { and: 'all conditions are met', or: 'any condition is met' },
  }),
  ignoreCase: field(z.boolean().default(false), {
    label: 'Ignore upper/lower case',
    help: 'When on, "Paris" and "PARIS" count as the same text.',
    widget: 'switch',
  }),
});

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

function truthWord(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

/** Accepts `/pattern/flags` or a bare pattern. */
function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  const source = slashed ? slashed[1] : pattern;
  let flags = slashed ? slashed[2] : '';
  if (ignoreCase && !flags.includes('i')) flags += 'i';
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new Error(`"${pattern}" is not a valid pattern (${(error as Error).message}).`);
  }
}

/** Numbers when both sides are numbers or numeric text, else text; -1, 0 or 1. */
function compare(left: unknown, right: unknown, ignoreCase: boolean): number {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  const fold = (v: unknown) => (ignoreCase ? toText(v).toLowerCase() : toText(v));
  const x = fold(left);
  const y = fold(right);
  return x === y ? 0 : x < y ? -1 : 1;
}

function test({ left, operator, right }: Condition, ignoreCase: boolean): boolean {
  const text = (v: unknown) => (ignoreCase ? toText(v).toLowerCase() : toText(v));
  switch (operator) {
    case 'equals':
      return compare(left, right, ignoreCase) === 0;
    case 'notEquals':
      return compare(left, right, ignoreCase) !== 0;
    case 'contains':
    case 'notContains': {
      // A list contains a value when one of its entries equals it; text when it includes it.
      const found = Array.isArray(left)
        ? left.some((entry) => compare(entry, right, ignoreCase) === 0)
        : text(left).includes(text(right));
      return operator === 'contains' ? found : !found;
    }
    case 'startsWith':
      return text(left).startsWith(text(right));
    case 'endsWith':
      return text(left).endsWith(text(right));
    case 'gt':
      return compare(left, right, ignoreCase) > 0;
    case 'gte':
      return compare(left, right, ignoreCase) >= 0;
    case 'lt':
      return compare(left, right, ignoreCase) < 0;
    case 'lte':
      return compare(left, right, ignoreCase) <= 0;
    case 'isEmpty':
      return isEmpty(left);
    case 'isNotEmpty':
      return !isEmpty(left);
    case 'isTrue':
      return truthWord(left) === true;
    case 'isFalse':
      return truthWord(left) === false;
    case 'regex':
      return toRegExp(toText(right), ignoreCase).test(toText(left));
  }
}

export default defineNode({
  id: 'if',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'If',
  description: 'Sends each item down the "true" or "false" path depending on conditions.',
  icon: 'git-branch',
  config,
  inputs: [MAIN],
  outputs: [
    { id: 'true', label: 'true' },
    { id: 'false', label: 'false' },
  ],
  example: {
    conditions: [{ left: '{{ $json.amount }}', operator: 'gt', right: '100' }],
    combine: 'and',
  },
  async execute(ctx) {
    const yes: Item[] = [];
    const no: Item[] = [];
    (ctx.inputs.main ?? []).forEach((item, index) => {
      const cfg = ctx.configFor(item, index);
      if (cfg.conditions.length === 0) throw new Error('Add at least one condition.');
      const results = cfg.conditions.map((c, n) => {
        try {
          return test(c, cfg.ignoreCase);
        } catch (error) {
          throw new Error(`Condition ${n + 1}: ${(error as Error).message}`);
        }
      });
      const passed = cfg.combine === 'and' ? results.every(Boolean) : results.some(Boolean);
      (passed ? yes : no).push(item);
    });
    return { outputs: { true: yes, false: no } };
  },
});
