/**
 * Which plugins an administrator turned off: `<plugins dir>/taskmaster-plugins.json`. A file
 * beside the plugins (not a database row) so that every process on the machine, the web
 * server, the trigger host and each worker, loads the same set the same way.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({ disabled: z.array(z.string()).default([]) });

const stateFile = (pluginsDir: string) => path.join(pluginsDir, 'taskmaster-plugins.json');

export async function disabledPlugins(pluginsDir: string): Promise<Set<string>> {
  const raw = await readFile(stateFile(pluginsDir), 'utf8').catch(() => null);
  if (raw === null) return new Set();
  try {
    return new Set(stateSchema.parse(JSON.parse(raw)).disabled);
  } catch {
    return new Set();
  }
}

export async function setPluginDisabled(pluginsDir: string, name: string, disabled: boolean): Promise<void> {
  const names = await disabledPlugins(pluginsDir);
  if (disabled) names.add(name);
  else names.delete(name);
  await mkdir(pluginsDir, { recursive: true });
  await writeFile(stateFile(pluginsDir), `${JSON.stringify({ disabled: [...names].sort() }, null, 2)}\n`);
}
