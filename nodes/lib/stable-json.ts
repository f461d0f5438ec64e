/**
 * JSON text that is the same for equal values whatever the order of their keys, so
 * `{a:1,b:2}` and `{b:2,a:1}` compare equal. Used to find duplicate items.
 */
export function stableJson(value: unknown): string {
  // undefined (a missing field) reads like null: both mean "no value".
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}
