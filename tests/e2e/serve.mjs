#!/usr/bin/env node
/**
 * Playwright's web server for the e2e tests: `node bin/taskmaster.mjs start` on a throw-away
 * data dir, which is deleted once TaskMaster has shut down (an embedded Postgres is ~50 MB).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'taskmaster-e2e-'));
// mkdtemp makes it private (700); the embedded Postgres runs as the `postgres` user and must reach it.
chmodSync(dataDir, 0o755);

const child = spawn(process.execPath, [path.join(root, 'bin/taskmaster.mjs'), 'start'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TASKMASTER_DATA_DIR: dataDir },
});
// Playwright (and Ctrl-C) signal the whole process group, so TaskMaster gets the signal itself;
// passing it on again would count as a second signal, which makes it stop without cleaning up.
// This process only waits for it to exit.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => {});
child.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
