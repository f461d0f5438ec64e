/** A plugins folder in a temp dir, filled with fixtures from tests/fixtures/plugins. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLUGIN_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins');

export interface PluginsDir {
  dir: string;
  remove(): Promise<void>;
}

/** A fresh plugins folder holding copies of the named fixture folders. */
export async function pluginsDirWith(...fixtures: string[]): Promise<PluginsDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tm-plugins-'));
  for (const name of fixtures) await cp(path.join(PLUGIN_FIXTURES, name), path.join(dir, name), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
