/** If (versions 1 and 2) and Switch (version 3, rules mode): n8n's checks as ours. */
import type { NodeConverter, NodeScope } from '../scope';
import { plainFieldPath } from '../expressions';
import { flag, isRecord, list, record, text, type Params } from '../params';

import type { Operator } from '../../../../nodes/lib/conditions';

const SAME: Record<string, Operator> = {
  equals: 'equals',
  notEquals: 'notEquals',
  contains: 'contains',
  notContains: 'notContains',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  regex: 'regex',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  notStartsWith: 'notStartsWith',
  notEndsWith: 'notEndsWith',
  notRegex: 'notRegex',
  empty: 'isEmpty',
  notEmpty: 'isNotEmpty',
  true: 'isTrue',
  false: 'isFalse',
  after: 'gt',
  before: 'lt',
  afterOrEquals: 'gte',
  beforeOrEquals: 'lte',
};

/** Version 1 names (`conditions.string[].operation`). */
const V1: Record<string, Operator> = {
  equal: 'equals',
  notEqual: 'notEquals',
  contains: 'contains',
  notContains: 'notContains',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  regex: 'regex',
  isEmpty: 'isEmpty',
  notStartsWith: 'notStartsWith',
  notEndsWith: 'notEndsWith',
  notRegex: 'notRegex',
  isNotEmpty: 'isNotEmpty',
  larger: 'gt',
  largerEqual: 'gte',
  smaller: 'lt',
  smallerEqual: 'lte',
};

interface Check {
  operator: Operator;
  /** Set when the check is close to, not the same as, n8n's. */
  note?: string;
}

