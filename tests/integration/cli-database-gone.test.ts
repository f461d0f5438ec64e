/**
 * CLI commands whose database stops answering (a frozen server: SIGSTOP, a VM paused, a network
 * that drops packets) used to wait for good and ignore SIGTERM. They must end after a bounded
 * wait with a plain message. Real processes: a Postgres of this test's own (frozen and thawed
 * here) and `taskmaster run` spawned against it through DATABASE_URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded';
import { cli, makeDataDir, spawnTaskMaster, type TaskMasterProcess } from '../helpers/start-process';

/** manual ─► wait 60 s: a run that is still going when the database freezes. */
const SLOW = {
  name: 'slow',
  nodes: [
    { id: 't', type: 'manual-trigger', name: 'Start' },
    { id: 'w', type: 'wait', name: 'Wait', config: { amount: 60, unit: 'seconds' } },
  ],
  edges: [{ id: 'e', source: 't', target: 'w' }],
};

/** The postmaster and every process it forked (the backends serving open connections). */
function serverProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid; the name (field 2) has no spaces here.
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[3]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children.map(Number)];
}

const signalAll = (pids: number[], signal: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
};

describe('CLI commands when the database stops answering', () => {
  let pgDir: string;
  let dataDir: string;
  let pg: EmbeddedPostgres;
  let workflowId: string;
  let frozen: number[] = [];
  const env = () => ({ DATABASE_URL: pg.url });

  beforeAll(async () => {
    pgDir = await makeDataDir();
    dataDir = await makeDataDir();
    pg = await startEmbeddedPostgres({ dataDir: pgDir, fast: true, preferredPort: 0 });
    const file = path.join(os.tmpdir(), `slow-${process.pid}.json`);
    await fs.writeFile(file, JSON.stringify(SLOW));
    workflowId = (await cli(dataDir, ['import', file], env())).split('\n').pop()!.trim();
    await fs.rm(file, { force: true });
  }, 180_000);

  afterAll(async () => {
    signalAll(frozen, 'SIGCONT');
    await pg?.stop();
    await fs.rm(pgDir, { recursive: true, force: true });
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Starts `taskmaster run` on the slow workflow and freezes the server once the run is going. */
  async function runThenFreeze(extraEnv: Record<string, string>): Promise<TaskMasterProcess> {
    const run = await spawnTaskMaster(dataDir, ['run', workflowId], { env: { ...env(), ...extraEnv }, readyText: 'Started run' });
    frozen = serverProcesses(pg.pid);
    signalAll(frozen, 'SIGSTOP');
    return run;
  }

  async function thaw() {
    signalAll(frozen, 'SIGCONT');
    frozen = [];
  }

  it('ends with a plain message after DB_WAIT_SECONDS when the database freezes mid-run', async () => {
    const run = await runThenFreeze({ DB_WAIT_SECONDS: '3' });
    try {
      const code = await run.exited;
      expect(code).toBe(1);
      expect(run.output()).toContain('The database stopped answering: no answer from DATABASE_URL for 3 s.');
      expect(run.output()).not.toMatch(/^\s+at /m);
    } finally {
      await thaw();
    }
  }, 300_000);

  it('stops on SIGTERM even though the database does not answer', async () => {
    const run = await runThenFreeze({ DB_WAIT_SECONDS: '600' });
    try {
      run.child.kill('SIGTERM');
      expect(await run.exited).not.toBe(0);
      expect(run.output()).toContain('stopping at once');
    } finally {
      await thaw();
    }
  }, 300_000);
});
