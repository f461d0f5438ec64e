/**
 * Reads a node type's config JSON Schema (made by zod with UI hints on each field) into the
 * list of fields the settings form draws. Unknown shapes fall back to a JSON box.
 */

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'code'
  | 'number'
  | 'switch'
  | 'select'
  | 'json'
  | 'secret'
  | 'keyvalue'
  | 'list'
  | 'browser-profile'
  | 'credential'
  | 'step'
  | 'steps'
  | 'workflow';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  label: string;
  help?: string;
  placeholder?: string;
  required: boolean;
  defaultValue?: unknown;
  options?: Array<{ value: string; label: string }>;
  min?: number;
  max?: number;
  integer?: boolean;
  /** For lists of objects: the fields of one row. */
  itemFields?: FieldSpec[];
  /** For credential fields: the credential types it accepts. */
  credentialTypes?: string[];
  /** Shown only while these other fields have one of the listed values (meta `showWhen`). */
  showWhen?: Record<string, string[]>;
  /** Text that may hold `{{ }}` references: the data picker can put them here. */
  expressions?: boolean;
  /** A data-folder path with an Upload button (meta `upload`). */
  upload?: boolean;
  /** A selector field: offers "Pick on page". */
  pick?: boolean;
  /** For code fields: the language the editor colours. */
  language?: 'javascript' | 'python';
  /** Takes the name of a field of the incoming items (widget field-name), or a list of them (field-names). */
  fieldName?: 'one' | 'list';
}

type JsonSchema = Record<string, unknown>;

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e15 ? value : undefined;
}

/** "keepOtherFields" → "Keep other fields", for fields without a label. */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(schema: JsonSchema): FieldKind {
  const widget = str(schema.widget);
  const type = schema.type;
  if (Array.isArray(schema.enum)) return 'select';
  // `code` is program text (kept as a string); `json` is a value typed as JSON.
  if (widget === 'json') return 'json';
  if (widget === 'browser-profile') return 'browser-profile';
  if (widget === 'credential') return 'credential';
  if (widget === 'step') return 'step';
  if (widget === 'steps') return 'steps';
  if (widget === 'workflow') return 'workflow';
  if (widget === 'field-name' || widget === 'field-names') return 'text';
  if (
    widget === 'text' ||
    widget === 'code' ||
    widget === 'textarea' ||
    widget === 'number' ||
    widget === 'switch' ||
    widget === 'secret' ||
    widget === 'keyvalue' ||
    widget === 'list'
  ) {
    return widget;
  }
  if (type === 'boolean') return 'switch';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array' && isObject(schema.items) && schema.items.type === 'object') return 'list';
  if (type === 'array' || type === 'object') return 'json';
  return 'text';
}

function fieldFrom(key: string, schema: JsonSchema, required: boolean): FieldSpec {
  const kind = kindOf(schema);
  const spec: FieldSpec = {
    key,
    kind,
    label: str(schema.label) ?? str(schema.title) ?? humanize(key),
    help: str(schema.help) ?? str(schema.description),
    placeholder: str(schema.placeholder),
    required,
    defaultValue: schema.default,
    min: num(schema.minimum),
    max: num(schema.maximum),
    integer: schema.type === 'integer',
    expressions: (kind === 'text' || kind === 'textarea') && schema.expressions !== false,
  };
  if (kind === 'select') {
    const labels = isObject(schema.optionLabels) ? schema.optionLabels : {};
    const values = Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : [];
    spec.options = values.map((value) => ({ value, label: str(labels[value]) ?? value }));
  }
  if ((kind === 'list' || kind === 'keyvalue') && isObject(schema.items)) spec.itemFields = fieldsOf(schema.items);
  if (kind === 'credential' && Array.isArray(schema.credentialTypes)) {
    spec.credentialTypes = schema.credentialTypes.filter((t): t is string => typeof t === 'string');
  }
  if (schema.upload === true) spec.upload = true;
  if (schema.pick === true && kind === 'text') spec.pick = true;
  if (kind === 'code' && schema.language === 'python') spec.language = 'python';
  if (schema.widget === 'field-name') spec.fieldName = 'one';
  if (schema.widget === 'field-names') spec.fieldName = 'list';
  if (isObject(schema.showWhen)) {
    const when = Object.entries(schema.showWhen).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]));
    spec.showWhen = Object.fromEntries(when.map(([other, values]) => [other, values.map(String)]));
  }
  return spec;
}

/** Whether a field is shown for this config: its `showWhen` fields (or their defaults) have a listed value. */
export function isShown(spec: FieldSpec, fields: FieldSpec[], config: Record<string, unknown>): boolean {
  if (!spec.showWhen) return true;
  return Object.entries(spec.showWhen).every(([other, values]) => {
    const value = config[other] ?? fields.find((f) => f.key === other)?.defaultValue;
    return values.includes(String(value));
  });
}

/** The fields of an object schema, in declaration order. */
export function fieldsOf(schema: unknown): FieldSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties)
    .filter((entry): entry is [string, JsonSchema] => isObject(entry[1]))
    .map(([key, prop]) => fieldFrom(key, prop, required.has(key)));
}

/** A new row for a list field: each column's default, or empty text. */
export function emptyRow(fields: FieldSpec[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of fields) row[f.key] = f.defaultValue !== undefined ? structuredClone(f.defaultValue) : f.kind === 'switch' ? false : '';
  return row;
}

/** The config a newly added node starts with: every field's default, so the form shows them. */
export function defaultConfig(schema: unknown): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fieldsOf(schema)) if (f.defaultValue !== undefined) config[f.key] = structuredClone(f.defaultValue);
  return config;
}