/** Our check for an n8n operator `{ type, operation }`, or a reason why there is none. */
function checkFor(type: string, operation: string): Check | string {
  if (operation === 'exists')
    return { operator: 'isNotEmpty', note: '"exists" became "is not empty": an empty value now counts as missing' };
  if (operation === 'notExists')
    return { operator: 'isEmpty', note: '"does not exist" became "is empty": an empty value now counts as missing too' };
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
  return {
    left: scope.value(raw.leftValue ?? '', `${field}.left`),
    operator: check.operator,
    right: scope.value(raw.rightValue ?? '', `${field}.right`),
  };
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
  return {
    conditions,
    total: raw.length,
    combine: text(block, 'combinator', 'and') === 'or' ? 'or' : 'and',
    ignoreCase: ignoresCase(p, block),
    raw,
  };
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
  const plain =
    found.total > 0 &&
    found.conditions.length === found.total &&
    fields.every((f) => f !== null) &&
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

interface Rule {
  outputName: string;
  field: string;
  operator: Operator;
  value: unknown;
}

/** Our Switch handles for n8n's outputs, and where unmatched items go (none, an extra output, or output k). */
function switchOutputs(scope: NodeScope, count: number, fallback: unknown) {
  const outputs = Array.from({ length: count }, (_, i) => `out${i}`);
  if (fallback === 'extra') outputs.push('fallback');
  const into = typeof fallback === 'number' && fallback >= 0 && fallback < count;
  if (typeof fallback === 'number' && fallback >= count) {
    scope.notConverted('options.fallbackOutput', `sent unmatched items to output ${fallback + 1}, which this Switch does not have`);
  }
  // Unmatched items join rule k's output in item order, as in n8n.
  return { outputs, hasFallback: fallback === 'extra' || into, fallbackTo: into ? fallback + 1 : 0 };
}

/** The field a rule checks: a plain `{{ $json.x }}`; anything else is reported. */
function ruleField(scope: NodeScope, left: unknown, field: string): string {
  const path = plainFieldPath(left);
  if (path === null) {
    scope.notConverted(field, `compares ${JSON.stringify(left ?? '')}; a Switch rule here checks one field of the item, so enter its name`);
  }
  return path ?? '';
}

function ruleValue(scope: NodeScope, raw: unknown, field: string): unknown {
  const value = scope.value(raw ?? '', field);
  if (typeof value === 'string' && value.includes('{{'))
    scope.review(field, 'an expression here is worked out once, from the first item, not for each item');
  return value;
}

/** Expression mode: n8n's output index (from 0) for each item becomes our output number (from 1). */
function byExpression(scope: NodeScope, raw: unknown, count: number) {
  const converted = scope.text(raw ?? '', 'outputNumber');
  const single = /^\{\{([\s\S]*)\}\}$/.exec(converted.trim());
  if (!single)
    scope.notConverted(
      'outputNumber',
      'the output expression could not be read as one expression; enter it by hand (outputs count from 1 here)',
    );
  const outputNumber = single ? `{{ (${single[1].trim()}) + 1 }}` : converted;
  if (count > MAX_RULES) scope.notConverted('numberOutputs', `had ${count} outputs; a Switch here has at most ${MAX_RULES}`);
  const outputs = Array.from({ length: Math.min(count, MAX_RULES) }, (_, i) => `out${i}`);
  return { type: 'switch', config: { routeBy: 'number', outputNumber, rules: [], fallback: false }, outputs };
}

/** Versions 1 and 2: one value checked by every rule; each rule names its output (several may share one). */
function switchV1(scope: NodeScope, p: Params) {
  const dataType = text(p, 'dataType', 'number');
  const field = ruleField(scope, p.value1, 'value1');
  const rows = list(record(p, 'rules'), 'rules');
  const count = scope.node.typeVersion >= 2 ? Math.max(4, ...rows.map((r) => Number(r.output ?? 0) + 1)) : 4;
  const byOutput = new Map<number, number[]>();
  const rules: Rule[] = [];
  rows.slice(0, MAX_RULES).forEach((row, i) => {
    const operation = text(row, 'operation', dataType === 'boolean' ? 'equal' : 'equal');
    const operator = dataType === 'dateTime' ? (operation === 'after' ? 'gt' : operation === 'before' ? 'lt' : undefined) : V1[operation];
    if (!operator)
      scope.notConverted(
        `rules.${i}.operator`,
        `the check "${dataType} ${operation}" has no equivalent; "is equal to" was put in its place`,
      );
    const output = Number(row.output ?? 0);
    byOutput.set(output, [...(byOutput.get(output) ?? []), i]);
    rules.push({ outputName: '', field, operator: operator ?? 'equals', value: ruleValue(scope, row.value2 ?? '', `rules.${i}.value`) });
  });
  // Our rule i feeds our output i; n8n output k is fed by every rule that names it (and maybe the fallback).
  const fallback = Number(p.fallbackOutput ?? -1);
  const outputs: string[] = [];
  const alsoOutputs: Record<number, string[]> = {};
  for (let k = 0; k < count; k++) {
    const fed = byOutput.get(k) ?? [];
    // Unmatched items join the first rule of output k in item order; with no rule there, the Fallback output stands in.
    const handles = [...fed.map((r) => `out${r}`), ...(fallback === k && fed.length === 0 ? ['fallback'] : [])];
    // '' when nothing feeds it: connections from it are dropped and reported.
    outputs.push(handles[0] ?? '');
    if (handles.length > 1) alsoOutputs[k] = handles.slice(1);
  }
  const into = byOutput.get(fallback)?.[0];
  const config = {
    rules,
    mode: 'first',
    fallback: fallback >= 0 && fallback < count,
    fallbackTo: into === undefined ? 0 : into + 1,
    ignoreCase: false,
  };
  return { type: 'switch', config, outputs, alsoOutputs };
}

/** Switch: versions 1–2 (rules on one value, or an output expression) and 3 (rules, or an output expression). */
export const switchNode: NodeConverter = (scope) => {
  const p = scope.params;
  const mode = text(p, 'mode', 'rules');
  const version = scope.node.typeVersion;
  if (mode === 'expression') return byExpression(scope, p.output, version >= 3 ? Number(p.numberOutputs ?? 4) : 4);
  if (version < 3) return switchV1(scope, p);
  const options = record(p, 'options');
  let ignoreCase = flag(options, 'ignoreCase', false);
  const all = list(record(p, 'rules'), 'values');
  const rules = all.slice(0, MAX_RULES);
  if (all.length > MAX_RULES) scope.notConverted('rules', `has more than ${MAX_RULES} rules; the rest were left out`);
  const converted = rules.map((rule, i) => {
    const field = `rules.${i}`;
    const block = record(rule, 'conditions');
    ignoreCase ||= record(block, 'options').caseSensitive === false;
    const conditions = list(block, 'conditions');
    if (conditions.length > 1) scope.notConverted(field, `checks ${conditions.length} conditions; only the first was kept`);
    const first = conditions[0] ?? {};
    const op = record(first, 'operator');
    const check = checkFor(text(op, 'type', 'string'), text(op, 'operation', 'equals'));
    if (typeof check === 'string') scope.notConverted(`${field}.operator`, `${check}; "is equal to" was put in its place`);
    else if (check.note) scope.review(`${field}.operator`, check.note);
    const outputName = flag(rule, 'renameOutput', false) ? text(rule, 'outputKey') : '';
    return {
      outputName,
      field: ruleField(scope, first.leftValue, `${field}.field`),
      operator: typeof check === 'string' ? 'equals' : check.operator,
      value: ruleValue(scope, first.rightValue ?? '', `${field}.value`),
    };
  });
  const { outputs, hasFallback, fallbackTo } = switchOutputs(scope, converted.length, options.fallbackOutput ?? 'none');
  if (isRecord(options))
    scope.ignoredOptions(options, ['ignoreCase', 'fallbackOutput', 'allMatchingOutputs', 'renameFallbackOutput', 'looseTypeValidation']);
  return {
    type: 'switch',
    config: {
      rules: converted,
      mode: flag(options, 'allMatchingOutputs', false) ? 'all' : 'first',
      fallback: hasFallback,
      fallbackTo,
      ignoreCase,
    },
    outputs,
  };
};
