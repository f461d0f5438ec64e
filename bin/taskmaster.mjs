#!/usr/bin/env node
// The `taskmaster` command. Plain JavaScript so Node can start it without a build step; tsx then
// compiles the TypeScript sources as they are imported.
import { register } from 'tsx/esm/api';

register();
// Resolved from this file, not the working directory, so the command works from anywhere.
await import(new URL('../server/cli/main.ts', import.meta.url).href);
