/**
 * The checks a condition can make ("is equal to", "contains", "is greater than"…), shared by
 * If, Filter and Switch so the same words mean the same test in every node.
 *
 * A check is prepared once for its "compare with" value (number read, pattern compiled) and
 * then run on many values: Filter and Switch test a million items without redoing that work.
 */
import { z } from 'zod';
import { field, type Item } from '../types';
import { fieldReader } from './item-fields';
import { asNumber, isPlainObject, toText } from './values';

export const OPERATOR_LABELS = {
  equals: 'is equal to',
  notEquals: 'is not equal to',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  notStartsWith: 'does not start with',
  endsWith: 'ends with',
  notEndsWith: 'does not end with',
  gt: 'is greater than',
  gte: 'is greater than or equal to',
  lt: 'is less than',
  lte: 'is less than or equal to',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  isTrue: 'is true',
  isFalse: 'is false',
  regex: 'matches the pattern',
  notRegex: 'does not match the pattern',
} as const;
export type Operator = keyof typeof OPERATOR_LABELS;
export const OPERATORS = Object.keys(OPERATOR_LABELS) as [Operator, ...Operator[]];

/** The "Check" select, shown the same way in every node that has conditions. */
export const operatorField = () =>
  field(z.enum(OPERATORS).default('equals'), { label: 'Check', widget: 'select', optionLabels: OPERATOR_LABELS });

export const COMPARE_WITH_HELP =
  'Not used by "is empty", "is true" and the like. For "matches the pattern" and "does not match the pattern": a regular expression.';

export const combineField = (label: string) =>
  field(z.enum(['and', 'or']).default('and'), {
    label,
    widget: 'select',
    optionLabels: { and: 'all conditions are met', or: 'any condition is met' },
  });

export const ignoreCaseField = () =>
  field(z.boolean().default(false), {
    label: 'Ignore upper/lower case',
    help: 'When on, "Paris" and "PARIS" count as the same text.',
    widget: 'switch',
  });

/** A prepared check: tells whether one value passes. */
export type Check = (value: unknown) => boolean;

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

/**
 * Compares values with `right`: as numbers when both sides are numbers or numeric text, else
 * as text; -1, 0 or 1.
 */
function comparerTo(right: unknown, ignoreCase: boolean): (left: unknown) => number {
  const b = asNumber(right);
  const y = ignoreCase ? toText(right).toLowerCase() : toText(right);
  return (left) => {
    if (b !== undefined) {
      const a = asNumber(left);
      if (a !== undefined) return Math.sign(a - b);
    }
    const x = ignoreCase ? toText(left).toLowerCase() : toText(left);
    return x === y ? 0 : x < y ? -1 : 1;
  };
}

/** Prepares the test "value <operator> right"; throws (in plain words) when `right` can't be used. */
export function prepareCheck(operator: Operator, right: unknown, ignoreCase: boolean): Check {
  const fold = (v: unknown) => (ignoreCase ? toText(v).toLowerCase() : toText(v));
  switch (operator) {
    case 'equals':
    case 'notEquals': {
      const compare = comparerTo(right, ignoreCase);
      return operator === 'equals' ? (left) => compare(left) === 0 : (left) => compare(left) !== 0;
    }
    case 'contains':
    case 'notContains': {
      const compare = comparerTo(right, ignoreCase);
      const needle = fold(right);
      // A list contains a value when one of its entries equals it; text when it includes it.
      const found = (left: unknown) => (Array.isArray(left) ? left.some((entry) => compare(entry) === 0) : fold(left).includes(needle));
      return operator === 'contains' ? found : (left) => !found(left);
    }
    case 'startsWith':
    case 'notStartsWith': {
      const start = fold(right);
      return operator === 'startsWith' ? (left) => fold(left).startsWith(start) : (left) => !fold(left).startsWith(start);
    }
    case 'endsWith':
    case 'notEndsWith': {
      const end = fold(right);
      return operator === 'endsWith' ? (left) => fold(left).endsWith(end) : (left) => !fold(left).endsWith(end);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const compare = comparerTo(right, ignoreCase);
      if (operator === 'gt') return (left) => compare(left) > 0;
      if (operator === 'gte') return (left) => compare(left) >= 0;
      if (operator === 'lt') return (left) => compare(left) < 0;
      return (left) => compare(left) <= 0;
    }
    case 'isEmpty':
      return isEmpty;
    case 'isNotEmpty':
      return (left) => !isEmpty(left);
    case 'isTrue':
      return (left) => truthWord(left) === true;
    case 'isFalse':
      return (left) => truthWord(left) === false;
    case 'regex':
    case 'notRegex': {
      const pattern = toRegExp(toText(right), ignoreCase);
      const matches = (left: unknown) => {
        // One RegExp serves every item: a /g or /y pattern must not carry its position over.
        pattern.lastIndex = 0;
        return pattern.test(toText(left));
      };
      return operator === 'regex' ? matches : (left) => !matches(left);
    }
  }
}

/** One condition on values already worked out, as If has them: `left <operator> right`. */
export function testCondition(left: unknown, operator: Operator, right: unknown, ignoreCase: boolean): boolean {
  return prepareCheck(operator, right, ignoreCase)(left);
}

// ---- Conditions on a field of each item (Filter, Switch) ------------------------------------

/** The fields of a condition row that checks a field of each item. */
export const fieldConditionShape = {
  field: field(z.string().trim().default(''), {
    label: 'Field',
    widget: 'field-name',
    help: 'The name of the field to check in each item, like status. Use a dot for a field inside another: address.city.',
    placeholder: 'status',
  }),
  operator: operatorField(),
  value: field(z.unknown().optional(), {
    label: 'Compare with',
    widget: 'text',
    help: `A fixed value, the same for every item. ${COMPARE_WITH_HELP}`,
  }),
};
export const fieldCondition = z.object(fieldConditionShape);
export type FieldCondition = z.output<typeof fieldCondition>;

export interface FieldTest {
  field: string;
  read: (item: Item) => unknown;
  check: Check;
}

/** Prepares one condition row; `where` names it in messages ("Condition 2", "Rule 2"). */
export function prepareFieldTest(row: FieldCondition, ignoreCase: boolean, where: string): FieldTest {
  if (row.field === '') throw new Error(`${where}: enter the name of the field to check.`);
  try {
    return { field: row.field, read: fieldReader(row.field), check: prepareCheck(row.operator, row.value, ignoreCase) };
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** Whether an item passes all (`and`) or any (`or`) of the tests. */
export function passes(item: Item, tests: FieldTest[], combine: 'and' | 'or'): boolean {
  if (combine === 'and') {
    for (const test of tests) if (!test.check(test.read(item))) return false;
    return true;
  }
  for (const test of tests) if (test.check(test.read(item))) return true;
  return false;
}
