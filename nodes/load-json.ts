import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { checkSource, openSource, readAllText, sourceFields, type OpenedSource } from './lib/data-source';
import { itemsOf, jsonLinePages, jsonLinesOf, parseJson, readJsonLines, textLines } from './lib/json-read';

const config = z
  .object({
    ...sourceFields('JSON', 'json'),
    format: field(z.enum(['auto', 'json', 'jsonl']).default('auto'), {
      label: 'Format',
      help: 'JSON Lines files (.jsonl) hold one JSON object per line. "Detect automatically" goes by the file name and the content.',
      widget: 'select',
      optionLabels: { auto: 'Detect automatically', json: 'JSON', jsonl: 'JSON Lines (one object per line)' },
    }),
    listPath: field(z.string().trim().default(''), {
      label: 'Where the list is',
      help:
        'Leave empty when the data is a list. When the list sits inside an object, like {"data": {"items": [...]}}, ' +
        'enter where it is, with dots: data.items. Each entry of the list becomes one item.',
      placeholder: 'data.items',
    }),
  })
  .superRefine((cfg, ctx) => checkSource(cfg, ctx, 'JSON', 'json'));
type LoadJsonConfig = z.output<typeof config>;

const JSON_LINES_NAME = /\.(jsonl|ndjson)$/i;
/** Items per page when streamed, as stored (server/db/run-store.ts PAGE_ITEMS). */
const PAGE_ITEMS = 1000;

const isJsonLines = (cfg: LoadJsonConfig, source: OpenedSource) =>
  cfg.format === 'jsonl' || (cfg.format === 'auto' && JSON_LINES_NAME.test(source.fileName));

async function load(cfg: LoadJsonConfig, source: OpenedSource, signal: AbortSignal, hint: (m: string) => void): Promise<Item[]> {
  // Line by line, so a large JSON Lines file is never held as one string.
  if (isJsonLines(cfg, source)) return readJsonLines(textLines(source.chunks, source.encoding), signal);
  return loadWhole(cfg, source, signal, hint);
}

/** A JSON document is parsed whole (JSON.parse is several times faster than a streaming parser); its list then goes on in pages. */
async function loadWhole(cfg: LoadJsonConfig, source: OpenedSource, signal: AbortSignal, hint: (m: string) => void): Promise<Item[]> {
  const text = await readAllText(source, signal);
  if (text.trim() === '') throw new Error('It is empty.');
  let document: unknown;
  try {
    document = parseJson(text);
  } catch (error) {
    // Pasted JSON Lines has no file name to go by.
    const lines = cfg.format === 'auto' ? jsonLinesOf(text) : undefined;
    if (lines) return lines;
    throw error;
  }
  return itemsOf(document, cfg.listPath, hint);
}

export default defineNode({
  id: 'load-json',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Load JSON',
  description: 'Reads JSON or JSON Lines (from the data folder, a web address or pasted text) into items.',
  icon: 'braces',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { source: 'url', url: 'https://example.com/api/orders.json', listPath: 'data.items' },
  async execute(ctx) {
    // Runs once whatever comes in: it is often the first step after a trigger.
    const cfg = ctx.config;
    const source = await openSource(ctx, cfg);
    let items: Item[];
    try {
      items = await load(cfg, source, ctx.signal, (message) => ctx.log.warn(message));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      throw new Error(`Could not read ${source.name}: ${(error as Error).message}`);
    }
    ctx.log.info(`Read ${items.length} items from ${source.name}.`);
    return { outputs: { main: items } };
  },
  async *stream(ctx) {
    const cfg = ctx.config;
    const source = await openSource(ctx, cfg);
    const hint = (message: string) => ctx.log.warn(message);
    let count = 0;
    try {
      if (isJsonLines(cfg, source)) {
        for await (const page of jsonLinePages(textLines(source.chunks, source.encoding), ctx.signal, PAGE_ITEMS)) {
          count += page.length;
          yield { main: page };
        }
      } else {
        const items = await loadWhole(cfg, source, ctx.signal, hint);
        count = items.length;
        for (let i = 0; i < items.length; i += PAGE_ITEMS) yield { main: items.slice(i, i + PAGE_ITEMS) };
      }
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      throw new Error(`Could not read ${source.name}: ${(error as Error).message}`);
    }
    ctx.log.info(`Read ${count} items from ${source.name}.`);
    yield { main: [] };
  },
});
