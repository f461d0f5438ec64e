/**
 * Installing, removing and turning off plugins (Settings → Plugins and `taskmaster plugins`).
 * npm installs packages into the plugins folder (its own package.json and node_modules), from
 * the registry npm is set up to reach or from a .tgz file; the loader then reloads this process.
 * Other processes (separate workers) load the new set when they restart.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../config';
import { loadPlugins, pluginReport } from './index';
import { linkSdk } from './sdk-link';
import { setPluginDisabled } from './state-file';
import type { PluginInfo, PluginReport } from './types';

const run = promisify(execFile);

/** A plain-words failure of a plugin operation (the caller shows the message as it is). */
export class PluginError extends Error {}

/** npm package names, optionally with a version or tag: `tm-plugin-x`, `@acme/x@1.2.0`. */
const PACKAGE_SPEC = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(@[A-Za-z0-9.^~<>=|* -]+)?$/;

interface Where {
  dir: string;
  enabled: boolean;
}

function where(dir?: string): Where {
  const config = loadConfig();
  return { dir: dir ?? config.pluginsDir, enabled: config.pluginsEnabled };
}

function refuseWhenOff(w: Where) {
  if (!w.enabled)
    throw new PluginError('Plugins are turned off for this TaskMaster (TASKMASTER_PLUGINS=off), so none can be installed or changed.');
}

async function dependencies(dir: string): Promise<Record<string, string>> {
  const raw = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
  if (!raw) return {};
  try {
    return (JSON.parse(raw) as { dependencies?: Record<string, string> }).dependencies ?? {};
  } catch {
    return {};
  }
}

async function ensureManifest(dir: string) {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'package.json');
  if (await stat(file).catch(() => null)) return;
  await writeFile(
    file,
    `${JSON.stringify({ name: 'taskmaster-plugins', private: true, description: 'Plugins installed into this TaskMaster (taskmaster plugins install).', dependencies: {} }, null, 2)}\n`,
  );
}

async function npm(dir: string, args: string[]) {
  try {
    // No shell: the spec is one argument. Peer dependencies (taskmaster itself) are not fetched:
    // the loader links this TaskMaster in their place.
    await run('npm', [...args, '--prefix', dir, '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error'], {
      timeout: 300_000,
      maxBuffer: 4 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const lines = (e.stderr || e.message)
      .split('\n')
      .filter((l) => l.trim() && !l.includes('Unknown user config') && !l.includes('A complete log'));
    throw new PluginError(
      `npm could not do it: ${lines
        .slice(0, 6)
        .join(' ')
        .replace(/npm error /g, '')}`,
    );
  }
  await linkSdk(dir).catch(() => {});
}

/**
 * Installs a package by name (`tm-plugin-x`, `@acme/x@2`) or from a .tgz file, then reloads the
 * plugins. Resolves with the installed plugin as the loader sees it (its steps and problems).
 */
export async function installPlugin(
  spec: string,
  options: { dir?: string } = {},
): Promise<{ name: string; plugin: PluginInfo | null; report: PluginReport }> {
  const w = where(options.dir);
  refuseWhenOff(w);
  const text = spec.trim();
  let target: string;
  if (text.endsWith('.tgz')) {
    const file = path.resolve(text);
    if (!(await stat(file).catch(() => null))?.isFile()) throw new PluginError(`There is no file ${file}.`);
    // Kept in the plugins folder: npm records the file's path, and a later install reads it again.
    await mkdir(path.join(w.dir, '.packages'), { recursive: true });
    target = path.join(w.dir, '.packages', path.basename(file));
    if (target !== file) await copyFile(file, target);
  } else if (PACKAGE_SPEC.test(text)) {
    target = text;
  } else {
    throw new PluginError(`"${text}" is neither an npm package name (like tm-plugin-weather or @acme/tm-steps@1.2.0) nor a .tgz file.`);
  }
  await ensureManifest(w.dir);
  const before = await dependencies(w.dir);
  await npm(w.dir, ['install', '--save', target]);
  const after = await dependencies(w.dir);
  const name =
    Object.keys(after).find((n) => before[n] !== after[n]) ??
    Object.keys(after).find((n) => text === n || text.startsWith(`${n}@`)) ??
    text;
  const report = await loadPlugins({ dir: w.dir, enabled: w.enabled });
  const plugin = report.plugins.find((p) => p.name === name) ?? null;
  return { name, plugin, report };
}

/** Removes an installed package (npm uninstall) or a plugin folder, then reloads the plugins. */
export async function removePlugin(name: string, options: { dir?: string } = {}): Promise<PluginReport> {
  const w = where(options.dir);
  refuseWhenOff(w);
  const known = (await loadPlugins({ dir: w.dir, enabled: w.enabled })).plugins.find((p) => p.name === name);
  const deps = await dependencies(w.dir);
  if (name in deps) await npm(w.dir, ['uninstall', '--save', name]);
  else if (known?.source === 'folder') await rm(known.dir, { recursive: true, force: true });
  else throw new PluginError(`No plugin is called "${name}". \`taskmaster plugins list\` shows the installed ones.`);
  await setPluginDisabled(w.dir, name, false);
  return loadPlugins({ dir: w.dir, enabled: w.enabled });
}

/** Turns a plugin off (its steps disappear; workflows using them show the problem) or on again. */
export async function setPluginOff(name: string, off: boolean, options: { dir?: string } = {}): Promise<PluginReport> {
  const w = where(options.dir);
  refuseWhenOff(w);
  const known = (pluginReport().dir === w.dir ? pluginReport() : await loadPlugins({ dir: w.dir })).plugins.some((p) => p.name === name);
  if (!known) throw new PluginError(`No plugin is called "${name}".`);
  await setPluginDisabled(w.dir, name, off);
  return loadPlugins({ dir: w.dir, enabled: w.enabled });
}
