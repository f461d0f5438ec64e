/**
 * Starts the workflow when files appear, change or disappear in a folder on the server. A
 * one-file trigger: `listen` (run by the trigger host in one process per database) watches the
 * folder, `execute` turns the event into the run's first item. chokidar watches, picomatch picks
 * the files, and the events of one file are collapsed until it has been quiet for the debounce
 * time (a file being written fires "changed" many times; the workflow should start once, when it
 * is complete).
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';
import picomatch from 'picomatch';
import { z } from 'zod';
import { defineNode, field, MAIN, type TriggerListenContext, type TriggerListener } from './types';
import { itemsFromPayload } from './lib/trigger-items';
import { resolveDataPath } from './lib/files';

export const fileTriggerConfig = z
  .object({
    folder: field(z.string().trim().default(''), {
      label: 'Folder',
      help: 'A folder on the server’s disk (not your computer). A relative path is inside TaskMaster’s data folder (files/); empty watches that folder itself. Absolute paths like /srv/inbox work too.',
      placeholder: 'inbox',
      expressions: false,
    }),
    pattern: field(z.string().trim().default('**/*'), {
      label: 'File names',
      help: 'Which files count, as a pattern: "*.csv" = CSV files in the folder, "**/*.csv" = also in subfolders, "**/*" = everything.',
      placeholder: '*.csv',
      expressions: false,
    }),
    onCreated: field(z.boolean().default(true), { label: 'When a file is added', widget: 'switch' }),
    onChanged: field(z.boolean().default(true), { label: 'When a file changes', widget: 'switch' }),
    onDeleted: field(z.boolean().default(false), { label: 'When a file is deleted', widget: 'switch' }),
    debounceMs: field(
      z.coerce
        .number({ error: 'Enter a number of milliseconds.' })
        .int('Enter a whole number.')
        .min(0, 'Enter 0 or more.')
        .max(60_000, 'Enter at most 60000.')
        .default(500),
      {
        label: 'Wait for quiet (milliseconds)',
        help: 'A file being written changes many times; the workflow starts once it has been quiet this long.',
        widget: 'number',
        expressions: false,
      },
    ),
  })
  .superRefine((cfg, ctx) => {
    // Refused here, so the switch says so: once, such a trigger showed "active" and heard nothing.
    if (!path.isAbsolute(cfg.folder) && path.normalize(cfg.folder || '.').split(/[\\/]/)[0] === '..') {
      ctx.addIssue({
        code: 'custom',
        path: ['folder'],
        message: `"${cfg.folder}" leaves the data folder. Name a folder inside it (like "inbox"), or give the full path of a folder elsewhere (like /srv/inbox).`,
      });
    }
    if (!cfg.onCreated && !cfg.onChanged && !cfg.onDeleted) {
      ctx.addIssue({ code: 'custom', path: ['onCreated'], message: 'Turn on at least one of: added, changed, deleted.' });
    }
  });
export type FileTriggerConfig = z.output<typeof fileTriggerConfig>;

export type FileEvent = 'created' | 'changed' | 'deleted';

/** The one event a burst of events on one file amounts to; null when nothing is left (added then removed). */
export function settleEvents(first: FileEvent, last: FileEvent): FileEvent | null {
  if (first === 'created') return last === 'deleted' ? null : 'created';
  if (first === 'deleted' && last !== 'deleted') return 'changed';
  return last;
}

/** Absolute folder to watch: relative paths are inside the data folder and may not leave it. */
export function watchedFolder(cfg: FileTriggerConfig, filesDir: string): string {
  return path.isAbsolute(cfg.folder) ? path.resolve(cfg.folder) : resolveDataPath(filesDir, cfg.folder);
}

function listen(lc: TriggerListenContext<FileTriggerConfig>): TriggerListener {
  const cfg = lc.config;
  const folder = watchedFolder(cfg, lc.filesDir);
  const matches = picomatch(cfg.pattern, { dot: false });
  const wanted: Record<FileEvent, boolean> = { created: cfg.onCreated, changed: cfg.onChanged, deleted: cfg.onDeleted };
  const pending = new Map<string, { first: FileEvent; last: FileEvent; timer: NodeJS.Timeout }>();

  const flush = async (file: string) => {
    const burst = pending.get(file);
    pending.delete(file);
    const event = burst && settleEvents(burst.first, burst.last);
    if (!event || !wanted[event] || lc.signal.aborted) return;
    let size: number | null = null;
    let modifiedAt: string | null = null;
    if (event !== 'deleted') {
      const info = await stat(file).catch(() => null);
      if (!info) return; // Gone again before it settled.
      size = info.size;
      modifiedAt = info.mtime.toISOString();
    }
    const relativePath = path.relative(folder, file).split(path.sep).join('/');
    try {
      await lc.fire({ event, path: file, relativePath, name: path.basename(file), size, modifiedAt });
    } catch (err) {
      lc.log(`could not start a run for ${relativePath}: ${(err as Error).message}`);
    }
  };

  const onEvent = (event: FileEvent) => (file: string) => {
    const relativePath = path.relative(folder, file).split(path.sep).join('/');
    if (!matches(relativePath)) return;
    const burst = pending.get(file);
    if (burst) clearTimeout(burst.timer);
    const timer = setTimeout(() => void flush(file), cfg.debounceMs);
    pending.set(file, { first: burst?.first ?? event, last: event, timer });
  };

  let watcher: ReturnType<typeof watch> | null = null;
  const ready = (async () => {
    if (path.isAbsolute(cfg.folder)) {
      const info = await stat(folder).catch(() => null);
      if (!info?.isDirectory()) throw new Error(`The folder ${folder} does not exist on the server (or is not a folder).`);
    } else {
      // Inside the data folder TaskMaster may create it, so a new workflow works at once.
      await mkdir(folder, { recursive: true });
    }
    if (lc.signal.aborted) return;
    const w = watch(folder, { ignoreInitial: true, ignorePermissionErrors: true });
    watcher = w;
    w.on('add', onEvent('created')).on('change', onEvent('changed')).on('unlink', onEvent('deleted'));
    await new Promise<void>((resolve, reject) => {
      w.once('ready', () => resolve());
      w.once('error', (err) => reject(err instanceof Error ? err : new Error(String(err))));
    });
    w.on('error', (err) => lc.log(`watching ${folder} failed: ${err instanceof Error ? err.message : String(err)}`));
  })();

  return {
    ready,
    async stop() {
      await ready.catch(() => {});
      for (const burst of pending.values()) clearTimeout(burst.timer);
      pending.clear();
      await watcher?.close();
    },
  };
}

export default defineNode({
  id: 'file-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'File watch',
  description: 'Starts the workflow when a file is added, changed or deleted in a folder on the server.',
  icon: 'file',
  config: fileTriggerConfig,
  inputs: [],
  outputs: [MAIN],
  example: { folder: 'inbox', pattern: '*.csv', onCreated: true, onChanged: false, onDeleted: false },
  triggerKind: 'file',
  listen,
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});
