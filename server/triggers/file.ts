/**
 * File-watch listener: chokidar watches the folder, picomatch picks the files, and the events
 * of one file are collapsed until it has been quiet for the debounce time (a file being
 * written fires "changed" many times; the workflow should start once, when it is complete).
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';
import picomatch from 'picomatch';
import { fileTriggerConfig, type FileTriggerConfig } from '../../nodes/file-trigger';
import { resolveDataPath } from '../../nodes/lib/files';
import type { Listener, ListenerContext, ListenerType } from './types';

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

function start(lc: ListenerContext<FileTriggerConfig>): Listener {
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

export const fileListener: ListenerType<FileTriggerConfig> = {
  nodeType: 'file-trigger',
  kind: 'file',
  config: fileTriggerConfig,
  start,
};
