/**
 * Where Load nodes get their bytes: a file in the data folder, a web address, or text pasted
 * into the form. The form fields and the reading live here so Load CSV and Load JSON behave
 * the same way and say the same things when something is wrong.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { field, type NodeContext } from '../types';
import { resolveDataPath } from './files';
import { buildUrl } from './http';

export const ENCODINGS = ['utf8', 'latin1', 'utf16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** The form fields every Load node shows; `kind` only changes examples and labels. */
export function sourceFields(kind: 'CSV' | 'JSON', extension: string) {
  return {
    source: field(z.enum(['file', 'url', 'text'], { error: 'Choose where the data comes from.' }), {
      label: 'Where is the data?',
      widget: 'select',
      optionLabels: { file: 'A file in the data folder (or uploaded)', url: 'A web address (URL)', text: 'Text pasted here' },
    }),
    path: field(z.string().default(''), {
      label: 'File path',
      help: `Where the file is inside the data folder, like imports/customers.${extension}. "Upload a file…" copies one from your computer into the data folder (uploads/) and fills this in.`,
      placeholder: `imports/customers.${extension}`,
      upload: true,
      showWhen: { source: ['file'] },
    }),
    url: field(z.string().default(''), {
      label: 'Web address (URL)',
      help: 'The address to download the data from. Used when the data is at a web address.',
      placeholder: `https://example.com/customers.${extension}`,
      showWhen: { source: ['url'] },
    }),
    text: field(z.string().default(''), {
      label: `${kind} content`,
      help: `The ${kind} itself, pasted. Used when the data is pasted here; upload a file to the data folder instead for large data.`,
      widget: 'textarea',
      // Data, not a template: "{{" inside pasted content must stay as it is.
      expressions: false,
      showWhen: { source: ['text'] },
    }),
    encoding: field(z.enum(ENCODINGS).default('utf8'), {
      label: 'Text encoding',
      help: 'How letters like é or ü are stored in the file. If they come out garbled (like Ã©), try Latin-1. Not used for pasted text.',
      widget: 'select',
      optionLabels: {
        utf8: 'UTF-8 (most files)',
        latin1: 'Latin-1 / Windows (older Excel exports)',
        utf16le: 'UTF-16 (Excel "Unicode text")',
      },
    }),
  };
}

export interface SourceConfig {
  source: 'file' | 'url' | 'text';
  path: string;
  url: string;
  text: string;
  encoding: Encoding;
}

/** For a `superRefine`: the field the chosen source needs must be filled in. */
export function checkSource(cfg: SourceConfig, ctx: z.RefinementCtx, kind: 'CSV' | 'JSON', extension: string): void {
  const need = (key: 'path' | 'url' | 'text', message: string) => {
    if (cfg[key].trim() === '') ctx.addIssue({ code: 'custom', path: [key], message });
  };
  if (cfg.source === 'file') need('path', `Enter the path of the file in the data folder, like imports/customers.${extension}.`);
  if (cfg.source === 'url') need('url', 'Enter the web address to download the data from.');
  if (cfg.source === 'text') need('text', `Paste the ${kind} content, or upload a file.`);
}

export interface OpenedSource {
  chunks: AsyncIterable<Buffer>;
  /** How messages name the source: `the file "a.csv"`, `https://…`, `the pasted text`. */
  name: string;
  /** The file name or the URL's path, to recognise `.jsonl` and the like. */
  fileName: string;
  encoding: Encoding;
}

async function openFile(ctx: NodeContext<unknown>, userPath: string, encoding: Encoding): Promise<OpenedSource> {
  const full = resolveDataPath(ctx.dataDir, userPath);
  const name = `the file "${userPath}"`;
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new Error(`"${userPath}" is a folder, not a file. Add the file name to the path.`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new Error(`There is no file "${userPath}" in the data folder. Check the spelling of the path, or upload the file first.`);
    }
    if (code === 'EACCES') throw new Error(`The file "${userPath}" can't be read: TaskMaster has no permission to open it.`);
    throw error;
  }
  const stream = createReadStream(full, { signal: ctx.signal, highWaterMark: 256 * 1024 });
  async function* chunks() {
    for await (const chunk of stream) yield chunk as Buffer;
  }
  return { chunks: chunks(), name, fileName: userPath, encoding };
}

async function openUrl(ctx: NodeContext<unknown>, address: string, encoding: Encoding): Promise<OpenedSource> {
  const url = buildUrl(address.trim(), []);
  const name = url.href;
  ctx.log.info(`Downloading ${name}`);
  let response: Response;
  try {
    response = await ctx.fetch(url, { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    // Node's fetch hides the real reason (refused, unknown host…) in `cause`.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`Downloading ${name} failed: ${cause ?? (error as Error).message}. Check the address, or try again later.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new Error(`Downloading ${name} failed: the server answered with status ${status}. Check the address.`);
  }
  const body = response.body;
  async function* chunks() {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    } finally {
      // Stops the download when reading ends early (an error, a cancelled run).
      await reader.cancel().catch(() => undefined);
    }
  }
  return { chunks: chunks(), name, fileName: url.pathname, encoding };
}

/** Opens the configured source for streaming. Pasted text is already text, so it is UTF-8. */
export async function openSource(ctx: NodeContext<unknown>, cfg: SourceConfig): Promise<OpenedSource> {
  if (cfg.source === 'file') return openFile(ctx, cfg.path.trim(), cfg.encoding);
  if (cfg.source === 'url') return openUrl(ctx, cfg.url, cfg.encoding);
  const bytes = Buffer.from(cfg.text, 'utf8');
  async function* chunks() {
    yield bytes;
  }
  return { chunks: chunks(), name: 'the pasted text', fileName: '', encoding: 'utf8' };
}

/** Reads the whole source as text, dropping a byte-order mark (which also tells UTF-16 apart). */
export async function readAllText(source: OpenedSource, signal: AbortSignal): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source.chunks) {
    signal.throwIfAborted();
    parts.push(chunk);
  }
  return decodeText(Buffer.concat(parts), source.encoding);
}

export function decodeText(bytes: Buffer, encoding: Encoding): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString(encoding);
}
