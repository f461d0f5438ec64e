/** Helpers for Save CSV: the rows to write and, when adding to a file, the columns it already has. */
import { parse } from 'csv-parse/sync';
import { open } from 'node:fs/promises';
import type { Item } from '../types';
import { getField, toText } from './values';

/** Each item as the cells of one line, in column order; objects and lists are written as JSON. */
export function* csvRows(items: Item[], columns: string[]): Generator<string[]> {
  for (const item of items) yield columns.map((column) => toText(getField(item, column)));
}

/** How far into an existing file to look for its first line. */
const HEADER_BYTES = 256 * 1024;

/** The column names on the first line of an existing CSV file (empty when it has none). */
export async function existingHeader(full: string, delimiter: string): Promise<string[]> {
  const handle = await open(full, 'r');
  let text: string;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const firstLine: string[][] = parse(text, {
    to_line: 1,
    bom: true,
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  return firstLine[0] ?? [];
}
