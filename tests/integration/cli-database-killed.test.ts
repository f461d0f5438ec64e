/**
 * A CLI command whose database goes away mid-command (stopped, crashed) ends with a plain
 * message: never a statement's SQL text, its parameters or a stack (a `run` once printed
 * drizzle's "Failed query: select …"). Real processes: a Postgres of this test's own, stopped
 * here while `taskmaster run` waits for its run.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded';
import { cli, freePort, makeDataDir, spawnTaskMaster } from '../helpers/start-process';

const SECRET = 'sk_live_cli_killed_db_secret';

/** manual ─► wait 60 s ─► set: a run still going when the database stops. */
const SLOW = {
  name: 'slow',
  nodes: [
    { id: 't', type: 'manual-trigger', name: 'Start' },
    { id: 'w', type: 'wait', name: 'Wait', config: { amount: 60, unit: 'seconds' } },
    { id: 's', type: 'set-fields', name: 'Set', config: { fields: [{ name: 'token', value: SECRET }] } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'w' },
    { id: 'e2', source: 'w', target: 's' },
  ],
};

let pgDir: string;
let dataDir: string;
let pg: EmbeddedPostgres | null = null;

beforeEach(async () => {
  pgDir = await makeDataDir();
  dataDir = await makeDataDir();
  pg = await startEmbeddedPostgres({ dataDir: pgDir, fast: true, preferredPort: 0 });
}, 180_000);

afterEach(async () => {
  await pg?.stop();
  pg = null;
  await fs.rm(pgDir, { recursive: true, force: true });
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function importSlow(url: string): Promise<string> {
  const file = path.join(os.tmpdir(), `slow-killed-${process.pid}-${Date.now()}.json`);
  await fs.writeFile(file, JSON.stringify(SLOW));
  try {
    return (await cli(dataDir, ['import', file], { DATABASE_URL: url })).split('\n').pop()!.trim();
  } finally {
    await fs.rm(file, { force: true });
  }
}

// 3 s: the watchdog tells first; 600 s: the command's own statements fail first (ECONNRESET, a
// drizzle "Failed query" wrapping it), the path that printed SQL.
it.each(['3', '600'])(
  'ends `run` with a plain message, no SQL and no stack, when its database is stopped mid-run (DB_WAIT_SECONDS=%s)',
  async (wait) => {
    const workflowId = await importSlow(pg!.url);
    const run = await spawnTaskMaster(dataDir, ['run', workflowId], {
      env: { DATABASE_URL: pg!.url, DB_WAIT_SECONDS: wait },
      readyText: 'Started run',
    });
    try {
      await pg!.stop();
      pg = null;
      const code = await run.exited;
      const output = run.output();
      expect(code, output).toBe(1);
      expect(output).toMatch(/Error: .*database/i);
      expect(output).not.toMatch(/Failed query|params:|\bselect\s|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|ECONNRESET|ECONNREFUSED/i);
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toContain(SECRET);
    } finally {
      run.child.kill('SIGKILL');
    }
  },
  150_000,
);

it('says in plain words that nothing answers at a closed port', async () => {
  const port = await freePort();
  const failure = await cli(dataDir, ['list'], { DATABASE_URL: `postgres://tm:pw@127.0.0.1:${port}/tm` }).then(
    () => null,
    (error: { code?: number; stderr?: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toContain('Could not open the database (DATABASE_URL): nothing answered there. Check that PostgreSQL is running');
  expect(failure?.stderr).not.toMatch(/ECONNREFUSED|^\s+at /m);
}, 60_000);
