/** Reading JSON and JSON Lines for Load JSON, with errors that point at a line. */
import { StringDecoder } from 'node:string_decoder';
import type { Item } from '../types';
import type { Encoding } from './data-source';
import { getField, isPlainObject } from './values';

/** An item per value: objects as they are, anything else wrapped as `{ value }`. */
export function toItem(value: unknown): Item {
  return isPlainObject(value) ? value : { value };
}

/** Lines of a byte stream, decoded without splitting a character across chunks. */
export async function* textLines(chunks: AsyncIterable<Buffer>, encoding: Encoding): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding);
  let pending = '';
  let first = true;
  for await (const chunk of chunks) {
    pending += decoder.write(chunk);
    if (first && pending.length > 0) {
      pending = pending.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      yield pending.slice(start, end).replace(/\r$/, '');
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield pending.replace(/\r$/, '');
}

/** Parses JSON Lines: one JSON value per line, blank lines skipped. */
export async function readJsonLines(lines: AsyncIterable<string>, signal: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of jsonLinePages(lines, signal)) for (const item of page) items.push(item);
  return items;
}

/** JSON Lines as pages of `pageItems` items, read line by line (Load JSON's stream). */
export async function* jsonLinePages(lines: AsyncIterable<string>, signal: AbortSignal, pageItems = 1000): AsyncGenerator<Item[]> {
  let page: Item[] = [];
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    signal.throwIfAborted();
    try {
      page.push(toItem(JSON.parse(line)));
    } catch (error) {
      throw new Error(`Line ${number} is not valid JSON (${(error as Error).message}). Each line should hold one complete JSON value.`);
    }
    if (page.length === pageItems) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** JSON.parse with the line and column of a mistake, which "position 5012" does not tell a person. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (!position) throw new Error(`It is not valid JSON (${message}).`);
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new Error(`It is not valid JSON: the mistake is on line ${line}, column ${column} (${message}).`);
  }
}

/** Whether text that failed as one JSON document reads as JSON Lines instead. */
export function jsonLinesOf(text: string): Item[] | undefined {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) return undefined;
  try {
    return lines.map((line) => toItem(JSON.parse(line)));
  } catch {
    return undefined;
  }
}

/** The items in a parsed document: the list itself, or the list found at the dotted `listPath`. */
export function itemsOf(document: unknown, listPath: string, hint: (message: string) => void): Item[] {
  let value = document;
  if (listPath !== '') {
    if (!isPlainObject(document)) {
      throw new Error(
        `The data is ${Array.isArray(document) ? 'already a list' : 'not an object'}, so there is no "${listPath}" in it. Leave "Where the list is" empty.`,
      );
    }
    value = getField(document, listPath);
    if (value === undefined) {
      const keys = Object.keys(document)
        .slice(0, 10)
        .map((key) => `"${key}"`)
        .join(', ');
      throw new Error(`There is nothing at "${listPath}". At the top, the data has: ${keys || 'no fields'}. Check "Where the list is".`);
    }
  }
  if (Array.isArray(value)) return value.map(toItem);
  if (listPath === '' && isPlainObject(value)) {
    const list = Object.entries(value).find(([, inner]) => Array.isArray(inner) && inner.length > 0 && inner.every(isPlainObject));
    if (list)
      hint(
        `The data is one object, so it came out as one item. For one item per entry of its list, set "Where the list is" to ${list[0]}.`,
      );
  }
  return [toItem(value)];
}
