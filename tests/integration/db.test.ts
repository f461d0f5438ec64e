import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../server/db/connect';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { isProcessAlive } from '../../server/db/file-lock';
import { migrate } from '../../server/db/migrate';
import { createTestDatabase } from '../helpers/db';

/** Every migration drizzle-kit generated (later issues add more). */
const MIGRATION_COUNT = (
  JSON.parse(readFileSync(new URL('../../drizzle/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }
).entries.length;

const APP_TABLES = ['node_output_pages', 'node_runs', 'runs', 'settings', 'worker_heartbeats', 'workflow_versions', 'workflows'];

async function publicTables(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' order by table_name`;
  return rows.map((r) => r.name);
}

async function appliedDrizzleMigrations(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return row?.n ?? 0;
}

async function hasGraphileWorker(sql: postgres.Sql): Promise<boolean> {
  const rows = await sql`
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'graphile_worker' and p.proname = 'add_job'`;
  return rows.length > 0;
}

describe('migrations', () => {
  it("create TaskMaster's tables and graphile-worker's schema in an empty database", async () => {
    const test = await createTestDatabase({ migrated: false });
    try {
      expect(await publicTables(test.sql)).toEqual([]);
      await migrate(test.url);
      expect(await publicTables(test.sql)).toEqual(expect.arrayContaining(APP_TABLES));
      expect(await appliedDrizzleMigrations(test.sql)).toBe(MIGRATION_COUNT);
      expect(await hasGraphileWorker(test.sql)).toBe(true);
    } finally {
      await test.drop();
    }
  });

  it('are harmless when run again on a migrated database with data in it', async () => {
    const test = await createTestDatabase();
    try {
      await test.sql`insert into workflows (id, name) values ('wf1', 'Kept')`;
      await migrate(test.url);
      await migrate(test.url);
      expect(await appliedDrizzleMigrations(test.sql)).toBe(MIGRATION_COUNT);
      const rows = await test.sql`select name from workflows`;
      expect(rows).toEqual([{ name: 'Kept' }]);
    } finally {
      await test.drop();
    }
  });

  it('succeed when several processes migrate the same empty database at once', async () => {
    const test = await createTestDatabase({ migrated: false });
    try {
      // Each migrate() uses its own connections, as separate processes would.
      await Promise.all([migrate(test.url), migrate(test.url), migrate(test.url)]);
      expect(await publicTables(test.sql)).toEqual(expect.arrayContaining(APP_TABLES));
      expect(await appliedDrizzleMigrations(test.sql)).toBe(MIGRATION_COUNT);
      expect(await hasGraphileWorker(test.sql)).toBe(true);
    } finally {
      await test.drop();
    }
  });
});

describe('embedded Postgres', () => {
  let root: string;
  let dataDir: string;
  /** The openDatabase that started the server; replaced when a test restarts it. */
  let owner: OpenedDatabase | undefined;
  const open = () => openDatabase({ databaseUrl: undefined, dataDir, logLevel: 'silent' });
  const ownerOrFail = (): OpenedDatabase => {
    if (!owner) throw new Error('an earlier test did not start the server');
    return owner;
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'taskmaster-embedded-test-'));
    await fs.chmod(root, 0o755);
    dataDir = path.join(root, 'data');
  });

  afterAll(async () => {
    await owner?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('starts in a fresh data dir with crash-safe settings and serves a migrated taskmaster database', async () => {
    owner = await open();
    expect(owner.embedded?.startedHere).toBe(true);
    expect(owner.embedded?.timings.initdbMs).toBeGreaterThan(0);
    expect(owner.embedded?.pgdata).toBe(path.join(dataDir, 'postgres'));
    const [info] = await owner.sql<{ db: string; fsync: string; sync: string }[]>`
      select current_database() as db, current_setting('fsync') as fsync,
             current_setting('synchronous_commit') as sync`;
    expect(info).toEqual({ db: 'taskmaster', fsync: 'on', sync: 'on' });
    expect(await publicTables(owner.sql)).toEqual(expect.arrayContaining(APP_TABLES));

    const statePath = path.join(dataDir, 'postgres.json');
    const state: unknown = JSON.parse(await fs.readFile(statePath, 'utf8'));
    expect(state).toMatchObject({
      port: owner.embedded?.port,
      pid: owner.embedded?.pid,
      user: 'postgres',
      database: 'taskmaster',
    });
    // It holds the password: owner-only.
    expect((await fs.stat(statePath)).mode & 0o077).toBe(0);
  });

  it('reuses the running server for a second openDatabase on the same data dir', async () => {
    const first = ownerOrFail();
    const second = await open();
    expect(second.embedded?.startedHere).toBe(false);
    expect(second.embedded?.port).toBe(first.embedded?.port);
    expect(second.embedded?.pid).toBe(first.embedded?.pid);
    // Stopping the side that reused it leaves the server running for its owner.
    await second.stop();
    expect(await first.sql`select 1 as ok`).toEqual([{ ok: 1 }]);
  });

  it('reuses the running server from another process', async () => {
    const first = ownerOrFail();
    await first.sql`insert into workflows (id, name) values ('wf-persist', 'Persisted')`;
    const child = path.resolve(__dirname, '../helpers/open-database-child.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dataDir]);
    expect(JSON.parse(stdout.trim())).toEqual({
      port: first.embedded?.port,
      pid: first.embedded?.pid,
      startedHere: false,
      workflows: 1,
    });
    expect(await first.sql`select 1 as ok`).toEqual([{ ok: 1 }]);
  });

  it('stops the server it started, and keeps the data for the next start', async () => {
    const first = ownerOrFail();
    const oldPid = first.embedded?.pid ?? 0;
    await first.stop();
    owner = undefined;
    expect(isProcessAlive(oldPid)).toBe(false);

    owner = await open();
    expect(owner.embedded?.startedHere).toBe(true);
    expect(owner.embedded?.pid).not.toBe(oldPid);
    expect(owner.embedded?.timings.initdbMs).toBeUndefined();
    const rows = await owner.sql`select name from workflows where id = 'wf-persist'`;
    expect(rows).toEqual([{ name: 'Persisted' }]);
  });

  it('starts one server when two callers start the same data dir at once', async () => {
    const dir = path.join(root, 'race');
    const [a, b] = await Promise.all([
      startEmbeddedPostgres({ dataDir: dir, fast: true, preferredPort: 0 }),
      startEmbeddedPostgres({ dataDir: dir, fast: true, preferredPort: 0 }),
    ]);
    try {
      expect(a.port).toBe(b.port);
      expect([a.startedHere, b.startedHere].sort()).toEqual([false, true]);
    } finally {
      await b.stop();
      await a.stop();
    }
  });

  it.skipIf(process.getuid?.() !== 0)(
    'keeps the database inside a private data folder (mode 700, as mktemp -d makes), so deleting the folder deletes it (root only)',
    async () => {
      const dataDir = await fs.mkdtemp(path.join(root, 'private-data-'));
      expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o700);
      const fallback = path.join(root, 'fallback-private');
      const server = await startEmbeddedPostgres({ dataDir, fallbackBases: [fallback], fast: true, preferredPort: 0 });
      try {
        expect(server.pgdata).toBe(path.join(dataDir, 'postgres'));
        expect((await fs.lstat(server.pgdata)).isSymbolicLink()).toBe(false);
        // Only passage for the postgres user: others still can't list or enter it.
        expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o710);
        const sql = postgres(server.url, { max: 1 });
        await expect(sql`select 1 as ok`).resolves.toEqual([{ ok: 1 }]);
        await sql.end();
      } finally {
        await server.stop();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
      await expect(fs.readdir(path.join(fallback, 'data'))).rejects.toThrow();
    },
  );

  it.skipIf(process.getuid?.() !== 0)('uses reachable copies when the postgres user cannot enter the checkout (root only)', async () => {
    // A folder only root may enter, like /root, holding the "checkout": binaries and data dir.
    const checkout = path.join(root, 'private-checkout');
    await fs.mkdir(checkout, { mode: 0o700 });
    const { packagedNativeDir } = await import('../../server/db/embedded-layout');
    await fs.symlink(packagedNativeDir(), path.join(checkout, 'native'));
    const fallback = path.join(root, 'fallback');
    const notices: string[] = [];
    const options = {
      dataDir: path.join(checkout, 'data'),
      nativeDir: path.join(checkout, 'native'),
      fallbackBases: [fallback],
      fast: true,
      preferredPort: 0,
      log: (m: string) => notices.push(m),
    };

    const server = await startEmbeddedPostgres(options);
    try {
      expect(server.pgdata.startsWith(path.join(fallback, 'data'))).toBe(true);
      expect(await fs.readlink(path.join(checkout, 'data', 'postgres'))).toBe(server.pgdata);
      expect(notices.join('\n')).toMatch(/cannot reach .*private-checkout/);
      const sql = postgres(server.url, { max: 1 });
      await expect(sql`select current_database() as db`).resolves.toEqual([{ db: 'taskmaster' }]);
      await sql.end();
    } finally {
      await server.stop();
    }
    // The second start finds the same relocated cluster through the link.
    const again = await startEmbeddedPostgres(options);
    await again.stop();
    expect(again.pgdata).toBe(server.pgdata);
    expect(again.timings.initdbMs).toBeUndefined();
  });
});
