#!/usr/bin/env node
/**
 * `npm test`: every suite, then one plain summary line for CI: `N passed, N failed[, N skipped]`.
 * 1. vitest: unit tests (engine core, nodes, registry) and integration tests (real Postgres,
 *    real graphile-worker, the CLI as a process).
 * 2. Playwright in real Chromium against the built app (skipped with a notice when no Chromium
 *    is installed; CI installs it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'tests', '.tmp');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const only = process.argv[2]; // "types", "unit" or "e2e" to run one suite

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let crashed = false;
// CI shows only the tail of the output: the names of failed tests are printed again just above
// the summary line, so a red run says which test to look at.
const failures = [];
// Error messages carry terminal colour codes; the summary is read as plain text.
const plain = (text) => String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const firstLine = (text) =>
  plain(text)
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 300) ?? '';

// Type check first: `next build` skips it (so one stray error can't stop `npm start`), so it
// is a test here, counted like one.
if (!only || only === 'types') {
  const code = await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.']);
  console.log(code === 0 ? 'Type check: ok' : 'Type check: FAILED (see above)');
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

// Lint and format (biome.json): unused code, floating promises, non-exhaustive switches, and the
// one layout. `npx biome check --write .` fixes most of what this reports.
if (!only || only === 'types' || only === 'lint') {
  const code = await run(process.execPath, [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'ci', '--reporter=summary', '.']);
  console.log(code === 0 ? 'Lint and format: ok' : 'Lint and format: FAILED (see above; npx biome check --write . fixes the layout)');
  if (code === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push('lint and format (biome ci): see its report above');
  }
}

if (!only || only === 'unit') {
  const file = path.join(out, 'vitest.json');
  const code = await run(process.execPath, [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? []) {
      const rel = path.relative(root, file.name ?? '');
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') failures.push(`vitest ${rel} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`vitest ${rel} (the file itself failed): ${firstLine(file.message)}`);
      }
    }
    if (code !== 0 && r.numFailedTests === 0) {
      crashed = true; // suite-level errors count as failure
      failures.push(`vitest exited with code ${code} though no test failed (an unhandled error: see "Unhandled Errors" above)`);
    }
  } else crashed = true;
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if ((!only || only === 'e2e') && existsSync(path.join(root, 'playwright.config.ts'))) {
  if (!existsSync(chromium)) {
    console.log(`\nSkipping the browser tests: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  } else {
    const file = path.join(out, 'playwright.json');
    const code = await run(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    });
    if (existsSync(file)) {
      const report = JSON.parse(readFileSync(file, 'utf8'));
      const s = report.stats ?? {};
      collectPlaywrightFailures(report.suites ?? [], failures);
      totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
      totals.failed += s.unexpected ?? 0;
      totals.skipped += s.skipped ?? 0;
      if (code !== 0 && !s.unexpected) crashed = true;
    } else crashed = true;
  }
}

if (crashed) totals.failed += 1;
if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const f of failures.slice(0, 40)) console.log(`  ✗ ${f}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);

/** Playwright's JSON report nests suites; a test failed when its last result didn't pass. */
function collectPlaywrightFailures(suites, into, prefix = '') {
  for (const suite of suites) {
    const title = [prefix, suite.title].filter(Boolean).join(' › ');
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected') {
          const last = test.results?.at(-1);
          into.push(`e2e ${title} › ${spec.title}: ${firstLine(last?.error?.message ?? last?.status)}`);
        }
      }
    }
    collectPlaywrightFailures(suite.suites ?? [], into, title);
  }
}
