import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { ifExistsField, lastByte, prepareTarget, savedItem, savePathField, writeTarget, type SaveTarget } from './lib/save-file';

const config = z.object({
  path: savePathField('json'),
  ifExists: ifExistsField(),
  format: field(z.enum(['auto', 'pretty', 'compact', 'jsonl']).default('auto'), {
    label: 'Format',
    help: 'Pretty JSON is easy to read; compact is smaller; JSON Lines writes one item per line and is quick to add to.',
    widget: 'select',
    optionLabels: {
      auto: 'Pretty JSON (JSON Lines for .jsonl files)',
      pretty: 'Pretty JSON (a list, indented)',
      compact: 'Compact JSON (a list, on one line)',
      jsonl: 'JSON Lines (one item per line)',
    },
  }),
});

/** Joins small strings into chunks of about 64 KB: a million tiny writes are slow. */
function* batched(parts: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const part of parts) {
    chunk += part;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function* jsonLines(items: Item[], lineBreakFirst: boolean): Generator<string> {
  if (lineBreakFirst) yield '\n';
  for (const item of items) yield `${JSON.stringify(item)}\n`;
}

/** A JSON list written item by item, so the whole file is never one string in memory. */
function* jsonList(items: Item[], pretty: boolean): Generator<string> {
  if (items.length === 0) {
    yield '[]\n';
    return;
  }
  for (const [index, item] of items.entries()) {
    const text = pretty ? `  ${JSON.stringify(item, null, 2).replaceAll('\n', '\n  ')}` : JSON.stringify(item);
    const separator = pretty ? ',\n' : ',';
    yield `${index === 0 ? (pretty ? '[\n' : '[') : separator}${text}`;
  }
  yield pretty ? '\n]\n' : ']\n';
}

/** The items already in a JSON list file, to write them again with the new ones after them. */
async function existingList(target: SaveTarget): Promise<Item[]> {
  const text = (await readFile(target.full, 'utf8')).replace(/^\uFEFF/, '');
  if (text.trim() === '') return [];
  let existing: unknown;
  try {
    existing = JSON.parse(text);
  } catch {
    throw new Error(
      `The file "${target.userPath}" is not valid JSON, so items can't be added to it. Choose another path, or replace the file.`,
    );
  }
  if (!Array.isArray(existing)) {
    throw new Error(
      `The file "${target.userPath}" does not hold a list, so items can't be added to it. Choose another path, or replace the file.`,
    );
  }
  return existing as Item[];
}

export default defineNode({
  id: 'save-json',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Save JSON',
  description: 'Writes the items to a JSON or JSON Lines file in the data folder.',
  icon: 'file-text',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { path: 'exports/orders.jsonl', ifExists: 'append', format: 'jsonl' },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    const target = await prepareTarget(ctx.dataDir, cfg.path, cfg.ifExists);
    const format = cfg.format === 'auto' ? (/\.(jsonl|ndjson)$/i.test(target.full) ? 'jsonl' : 'pretty') : cfg.format;
    const appending = cfg.ifExists === 'append' && (target.existingSize ?? 0) > 0;
    let write: (file: NodeJS.WritableStream) => Promise<void>;
    let mode: 'replace' | 'create' | 'append' = cfg.ifExists === 'overwrite' ? 'replace' : cfg.ifExists === 'fail' ? 'create' : 'append';
    if (format === 'jsonl') {
      const lineBreakFirst = appending && (await lastByte(target.full, target.existingSize ?? 0)) !== 0x0a;
      write = (file) => pipeline(Readable.from(batched(jsonLines(items, lineBreakFirst))), file, { signal: ctx.signal });
    } else {
      // A JSON list can't grow in place: the old items and the new ones are written out together.
      const all = appending ? [...(await existingList(target)), ...items] : items;
      if (appending) mode = 'replace';
      write = (file) => pipeline(Readable.from(batched(jsonList(all, format === 'pretty'))), file, { signal: ctx.signal });
    }
    try {
      await writeTarget(target, mode, write);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      throw error;
    }
    ctx.log.info(`Saved ${items.length} items to ${target.relative}.`);
    return { outputs: { main: [await savedItem(target, items.length)] } };
  },
});
