/**
 * Finds plugins: (a) folders in the plugins folder, and (b) npm packages installed there (listed
 * in its package.json, in node_modules) whose package.json has a `taskmaster` section:
 *   "taskmaster": { "steps": ["./steps/greet.js"], "triggers": [...], "credentials": [...] }
 * A folder without a package.json is a plugin too: each .js/.mjs/.ts file at its top (tests
 * aside) is one step or trigger.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { PluginProblem } from './types';

export interface FoundPlugin {
  name: string;
  version: string;
  description: string;
  source: 'folder' | 'npm';
  dir: string;
  /** Absolute paths of the files that export steps and triggers, and credential types. */
  stepFiles: string[];
  credentialFiles: string[];
}

const fileList = z.array(z.string().min(1)).default([]);
const manifestSchema = z.object({
  name: z.string().min(1).optional(),
  version: z.string().default('0.0.0'),
  description: z.string().default(''),
  taskmaster: z
    .object(
      { steps: fileList, triggers: fileList, credentials: fileList },
      { error: 'the "taskmaster" section must be an object with "steps", "triggers" and "credentials" lists' },
    )
    .optional(),
});

const STEP_FILE = /\.(m?js|ts)$/;
const TEST_FILE = /\.(test|spec)\.(m?js|ts)$/;

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(
    () => true,
    () => false,
  );
}

/** Reads one plugin's folder; null when it is not a plugin (an npm package without a taskmaster section). */
async function readPlugin(
  dir: string,
  source: 'folder' | 'npm',
  fallbackName: string,
  problems: PluginProblem[],
): Promise<FoundPlugin | null> {
  const manifestFile = path.join(dir, 'package.json');
  if (!(await exists(manifestFile))) {
    if (source === 'npm') return null;
    const files = (await readdir(dir)).filter((f) => STEP_FILE.test(f) && !TEST_FILE.test(f) && !f.endsWith('.d.ts')).sort();
    if (files.length === 0) {
      problems.push({
        plugin: fallbackName,
        message: `The folder ${fallbackName} in the plugins folder has no package.json and no .js/.mjs/.ts step files, so nothing was loaded.`,
      });
      return null;
    }
    return {
      name: fallbackName,
      version: '0.0.0',
      description: '',
      source,
      dir,
      stepFiles: files.map((f) => path.join(dir, f)),
      credentialFiles: [],
    };
  }
  let raw: unknown;
  try {
    raw = await readJson(manifestFile);
  } catch (err) {
    problems.push({ plugin: fallbackName, file: 'package.json', message: `package.json is not valid JSON (${(err as Error).message}).` });
    return null;
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push({
      plugin: fallbackName,
      file: 'package.json',
      message: `package.json: ${parsed.error.issues.map((i) => i.message).join('; ')}.`,
    });
    return null;
  }
  const manifest = parsed.data;
  if (!manifest.taskmaster) {
    if (source === 'folder')
      problems.push({
        plugin: fallbackName,
        file: 'package.json',
        message:
          'package.json has no "taskmaster" section naming the plugin\'s steps, so nothing was loaded. Add "taskmaster": { "steps": ["./my-step.js"] }.',
      });
    return null;
  }
  const resolve = (files: string[]) => files.map((f) => path.resolve(dir, f));
  return {
    name: manifest.name ?? fallbackName,
    version: manifest.version,
    description: manifest.description,
    source,
    dir,
    stepFiles: resolve([...manifest.taskmaster.steps, ...manifest.taskmaster.triggers]),
    credentialFiles: resolve(manifest.taskmaster.credentials),
  };
}

/** The packages the plugins folder's package.json depends on (what `taskmaster plugins install` added). */
async function installedPackages(pluginsDir: string): Promise<string[]> {
  const raw = await readJson(path.join(pluginsDir, 'package.json')).catch(() => null);
  const deps = z.object({ dependencies: z.record(z.string(), z.string()).default({}) }).safeParse(raw);
  return deps.success ? Object.keys(deps.data.dependencies).sort() : [];
}

export async function discoverPlugins(pluginsDir: string): Promise<{ plugins: FoundPlugin[]; problems: PluginProblem[] }> {
  const problems: PluginProblem[] = [];
  const plugins: FoundPlugin[] = [];
  const entries = await readdir(pluginsDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const found = await readPlugin(path.join(pluginsDir, entry.name), 'folder', entry.name, problems);
    if (found) plugins.push(found);
  }
  for (const name of await installedPackages(pluginsDir)) {
    const dir = path.join(pluginsDir, 'node_modules', ...name.split('/'));
    if (!(await exists(path.join(dir, 'package.json')))) {
      problems.push({
        plugin: name,
        message: `The package ${name} is listed in the plugins folder's package.json but is not installed. Install it again.`,
      });
      continue;
    }
    const found = await readPlugin(dir, 'npm', name, problems);
    if (found) plugins.push(found);
    else if (!problems.some((p) => p.plugin === name))
      problems.push({
        plugin: name,
        file: 'package.json',
        message: `The package ${name} declares no TaskMaster steps (no "taskmaster" section in its package.json).`,
      });
  }
  return { plugins, problems };
}
