/**
 * Values between items and PostgreSQL: what a parameter or a column value is sent as, what a
 * result row becomes as an item, and database errors in plain words.
 */
import type { Item } from '../types';
import { isPlainObject } from './values';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * What a value from an item is sent as: as it is, for the driver to send as the type the server
 * expects (an object as JSON for a json column, a list as an array for `= any($1)`); a missing
 * value is NULL.
 */
export function toDatabaseValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** A number where the text holds one exactly; big counts and long decimals stay text. */
function numberFrom(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(n) ? n : text;
  // "29.90" is 29.9 exactly; "0.1000000000000000001" is not.
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return String(n) === trimmed ? n : text;
}

function toItemValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toItemValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toItemValue(v)]));
  return value;
}

/**
 * Result rows as items: times as ISO text, bytes as base64, and whole numbers and decimals
 * (which the driver gives as text, to lose no digit) as numbers when no digit is lost.
 */
export function rowsToItems(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: ReadonlyArray<{ name: string; type: number }> = [],
): Item[] {
  const numeric = columns.filter((c) => c.type === INT8 || c.type === NUMERIC).map((c) => c.name);
  return rows.map((row) => {
    const item: Item = {};
    for (const [key, value] of Object.entries(row)) {
      item[key] = numeric.includes(key) && typeof value === 'string' ? numberFrom(value) : toItemValue(value);
    }
    return item;
  });
}

interface PostgresErrorFields {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  position?: string;
  column_name?: string;
  constraint_name?: string;
}

function quoted(message: string): string | undefined {
  return /"([^"]+)"/.exec(message)?.[1];
}

/**
 * A database's refusal of a statement in plain words (what is wrong, what to do), with the
 * database's own message kept at the end for those who know SQL.
 */
export function explainQueryError(error: unknown, what: { parameters?: number } = {}): Error {
  const e = error as PostgresErrorFields;
  const said = e.message ?? String(error);
  const detail = e.detail ? ` ${e.detail}` : '';
  const own = ` (The database said: ${said}.${detail}${e.hint ? ` Hint: ${e.hint}` : ''})`;
  const name = quoted(said);
  switch (e.code) {
    case '42P01':
      return new Error(`The database has no table "${name ?? '?'}": check its name (and schema), or create the table first.${own}`);
    case '42703':
      return new Error(`There is no column "${name ?? '?'}" there: check the column names.${own}`);
    case '23505':
      return new Error(
        `A row with the same key is already in the table.${detail} To keep going instead, set "When the row already exists" to skip it.${own}`,
      );
    case '23502':
      return new Error(`The column "${e.column_name ?? name ?? '?'}" must have a value, but a row had none.${own}`);
    case '23503':
      return new Error(`A row refers to something that is not in the other table.${detail}${own}`);
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new Error(`A value does not fit its column's type (like text where a number goes).${own}`);
    case '42601':
      return said.includes('multiple commands')
        ? new Error(`The query holds more than one statement: give each statement its own step.${own}`)
        : new Error(`The SQL has a mistake${e.position ? ` near character ${e.position}` : ''}.${own}`);
    case '08P01':
      if (said.includes('bind message supplies')) {
        return new Error(
          `The query's $1, $2… placeholders and the ${what.parameters ?? 0} values under "Query parameters" do not match: list one value for each placeholder, in order.${own}`,
        );
      }
      break;
    case '42501':
      return new Error(`The database user may not do this (permission denied).${own}`);
    case '57014':
      return new Error(`The database stopped the statement because it took too long.${own}`);
    case '25P02':
      return new Error(`An earlier statement of this step failed, so the rest were not run.${own}`);
    default:
      break; // any other code: the general message below
  }
  return new Error(`The database refused the statement.${own}`);
}
