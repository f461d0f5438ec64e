#!/usr/bin/env -S node --no-node-snapshot
// --no-node-snapshot: isolated-vm (the Code node's sandbox) needs it on Node 20+.
// The `taskmaster` command. Plain JavaScript so Node can start it without a build step. The
// sources run compiled into one file (bin/precompile.mjs: built at the first start and again
// after they change); in development (`start --dev`), with TASKMASTER_PRECOMPILE=0, or while
// that build can't be had, tsx compiles them as they are imported.
const debug = process.env.LOG_LEVEL === 'debug';
const log = (line) => debug && console.error(`[taskmaster] ${line}`);
const useBuild = process.env.TASKMASTER_PRECOMPILE !== '0' && !process.argv.slice(2).includes('--dev');
const built = useBuild ? await (await import('./precompile.mjs')).precompiled('server/cli/main.ts', log) : null;
if (built) {
  // Stack traces name the source files (debug only: reading the map costs start-up time).
  if (debug) process.setSourceMapsEnabled(true);
  log(`start-up: compiled server loaded from ${built} at ${Math.round(performance.now())} ms`);
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  log(`start-up: tsx registered at ${Math.round(performance.now())} ms`);
  // Resolved from this file, not the working directory, so the command works from anywhere.
  await import(new URL('../server/cli/main.ts', import.meta.url).href);
}
