/**
 * A fresh embedded Postgres with the user's durability settings (fsync and synchronous commit
 * on: benchmarks measure what users get), in a temp folder removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../server/db/connect';

export async function benchDatabase(): Promise<OpenedDatabase & { dir: string; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-bench-'));
  const db = await openDatabase({ dataDir: dir, logLevel: 'warn', databaseUrl: undefined }, { max: 20, log: () => {} });
  return {
    ...db,
    dir,
    async close() {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
