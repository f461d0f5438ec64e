/**
 * End-to-end tests in real Chromium against a real TaskMaster (`node bin/taskmaster.mjs start`,
 * through tests/e2e/serve.mjs) with a fresh, temporary data dir and a free port, so runs never
 * touch the user's own data. TM_E2E_BASE_URL=http://… tests an already running TaskMaster instead.
 */
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/** Asks the OS for a free port (synchronously: the config cannot await). */
function freePort(): string {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

const external = process.env.TM_E2E_BASE_URL;
// Workers load this file again: the runner's choice is passed on through the environment.
if (!external) {
  process.env.TM_E2E_PORT ??= freePort();
}
const port = process.env.TM_E2E_PORT ?? '';
const baseURL = external ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // Creates the owner and signs in; every test starts signed in as the owner (docs/auth.md).
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL,
    storageState: '.playwright/owner.json',
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: 'node tests/e2e/serve.mjs',
        url: `${baseURL}/api/health`,
        // The first start builds the web app (about a minute on two cores).
        timeout: 900_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
        env: {
          PORT: port,
          HOST: '127.0.0.1',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
});
