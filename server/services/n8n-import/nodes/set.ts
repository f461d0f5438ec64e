/** Edit Fields (Set): version 3.3+ assignments, 3.0–3.2 fields, and the values lists of versions 1–2. */
import type { NodeConverter, NodeScope } from '../scope';
import { flag, isExpression, isRecord, list, record, text, type Params } from '../params';

interface Field {
  name: string;
  value: unknown;
  type?: string;
}

/** n8n's declared types as ours; the step converts the value (typed in or from an expression) when it runs. */
const TYPES: Record<string, string> = { string: 'text', number: 'number', boolean: 'boolean', array: 'list', object: 'object' };

function typedField(scope: NodeScope, name: string, raw: unknown, type: string, field: string): Field {
  const ours = TYPES[type];
  if (!ours) scope.notConverted(field, `has the type "${type}", which Set fields does not have; the value is kept as it comes`);
  const value = typeof raw === 'string' ? scope.value(raw, field) : (raw ?? null);
  return ours && ours !== 'auto' ? { name, value, type: ours } : { name, value };
}

function fieldsOf(scope: NodeScope, p: Params): Field[] {
  const assignments = list(record(p, 'assignments'), 'assignments');
  if (assignments.length > 0 || p.assignments !== undefined) {
    return assignments.map((a, i) => typedField(scope, text(a, 'name'), a.value, text(a, 'type', 'string'), `fields.${i}.value`));
  }
  const v3 = list(record(p, 'fields'), 'values');
  if (v3.length > 0) {
    return v3.map((f, i) => {
      const type = text(f, 'type', 'stringValue').replace(/Value$/, '');
      return typedField(scope, text(f, 'name'), f[`${type}Value`], type, `fields.${i}.value`);
    });
  }
  // Versions 1 and 2: { values: { string: [{ name, value }], number: [...], boolean: [...] } }.
  const values = record(p, 'values');
  const out: Field[] = [];
  for (const type of ['string', 'number', 'boolean']) {
    for (const row of list(values, type)) out.push(typedField(scope, text(row, 'name'), row.value, type, `fields.${out.length}.value`));
  }
  return out;
}

/** Whether items keep their other fields, by version: 3.3+ has a switch (off by default), 3.0–3.2 a choice, 1–2 "keep only set". */
function keepsOtherFields(scope: NodeScope, p: Params, version: number): boolean {
  if (version < 3) return !flag(p, 'keepOnlySet', false);
  const include = text(p, 'include', 'all');
  const keeps = version >= 3.3 ? flag(p, 'includeOtherFields', false) : include !== 'none';
  if (keeps && (include === 'selected' || include === 'except')) {
    scope.notConverted(
      'include',
      `kept ${include === 'selected' ? 'only some' : 'all but some'} of the other fields in n8n; here all other fields are kept`,
    );
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
  scope.ignoredOptions(options, ['dotNotation', 'includeBinary', 'stripBinary', 'ignoreConversionErrors']);
  const config: Record<string, unknown> = {
    fields: fieldsOf(scope, p),
    keepOtherFields: keepsOtherFields(scope, p, scope.node.typeVersion),
  };
  if (options.dotNotation === false) config.dotNotation = false;
  if (options.ignoreConversionErrors === true) config.keepUnconvertible = true;
  return { type: 'set-fields', config };
};
