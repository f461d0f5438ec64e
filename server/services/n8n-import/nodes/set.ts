/** Edit Fields (Set): version 3.3+ assignments, 3.0–3.2 fields, and the values lists of versions 1–2. */
import type { NodeConverter, NodeScope } from '../scope';
import { flag, isExpression, isRecord, list, record, text, type Params } from '../params';

interface Field {
  name: string;
  value: unknown;
}

/** A typed n8n value as ours: literal numbers, true/false and JSON become real values. */
function typedValue(scope: NodeScope, raw: unknown, type: string, field: string): unknown {
  if (isExpression(raw)) return scope.value(raw, field);
  if (typeof raw !== 'string') return raw ?? null;
  switch (type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() !== '' && Number.isFinite(n)) return n;
      scope.notConverted(field, `"${raw}" is not a number; it was kept as text`);
      return raw;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return scope.value(raw, field);
    case 'array':
    case 'object':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        scope.notConverted(field, `is not valid JSON for ${type === 'array' ? 'a list' : 'an object'}; it was kept as text`);
        return raw;
      }
    default:
      return scope.value(raw, field);
  }
}

function fieldsOf(scope: NodeScope, p: Params): Field[] {
  const assignments = list(record(p, 'assignments'), 'assignments');
  if (assignments.length > 0 || p.assignments !== undefined) {
    return assignments.map((a, i) => ({ name: text(a, 'name'), value: typedValue(scope, a.value, text(a, 'type', 'string'), `fields.${i}.value`) }));
  }
  const v3 = list(record(p, 'fields'), 'values');
  if (v3.length > 0) {
    return v3.map((f, i) => {
      const type = text(f, 'type', 'stringValue').replace(/Value$/, '');
      return { name: text(f, 'name'), value: typedValue(scope, f[`${type}Value`], type, `fields.${i}.value`) };
    });
  }
  // Versions 1 and 2: { values: { string: [{ name, value }], number: [...], boolean: [...] } }.
  const values = record(p, 'values');
  const out: Field[] = [];
  for (const type of ['string', 'number', 'boolean']) {
    for (const row of list(values, type)) out.push({ name: text(row, 'name'), value: typedValue(scope, row.value, type, `fields.${out.length}.value`) });
  }
  return out;
}

/** Whether items keep their other fields, by version: 3.3+ has a switch (off by default), 3.0–3.2 a choice, 1–2 "keep only set". */
function keepsOtherFields(scope: NodeScope, p: Params, version: number): boolean {
  if (version < 3) return !flag(p, 'keepOnlySet', false);
  const include = text(p, 'include', 'all');
  const keeps = version >= 3.3 ? flag(p, 'includeOtherFields', false) : include !== 'none';
  if (keeps && (include === 'selected' || include === 'except')) {
    scope.notConverted('include', `kept ${include === 'selected' ? 'only some' : 'all but some'} of the other fields in n8n; here all other fields are kept`);
  }
  return keeps;
}

export const setFields: NodeConverter = (scope) => {
  const p = scope.params;
  if (text(p, 'mode', 'manual') === 'raw') {
    const raw = p.jsonOutput;
    const json = typeof raw === 'string' && !isExpression(raw) ? raw : undefined;
    let parsed: unknown;
    try {
      parsed = json === undefined ? undefined : JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed)) {
      scope.notConverted('jsonOutput', 'built the item from JSON with expressions; add the fields as rows instead');
      return { type: 'set-fields', config: { fields: [], keepOtherFields: keepsOtherFields(scope, p, scope.node.typeVersion) } };
    }
    const fields = Object.entries(parsed).map(([name, value]) => ({ name, value }));
    return { type: 'set-fields', config: { fields, keepOtherFields: keepsOtherFields(scope, p, scope.node.typeVersion) } };
  }
  const options = record(p, 'options');
  if (options.dotNotation === false) scope.review('options.dotNotation', 'names with dots set a field of that exact name in n8n; here a dot reaches into an object');
  scope.ignoredOptions(options, ['dotNotation', 'includeBinary', 'stripBinary']);
  return { type: 'set-fields', config: { fields: fieldsOf(scope, p), keepOtherFields: keepsOtherFields(scope, p, scope.node.typeVersion) } };
};
