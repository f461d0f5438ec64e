import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/setup/global-postgres.ts'],
    // Tests that start CLI processes take 40 s on a loaded 2-core machine (tsx compiles each start).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // isolated-vm (Code node sandbox) needs this flag on Node 20+.
    execArgv: ['--no-node-snapshot'],
  },
});
