/** Reading n8n parameters, which are `unknown` until looked at, without casts at every call. */

export type Params = Record<string, unknown>;

export function isRecord(value: unknown): value is Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function record(params: Params, key: string): Params {
  const value = params[key];
  return isRecord(value) ? value : {};
}

export function list(params: Params, key: string): Params[] {
  const value = params[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function text(params: Params, key: string, fallback = ''): string {
  const value = params[key];
  return typeof value === 'string' ? value : fallback;
}

export function number(params: Params, key: string, fallback: number): number {
  const value = params[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fallback;
}

export function flag(params: Params, key: string, fallback: boolean): boolean {
  const value = params[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** `{ parameters: [{ name, value }] }` rows, as n8n's key/value lists store them. */
export function nameValueRows(params: Params, key: string, listKey = 'parameters'): Array<{ name: string; value: unknown }> {
  return list(record(params, key), listKey).map((row) => ({ name: text(row, 'name'), value: row.value }));
}

/** An n8n expression string: starts with "=". */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}
