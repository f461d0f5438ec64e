/** If (versions 1 and 2) and Switch (version 3, rules mode): n8n's checks as ours. */
import type { NodeConverter, NodeScope } from '../scope';
import { plainFieldPath } from '../expressions';
import { flag, isRecord, list, record, text, type Params } from '../params';

import type { Operator } from '../../../../nodes/lib/conditions';
import { needsAttention } from './attention';

const SAME: Record<string, Operator> = {
  equals: 'equals', notEquals: 'notEquals', contains: 'contains', notContains: 'notContains',
  startsWith: 'startsWith', endsWith: 'endsWith', regex: 'regex', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte',
  notStartsWith: 'notStartsWith', notEndsWith: 'notEndsWith', notRegex: 'notRegex', empty: 'isEmpty', notEmpty: 'isNotEmpty', true: 'isTrue', false: 'isFalse',
  after: 'gt', before: 'lt', afterOrEquals: 'gte', beforeOrEquals: 'lte',
};

/** Version 1 names (`conditions.string[].operation`). */
const V1: Record<string, Operator> = {
  equal: 'equals', notEqual: 'notEquals', contains: 'contains', notContains: 'notContains', startsWith: 'startsWith',
  endsWith: 'endsWith', regex: 'regex', isEmpty: 'isEmpty', notStartsWith: 'notStartsWith', notEndsWith: 'notEndsWith',
  notRegex: 'notRegex', isNotEmpty: 'isNotEmpty', larger: 'gt', largerEqual: 'gte',
  smaller: 'lt', smallerEqual: 'lte',
};

interface Check {
  operator: Operator;
  /** Set when the check is close to, not the same as, n8n's. */
  note?: string;
}

/** Our check for an n8n operator `{ type, operation }`, or a reason why there is none. */
function checkFor(type: string, operation: string): Check | string {
  if (operation === 'exists') return { operator: 'isNotEmpty', note: '"exists" became "is not empty": an empty value now counts as missing' };
  if (operation === 'notExists') return { operator: 'isEmpty', note: '"does not exist" became "is empty": an empty value now counts as missing too' };
  const operator = SAME[operation];
  if (!operator) return `the check "${type} ${operation}" has no equivalent in TaskMaster`;
  if (type === 'dateTime' && operator !== 'isEmpty' && operator !== 'isNotEmpty') {
    return { operator, note: 'dates are compared as numbers or text here: write both in the same format, like 2024-05-31' };
  }
  return { operator };
}

export interface ConvertedCondition {
  left: unknown;
  operator: Operator;
  right: unknown;
}

/** One n8n v2 condition (`conditions.conditions[i]`), or null when it can't be converted. */
function condition(scope: NodeScope, raw: Params, field: string): ConvertedCondition | null {
  const op = record(raw, 'operator');
  const check = checkFor(text(op, 'type', 'string'), text(op, 'operation', 'equals'));
  if (typeof check === 'string') {
    scope.notConverted(field, `${check}; the condition was left out`);
    return null;
  }
  if (check.note) scope.review(field, check.note);
  return { left: scope.value(raw.leftValue ?? '', `${field}.left`), operator: check.operator, right: scope.value(raw.rightValue ?? '', `${field}.right`) };
}

/** Case: n8n v2 keeps "case sensitive" inside the conditions; v1/v2 also had an ignoreCase option. */
function ignoresCase(p: Params, conditions: Params): boolean {
  return record(conditions, 'options').caseSensitive === false || flag(record(p, 'options'), 'ignoreCase', false);
}

function v1Conditions(scope: NodeScope, p: Params): ConvertedCondition[] {
  const groups = record(p, 'conditions');
  const out: ConvertedCondition[] = [];
  for (const type of ['string', 'number', 'boolean', 'dateTime']) {
    for (const row of list(groups, type)) {
      const field = `conditions.${out.length}`;
      const operation = text(row, 'operation', type === 'boolean' ? 'equal' : type === 'number' ? 'smaller' : 'equal');
      const operator = type === 'dateTime' ? (operation === 'after' ? 'gt' : operation === 'before' ? 'lt' : undefined) : V1[operation];
      if (!operator) {
        scope.notConverted(field, `the check "${type} ${operation}" has no equivalent in TaskMaster; the condition was left out`);
        continue;
      }
      out.push({ left: scope.value(row.value1 ?? '', `${field}.left`), operator, right: scope.value(row.value2 ?? '', `${field}.right`) });
    }
  }
  return out;
}

/** n8n passes every item when there are no conditions at all; ours needs one, so an always-true one stands in. */
const ALWAYS: ConvertedCondition = { left: true, operator: 'isTrue', right: '' };

interface Converted {
  conditions: ConvertedCondition[];
  /** How many of n8n's conditions there were, converted or not. */
  total: number;
  combine: 'and' | 'or';
  ignoreCase: boolean;
  /** n8n's raw conditions of version 2, for Filter's plain-field check. */
  raw: Params[];
}

function conditionsOf(scope: NodeScope, p: Params): Converted {
  if (scope.node.typeVersion < 2 && scope.node.type.endsWith('.if')) {
    const conditions = v1Conditions(scope, p);
    const total = ['string', 'number', 'boolean', 'dateTime'].reduce((n, type) => n + list(record(p, 'conditions'), type).length, 0);
    return { conditions, total, combine: text(p, 'combineOperation', 'all') === 'any' ? 'or' : 'and', ignoreCase: false, raw: [] };
  }
  const block = record(p, 'conditions');
  const raw = list(block, 'conditions');
  const conditions = raw.map((c, i) => condition(scope, c, `conditions.${i}`)).filter((c): c is ConvertedCondition => c !== null);
  return { conditions, total: raw.length, combine: text(block, 'combinator', 'and') === 'or' ? 'or' : 'and', ignoreCase: ignoresCase(p, block), raw };
}

