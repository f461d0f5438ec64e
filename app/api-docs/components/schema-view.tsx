/** A JSON Schema (from the OpenAPI document) in a few readable lines: fields, types, what they mean. */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  format?: string;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

export type Components = Record<string, JsonSchema>;

/** Text with `code` spans (as the document's descriptions write them). */
export function Described({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="font-mono text-xs">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

const refName = (ref: string) => ref.split('/').pop() ?? ref;

/** A short type name: `string`, `WorkflowSummary[]`, `"json" | "yaml"`, `string or null`. */
export function typeName(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeName).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  if (type === 'array') return `${typeName(schema.items)}[]`;
  if (type === 'object' && !schema.properties) return 'object';
  if (schema.format === 'date-time') return 'date-time';
  return type ?? 'any';
}

/** The fields of an object schema (following one $ref), or nothing for other schemas. */
export function SchemaFields({ schema, components }: { schema: JsonSchema; components: Components }) {
  const target = schema.$ref
    ? components[refName(schema.$ref)]
    : schema.type === 'array' && schema.items?.$ref
      ? components[refName(schema.items.$ref)]
      : schema;
  if (!target?.properties) return null;
  const required = new Set(target.required ?? []);
  return (
    <ul className="mt-1 space-y-0.5 text-sm">
      {Object.entries(target.properties).map(([name, field]) => (
        <li key={name}>
          <code className="font-mono text-xs text-slate-900">{name}</code>
          <span className="text-slate-600">
            {' '}
            {typeName(field)}
            {required.has(name) ? '' : ', optional'}
          </span>
          {field.description && (
            <span className="text-slate-700">
              {' '}
              — <Described text={field.description} />
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
