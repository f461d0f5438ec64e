/** What counts as "no value" in a cell, for the cleaning nodes. */

export interface MissingOptions {
  /** Whether text of only spaces counts as missing. */
  whitespace: boolean;
}

/** null, undefined, empty text, NaN, and (optionally) text of only spaces. */
export function isMissing(value: unknown, options: MissingOptions): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return options.whitespace && value.trim() === '';
  return false;
}
