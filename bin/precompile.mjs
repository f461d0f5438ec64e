// The server compiled once, not at every start (issue 19). tsx compiles each TypeScript file as it
// is imported, through loader hooks, and keeps every function's name with a wrapper call
// (`__name`) that runs each time a closure is made: on the per-step path of a run that was a
// fifth of its CPU. This builds one JavaScript file of an entry point (esbuild, which tsx ships)
// into node_modules/.cache/taskmaster-server, and uses it while the sources it was built from are
// unchanged: the sizes and modification times of those files, and their content when those
// differ (a checkout touches files without changing them). A changed source means a new build at
// the next start; while another process is building, or when building fails, the sources run
// through tsx as before, so starting never depends on the build.
// Plain JavaScript, so Node runs it without a build step.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'taskmaster-server');
/** Changes whenever the way of building changes, so older builds are not used. */
const FORMAT = 2;
/** Files that change a build without being imported by it. */
const SETTINGS_FILES = ['package.json', 'tsconfig.json'];
/** A build lock older than this belongs to a process that died while building. */
const STALE_LOCK_MS = 120_000;

const sha = (data) => createHash('sha256').update(data).digest('hex');

/** esbuild, as tsx depends on it (the version tsx compiles with). */
function loadEsbuild() {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return fromTsx('esbuild');
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Whether every file the build was made from is as it was (same size and time, or same content). */
function upToDate(manifest) {
  if (manifest?.format !== FORMAT || manifest.root !== ROOT) return false;
  for (const [file, size, mtimeMs, hash] of manifest.inputs) {
    let stat;
    try {
      stat = statSync(path.join(ROOT, file));
    } catch {
      return false;
    }
    if (stat.size !== size) return false;
    if (stat.mtimeMs !== mtimeMs && sha(readFileSync(path.join(ROOT, file))) !== hash) return false;
  }
  try {
    statSync(path.join(CACHE, manifest.dir, 'main.mjs'));
  } catch {
    return false;
  }
  return true;
}

/**
 * `import.meta.url` of each source file stays the address of that file (not of the built one),
 * so paths found from it (migrations, templates, the repository root, createRequire) are right.
 */
const keepFileUrls = {
  name: 'keep-file-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const ext = path.extname(args.path).slice(1);
      const loader = ext.startsWith('ts') || ext.endsWith('ts') ? (ext.endsWith('x') ? 'tsx' : 'ts') : ext.endsWith('x') ? 'jsx' : 'js';
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

/** Builds `entry`; returns the manifest of the build, or null when another process is building it now. */
async function build(entry, manifestFile) {
  mkdirSync(CACHE, { recursive: true });
  const lock = `${manifestFile}.lock`;
  try {
    closeSync(openSync(lock, 'wx'));
  } catch {
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < STALE_LOCK_MS) return null;
    rmSync(lock, { force: true });
    closeSync(openSync(lock, 'wx'));
  }
  const work = path.join(CACHE, `tmp-${process.pid}-${Date.now()}`);
  try {
    const esbuild = loadEsbuild();
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, entry)],
      outdir: work,
      entryNames: 'main',
      // Code loaded with import() (each CLI command, the worker's step types) goes in chunks of
      // its own, loaded when imported: `taskmaster help` doesn't load the packages of the web
      // server and the worker (better-auth alone is most of a second of CPU).
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Packages load from node_modules as they are; only our own sources are compiled.
      packages: 'external',
      keepNames: false,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      define: { 'process.env.TASKMASTER_PRECOMPILED': '"1"' },
      plugins: [keepFileUrls],
    });
    const files = [...new Set([...Object.keys(result.metafile.inputs), ...SETTINGS_FILES])]
      .filter((f) => !f.includes('node_modules/'))
      .sort();
    const inputs = files.map((file) => {
      const full = path.join(ROOT, file);
      const stat = statSync(full);
      return [file, stat.size, stat.mtimeMs, sha(readFileSync(full))];
    });
    const dir = sha(JSON.stringify([FORMAT, ROOT, esbuild.version, inputs.map(([f, , , h]) => [f, h])])).slice(0, 16);
    try {
      renameSync(work, path.join(CACHE, dir));
    } catch {
      // The same build is there already (made by another process).
    }
    const manifest = { format: FORMAT, root: ROOT, entry, dir, builtAt: new Date().toISOString(), inputs };
    writeFileSync(`${manifestFile}.${process.pid}`, JSON.stringify(manifest));
    renameSync(`${manifestFile}.${process.pid}`, manifestFile);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}

/** Builds older than an hour that no manifest names (a running process has read its own already). */
function prune() {
  const named = new Set();
  for (const file of readdirSync(CACHE)) if (file.endsWith('.json')) named.add(readJson(path.join(CACHE, file))?.dir);
  for (const entry of readdirSync(CACHE, { withFileTypes: true })) {
    if (!entry.isDirectory() || named.has(entry.name)) continue;
    const full = path.join(CACHE, entry.name);
    if (Date.now() - statSync(full).mtimeMs > 3_600_000) rmSync(full, { recursive: true, force: true });
  }
}

/**
 * The address of `entry` (a path in the repository) built, rebuilt first when its sources
 * changed; null when the sources must run through tsx this time (another process is building,
 * or building failed: `log` says why).
 */
export async function precompiled(entry, log = () => {}) {
  const manifestFile = path.join(CACHE, `${entry.replace(/[^a-z0-9]+/gi, '-')}-${sha(ROOT).slice(0, 8)}.json`);
  try {
    let manifest = readJson(manifestFile);
    if (!upToDate(manifest)) {
      const t0 = performance.now();
      manifest = await build(entry, manifestFile);
      if (!manifest) {
        log(`start-up: another process is compiling ${entry}; running the sources through tsx this time`);
        return null;
      }
      log(`start-up: compiled ${entry} (${manifest.inputs.length} files) in ${Math.round(performance.now() - t0)} ms`);
      prune();
    }
    return pathToFileURL(path.join(CACHE, manifest.dir, 'main.mjs')).href;
  } catch (error) {
    log(
      `start-up: could not compile ${entry} (${error instanceof Error ? error.message.split('\n')[0] : error}); running the sources through tsx`,
    );
    return null;
  }
}
