/**
 * Loads plugin steps, triggers and credential types into the registries (nodes/index.ts,
 * nodes/credentials/index.ts). Every process calls `loadPlugins` at start, the web server,
 * the trigger host and each worker, so they all know the same steps. A plugin that fails to
 * load is recorded as a problem and skipped; it never stops TaskMaster starting.
 * Plugins are trusted code: they run inside TaskMaster's processes with its rights.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setPluginNodeTypes, type PluginOrigin } from '../../nodes';
import { setPluginCredentialTypes } from '../../nodes/credentials';
import type { CredentialType } from '../../nodes/credentials/types';
import type { NodeDefinition } from '../../nodes/types';
import { loadConfig } from '../config';
import { credentialDefinitionProblem, exportedDefinition, iconUrlOf, namespacedStep, stepDefinitionProblem } from './check-definition';
import { discoverPlugins, type FoundPlugin } from './discover';
import { linkSdk } from './sdk-link';
import { disabledPlugins } from './state-file';
import type { PluginInfo, PluginProblem, PluginReport } from './types';

export type { PluginInfo, PluginProblem, PluginReport } from './types';

let report: PluginReport | null = null;
let loading: Promise<PluginReport> | null = null;

/**
 * Loads the plugins once per process (the first caller's log gets the problems). The worker,
 * the trigger host, the web server and CLI sessions all call it before they look up steps.
 */
export function ensurePluginsLoaded(log?: (message: string) => void): Promise<PluginReport> {
  loading ??= loadPlugins({ log });
  return loading;
}

/** What the last load found (an empty report before any load). */
export function pluginReport(): PluginReport {
  const config = loadConfig();
  return report ?? { enabled: config.pluginsEnabled, dir: config.pluginsDir, plugins: [], problems: [] };
}

let tsx: Promise<void> | null = null;

/**
 * A plugin written in TypeScript needs tsx. The sources of TaskMaster itself run through tsx
 * unless they were compiled (bin/precompile.mjs defines TASKMASTER_PRECOMPILED in the build):
 * then tsx is registered when the first .ts plugin file loads, and only then.
 */
function typeScriptLoader(): Promise<void> {
  if (process.env.TASKMASTER_PRECOMPILED !== '1') return Promise.resolve();
  tsx ??= import('tsx/esm/api').then(({ register }) => void register());
  return tsx;
}

/** The modification time each file had when this process first imported it. */
const importedAt = new Map<string, number>();

async function importFile(file: string): Promise<Record<string, unknown>> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new Error('the file named in package.json does not exist.');
  const first = importedAt.get(file) ?? info.mtimeMs;
  importedAt.set(file, first);
  // A changed file gets its modification time in the address, so the new file is imported,
  // not the module cached under the old address.
  const href = pathToFileURL(file).href;
  if (/\.[cm]?tsx?$/.test(file)) await typeScriptLoader();
  return (await import(info.mtimeMs === first ? href : `${href}?tm=${info.mtimeMs}`)) as Record<string, unknown>;
}

function describeError(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[[0-9;]*m/g, '');
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' ')
    .slice(0, 400);
}

interface LoadedPlugin {
  info: PluginInfo;
  steps: { def: NodeDefinition; origin: PluginOrigin }[];
  credentials: CredentialType[];
}

