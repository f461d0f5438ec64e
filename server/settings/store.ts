/**
 * Every process's live copy of the settings: loaded once, reloaded on each NOTIFY that a change
 * sends (server/db/settings.ts) and whenever the listening connection (re)connects, so no change
 * is missed while the database was away. Reading is a plain property access: steps and requests
 * may consult it as often as they like.
 */
import type postgres from 'postgres';
import { connectPostgres } from '../db/pg-socket';
import { readSettingRows, SETTINGS_CHANNEL } from '../db/settings';
import { defaultSettings, settingsFromRows, type Settings } from '../../core/settings-schema';

export interface SettingsReader {
  current(): Settings;
}

export interface SettingsStore extends SettingsReader {
  /** Called after each reload that changed something. Returns an unsubscribe function. */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
  /** Reloads now; resolves with what it read. */
  reload(): Promise<Settings>;
  close(): Promise<void>;
}

export interface SettingsStoreOptions {
  databaseUrl: string;
  /** The values of settings nobody saved (default: defaultSettings()). */
  defaults?: Settings;
  log?: (message: string) => void;
}

/** Fixed settings, for code paths without a database (and tests). */
export function fixedSettings(settings: Settings = defaultSettings()): SettingsReader {
  return { current: () => settings };
}

export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const defaults = options.defaults ?? defaultSettings();
  const log = options.log ?? (() => {});
  // Its own connections (one for queries, one that LISTENs): independent of any pool's size.
  const sql = connectPostgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  const listeners = new Set<(settings: Settings, previous: Settings) => void>();
  let current = defaults;
  let reported = '';

  const load = async (): Promise<Settings> => {
    const { settings, invalid } = settingsFromRows(await readSettingRows(sql), defaults);
    const problem = invalid.join(',');
    if (problem && problem !== reported) log(`Saved settings that could not be read were ignored (defaults used): ${problem}`);
    reported = problem;
    const previous = current;
    current = settings;
    if (JSON.stringify(previous) !== JSON.stringify(settings)) {
      for (const listener of listeners) listener(settings, previous);
    }
    return settings;
  };

  // One reload at a time; changes that arrive meanwhile cause exactly one more.
  let running: Promise<Settings> | null = null;
  let again = false;
  const reload = (): Promise<Settings> => {
    if (running) {
      again = true; // the loop below reads once more before it settles
      return running;
    }
    running = (async () => {
      try {
        let settings: Settings;
        do {
          again = false;
          settings = await load();
        } while (again);
        return settings;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const reloadQuietly = () => void reload().catch((error: unknown) => log(`Could not reload the settings: ${String(error)}`));

  let listening: postgres.ListenMeta;
  try {
    await load();
    listening = await sql.listen(SETTINGS_CHANNEL, reloadQuietly, reloadQuietly);
  } catch (error) {
    await sql.end({ timeout: 5 });
    throw error;
  }

  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
    async close() {
      listeners.clear();
      await listening.unlisten().catch(() => {});
      await running?.catch(() => {});
      await sql.end({ timeout: 5 });
    },
  };
}
