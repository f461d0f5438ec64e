#!/usr/bin/env -S node --no-node-snapshot
// --no-node-snapshot: isolated-vm (the Code node's sandbox) needs it on Node 20+.
// The `taskmaster` command. Plain JavaScript so Node can start it without a build step; tsx then
// compiles the TypeScript sources as they are imported.
import { register } from 'tsx/esm/api';

register();
if (process.env.LOG_LEVEL === 'debug') console.error(`[taskmaster] start-up: tsx registered at ${Math.round(performance.now())} ms`);
// Resolved from this file, not the working directory, so the command works from anywhere.
await import(new URL('../server/cli/main.ts', import.meta.url).href);