async function loadOne(found: FoundPlugin, pluginsDir: string, taken: Set<string>): Promise<LoadedPlugin> {
  const problems: PluginProblem[] = [];
  const steps: LoadedPlugin['steps'] = [];
  const credentials: CredentialType[] = [];
  const where = (file: string) => path.relative(pluginsDir, file);
  const problem = (file: string, message: string) => problems.push({ plugin: found.name, file: where(file), message });
  for (const file of found.credentialFiles) {
    try {
      const def = exportedDefinition(await importFile(file));
      const bad = credentialDefinitionProblem(def);
      if (bad) {
        problem(file, bad);
        continue;
      }
      const type = def as CredentialType;
      const id = `${found.name}/${type.id}`;
      if (taken.has(`credential:${id}`)) problem(file, `Another plugin already has a credential type "${id}".`);
      else credentials.push({ ...type, id });
      taken.add(`credential:${id}`);
    } catch (err) {
      problem(file, `Could not load the file: ${describeError(err)}`);
    }
  }
  for (const file of found.stepFiles) {
    try {
      const def = exportedDefinition(await importFile(file));
      const bad = stepDefinitionProblem(def);
      if (bad) {
        problem(file, bad);
        continue;
      }
      const step = namespacedStep(found.name, def as NodeDefinition);
      if (taken.has(step.id)) {
        problem(file, `Another plugin (or step) already uses the id "${step.id}".`);
        continue;
      }
      let iconUrl: string | undefined;
      try {
        iconUrl = await iconUrlOf(def as NodeDefinition, file);
      } catch (err) {
        problem(file, `The step "${step.id}" loaded, but ${describeError(err)}`);
      }
      taken.add(step.id);
      steps.push({ def: step, origin: { plugin: found.name, version: found.version, ...(iconUrl ? { iconUrl } : {}) } });
    } catch (err) {
      problem(file, `Could not load the file: ${describeError(err)}`);
    }
  }
  const info: PluginInfo = {
    name: found.name,
    version: found.version,
    description: found.description,
    source: found.source,
    dir: found.dir,
    disabled: false,
    steps: steps.map(({ def }) => ({ id: def.id, displayName: def.displayName, category: def.category, version: def.version })),
    credentialTypes: credentials.map((c) => c.id),
    problems,
  };
  return { info, steps, credentials };
}

/**
 * (Re)loads every plugin into this process's registries and returns what was found. With
 * TASKMASTER_PLUGINS=off nothing is loaded. Never throws for a plugin's fault.
 */
export async function loadPlugins(
  options: { dir?: string; enabled?: boolean; log?: (message: string) => void } = {},
): Promise<PluginReport> {
  const config = loadConfig();
  const dir = options.dir ?? config.pluginsDir;
  const enabled = options.enabled ?? config.pluginsEnabled;
  const next: PluginReport = { enabled, dir, plugins: [], problems: [] };
  if (!enabled) {
    setPluginNodeTypes([]);
    setPluginCredentialTypes([]);
    report = next;
    loading = Promise.resolve(next);
    return next;
  }
  const { plugins, problems } = await discoverPlugins(dir);
  next.problems.push(...problems);
  if (plugins.length > 0) {
    const linkProblem = await linkSdk(dir).catch((err: unknown) => `Could not link taskmaster/sdk for plugins: ${describeError(err)}`);
    if (linkProblem) next.problems.push({ plugin: '(plugins folder)', message: linkProblem });
  }
  const off = await disabledPlugins(dir);
  const taken = new Set<string>();
  const steps: LoadedPlugin['steps'] = [];
  const credentials: CredentialType[] = [];
  for (const found of plugins) {
    if (off.has(found.name)) {
      next.plugins.push({
        name: found.name,
        version: found.version,
        description: found.description,
        source: found.source,
        dir: found.dir,
        disabled: true,
        steps: [],
        credentialTypes: [],
        problems: [],
      });
      continue;
    }
    if (next.plugins.some((p) => p.name === found.name)) {
      next.problems.push({
        plugin: found.name,
        message: `Two plugins are named "${found.name}" (a folder and a package?); only the first was loaded. Rename one.`,
      });
      continue;
    }
    const loaded = await loadOne(found, dir, taken);
    next.plugins.push(loaded.info);
    next.problems.push(...loaded.info.problems);
    steps.push(...loaded.steps);
    credentials.push(...loaded.credentials);
  }
  setPluginNodeTypes(steps);
  setPluginCredentialTypes(credentials);
  report = next;
  loading = Promise.resolve(next);
  for (const p of next.problems) options.log?.(`Plugin ${p.plugin}${p.file ? ` (${p.file})` : ''}: ${p.message}`);
  return next;
}