/** An If left without conditions must not stop the run: it fails only its own branch, saying what to add. */
function withoutConditions(scope: NodeScope, found: Converted): string | undefined {
  if (found.total === 0 || found.conditions.length > 0) return undefined;
  return `"${scope.node.name}": none of its conditions could be converted (see the report); add them by hand`;
}

export const ifNode: NodeConverter = (scope) => {
  const found = conditionsOf(scope, scope.params);
  const conditions = found.total === 0 ? [ALWAYS] : found.conditions;
  const config = { conditions, combine: found.combine, ignoreCase: found.ignoreCase };
  return { type: 'if', config, outputs: ['true', 'false'], attention: withoutConditions(scope, found) };
};

/**
 * Filter (v1, v2). TaskMaster's Filter checks fields by name, so it is used when every condition
 * compares a plain field (`{{ $json.x }}`) with a fixed value; otherwise an If, whose "true" output
 * is what Filter keeps, evaluates n8n's expressions item by item.
 */
export const filterNode: NodeConverter = (scope) => {
  const found = conditionsOf(scope, scope.params);
  const options = record(scope.params, 'options');
  scope.ignoredOptions(options, ['ignoreCase', 'looseTypeValidation']);
  const fields = found.raw.map((c) => plainFieldPath(c.leftValue));
  const plain = found.total > 0 && found.conditions.length === found.total && fields.every((f) => f !== null) &&
    found.conditions.every((c) => typeof c.right !== 'string' || !c.right.includes('{{'));
  if (plain) {
    const conditions = found.conditions.map((c, i) => ({ field: fields[i] ?? '', operator: c.operator, value: c.right }));
    return { type: 'filter', config: { conditions, combine: found.combine, ignoreCase: found.ignoreCase }, outputs: ['main', 'discarded'] };
  }
  const conditions = found.total === 0 ? [ALWAYS] : found.conditions;
  return {
    type: 'if',
    config: { conditions, combine: found.combine, ignoreCase: found.ignoreCase },
    outputs: ['true', 'false'],
    attention: withoutConditions(scope, found),
  };
};

const MAX_RULES = 10;

/** Switch version 3 in rules mode: each rule checks one field of the item (our Switch takes a field name, not an expression). */
export const switchNode: NodeConverter = (scope) => {
  const p = scope.params;
  if (scope.node.typeVersion < 3 || text(p, 'mode', 'rules') !== 'rules') {
    scope.notConverted('rules', 'only Switch version 3 in "Rules" mode can be imported; add the rules by hand');
    return { type: 'switch', config: { rules: [] }, outputs: [] };
  }
  const options = record(p, 'options');
  let ignoreCase = flag(options, 'ignoreCase', false);
  const rules = list(record(p, 'rules'), 'values').slice(0, MAX_RULES);
  if (list(record(p, 'rules'), 'values').length > MAX_RULES) scope.notConverted('rules', `has more than ${MAX_RULES} rules; the rest were left out`);
  const converted = rules.map((rule, i) => {
    const field = `rules.${i}`;
    const block = record(rule, 'conditions');
    ignoreCase ||= record(block, 'options').caseSensitive === false;
    const all = list(block, 'conditions');
    if (all.length > 1) scope.notConverted(field, `checks ${all.length} conditions; only the first was kept`);
    const first = all[0] ?? {};
    const path = plainFieldPath(first.leftValue);
    if (path === null) {
      scope.notConverted(`${field}.field`, `compares ${JSON.stringify(first.leftValue ?? '')}; a Switch rule here checks one field of the item, so enter its name`);
    }
    const op = record(first, 'operator');
    const check = checkFor(text(op, 'type', 'string'), text(op, 'operation', 'equals'));
    if (typeof check === 'string') scope.notConverted(`${field}.operator`, `${check}; "is equal to" was put in its place`);
    else if (check.note) scope.review(`${field}.operator`, check.note);
    const value = scope.value(first.rightValue ?? '', `${field}.value`);
    if (typeof value === 'string' && value.includes('{{')) {
      scope.review(`${field}.value`, 'an expression here is worked out once, from the first item, not for each item');
    }
    const outputName = flag(rule, 'renameOutput', false) ? text(rule, 'outputKey') : '';
    return { outputName, field: path ?? '', operator: typeof check === 'string' ? 'equals' : check.operator, value };
  });
  const fallbackOutput = options.fallbackOutput ?? 'none';
  const outputs = converted.map((_, i) => `out${i}`);
  if (fallbackOutput === 'extra') outputs.push('fallback');
  else if (fallbackOutput !== 'none') {
    scope.notConverted('options.fallbackOutput', 'sent unmatched items to one of the rule outputs; here they go to the separate Fallback output');
  }
  if (isRecord(options)) scope.ignoredOptions(options, ['ignoreCase', 'fallbackOutput', 'allMatchingOutputs', 'renameFallbackOutput', 'looseTypeValidation']);
  return {
    type: 'switch',
    config: { rules: converted, mode: flag(options, 'allMatchingOutputs', false) ? 'all' : 'first', fallback: fallbackOutput !== 'none', ignoreCase },
    outputs,
  };
};
