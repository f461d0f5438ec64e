/**
 * Node tests with a real browser: one temporary Chromium per test file (no profile, no
 * database), given to each node's fake ctx as `ctx.browser`, like one run's browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { NodeDefinition } from '../../nodes/types';
import { createBrowserPool, type RunBrowser } from '../../server/browser/pool';
import { fakeCtx, type FakeOptions } from '../unit/nodes/fake-ctx';

export interface BrowserTestRig {
  browser: RunBrowser;
  dataDir: string;
  /** A fake ctx for `def` whose `browser` is the shared one and whose data folder is `dataDir`. */
  ctx<S extends z.ZodType>(def: NodeDefinition<S>, options?: FakeOptions): ReturnType<typeof fakeCtx<S>>;
  /** Runs the node and returns its main output. */
  run<S extends z.ZodType>(def: NodeDefinition<S>, options?: FakeOptions): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function browserRig(): Promise<BrowserTestRig> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'taskmaster-browser-nodes-'));
  const pool = createBrowserPool({ database: null, profilesDir: path.join(dataDir, 'profiles'), maxBrowsers: 1 });
  const runSignal = new AbortController();
  const browser = pool.forRun('run-test', runSignal.signal);
  const ctx = <S extends z.ZodType>(def: NodeDefinition<S>, options: FakeOptions = {}) => {
    const fake = fakeCtx(def, { dataDir, ...options });
    fake.ctx.browser = browser;
    return fake;
  };
  return {
    browser,
    dataDir,
    ctx,
    async run(def, options) {
      const { ctx: c } = ctx(def, options);
      return (await def.execute(c)).outputs.main ?? [];
    },
    async close() {
      await browser.close();
      await pool.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
