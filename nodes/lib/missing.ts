/** What counts as "no value" in a cell, for the cleaning nodes. */

export interface MissingOptions {
  /** Whether text of only spaces counts as missing. */
  whitespace: boolean;
  /** Whether pandas' missing-value words ("NA", "N/A", "null", "NaN"…) count as missing. */
  naText?: boolean;
}

/**
 * The texts pandas' `read_csv` reads as missing by default (its `na_values`, pandas 2.x). The
 * first design loaded files with pandas, so its `drop_na` dropped rows holding these.
 */
export const PANDAS_NA_TEXTS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** null, undefined, empty text, NaN, (optionally) text of only spaces and pandas' missing words. */
export function isMissing(value: unknown, options: MissingOptions): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') {
    // pandas compares the cell as read, without trimming.
    if (options.naText && PANDAS_NA_TEXTS.has(value)) return true;
    return options.whitespace && value.trim() === '';
  }
  return false;
}
