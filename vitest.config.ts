import { defineConfig } from 'vitest/config';

/**
 * Two projects (issue 16):
 * - `unit`: pure code (core/, nodes/ with a fake ctx, UI helpers). No database is started, so
 *   `npx vitest run --project unit` takes seconds. A test that needs Postgres belongs in tests/integration/.
 * - `runtimes`: unit tests that start a real Chromium or Pyodide, or stream 100,000 items (no database, but seconds each).
 * - `integration`: real embedded Postgres (one per run, tests/setup/global-postgres.ts), real
 *   graphile-worker, the CLI as a process.
 * `npx vitest run` (and `npm test`) runs both.
 */
/**
 * Unit tests that need seconds, not milliseconds: they start a real browser or the Python runtime,
 * or put each streamed step through 100,000 items. No database either; `unit` stays a quick loop.
 */
const RUNTIME_TESTS = [
  'tests/unit/browser/**/*.test.ts',
  'tests/unit/nodes/browser-*.test.ts',
  'tests/unit/nodes/code-python*.test.ts',
  'tests/unit/nodes/streaming.test.ts',
];

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    // Tests that start a dozen CLI processes took 57–120 s on a 2-core machine at load 13–22 (tsx compiles
    // each start): a generous limit, since a passing test is no slower for it.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // isolated-vm (Code node sandbox) needs this flag on Node 20+.
    execArgv: ['--no-node-snapshot'],
    projects: [
      // isolate: false lets a worker reuse the modules one file loaded for the next: the unit files share
      // the node catalogue, zod and luxon, and loading them again per file was most of the run
      // (170 s → 42 s at load 13 here; the tests themselves take 40 s of CPU at that load). Unit tests
      // keep no module state between files; the suite passes shuffled (--sequence.shuffle).
      {
        extends: true,
        // Both cores: these are CPU-bound and short (the other projects keep one file at a time).
        // Its own group, run first: vitest runs projects with different worker counts in separate groups.
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: RUNTIME_TESTS,
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'runtimes', include: RUNTIME_TESTS, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['tests/setup/global-postgres.ts'],
        },
      },
    ],
  },
});
