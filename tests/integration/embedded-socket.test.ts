/**
 * The embedded Postgres's Unix socket (issue 19): TaskMaster's own processes reach their embedded
 * database through it (cheaper per query than loopback TCP); TCP 127.0.0.1 stays for everything
 * else, and is what start falls back to when the socket can't be made.
 * A connection through a Unix socket has no server or client address: inet_server_addr() and
 * pg_stat_activity.client_addr are NULL for it, 127.0.0.1 for TCP.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded';
import { connectPostgres, socketDirFor, socketFile } from '../../server/db/pg-socket';
import { freePort, makeDataDir, spawnTaskMaster, type TaskMasterProcess } from '../helpers/start-process';

let root: string;
const started: EmbeddedPostgres[] = [];

// The socket is opt-in (server/db/embedded.ts says why); these tests turn it on, for the processes they start too.
process.env.TASKMASTER_PG_SOCKET = '1';

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'taskmaster-socket-test-'));
  await fs.chmod(root, 0o755);
});

afterAll(async () => {
  for (const server of started.reverse()) await server.stop().catch(() => {});
  await fs.rm(root, { recursive: true, force: true });
});

async function start(name: string, extra: { socketBase?: string; log?: (m: string) => void } = {}) {
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, name), fast: true, preferredPort: 0, ...extra });
  started.push(server);
  return server;
}

/** inet_server_addr() through postgres.js on `url` (made as TaskMaster makes its pools). */
async function serverAddressVia(url: string): Promise<string | null> {
  const sql = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ addr: string | null }[]>`select host(inet_server_addr()) as addr`;
    return row?.addr ?? null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

it('is off unless TASKMASTER_PG_SOCKET=1: the server listens on TCP only and every address is TCP', async () => {
  delete process.env.TASKMASTER_PG_SOCKET;
  try {
    const server = await start('default-tcp');
    expect(server.socketDir).toBeUndefined();
    expect(server.localUrl).toBe(server.url);
  } finally {
    process.env.TASKMASTER_PG_SOCKET = '1';
  }
});

describe('the embedded Postgres with a Unix socket', () => {
  it('listens on a private socket folder, and its local address goes through it (postgres.js and pg alike)', async () => {
    const server = await start('one');
    expect(server.socketDir).toBe(socketDirFor(server.pgdata));
    const dir = await fs.lstat(server.socketDir!);
    expect(dir.isDirectory()).toBe(true);
    expect(dir.mode & 0o077).toBe(0);
    expect((await fs.stat(socketFile(server.socketDir!, server.port))).isSocket()).toBe(true);

    expect(await serverAddressVia(server.localUrl)).toBeNull();
    // The TCP address still works for anything else.
    expect(await serverAddressVia(server.url)).toBe('127.0.0.1');
    // graphile-worker's pool is pg's, which reads the same address itself.
    const pool = new pg.Pool({ connectionString: server.localUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ addr: string | null; db: string }>(
        'select host(inet_server_addr()) as addr, current_database() as db',
      );
      expect(rows).toEqual([{ addr: null, db: 'taskmaster' }]);
    } finally {
      await pool.end();
    }
  });

  it('gives a second user of the running server the same socket, and removes the folder when it stops', async () => {
    const owner = await start('shared');
    const again = await startEmbeddedPostgres({ dataDir: path.join(root, 'shared'), fast: true, preferredPort: 0 });
    expect(again.startedHere).toBe(false);
    expect(again.localUrl).toBe(owner.localUrl);
    expect(await serverAddressVia(again.localUrl)).toBeNull();
    await again.stop();
    // The owner's server keeps running for the owner.
    expect(await serverAddressVia(owner.localUrl)).toBeNull();
    await owner.stop();
    expect(await exists(owner.socketDir!)).toBe(false);
  });

  it('gives two data folders (two TaskMasters on one machine) folders of their own', async () => {
    const [a, b] = await Promise.all([start('first'), start('second')]);
    expect(a.socketDir).not.toBe(b.socketDir);
    expect(await serverAddressVia(a.localUrl)).toBeNull();
    expect(await serverAddressVia(b.localUrl)).toBeNull();
    // Each socket leads to its own cluster.
    for (const server of [a, b]) {
      const sql = connectPostgres(server.localUrl, { max: 1 });
      const [row] = await sql<{ dir: string }[]>`select current_setting('data_directory') as dir`;
      await sql.end();
      expect(await fs.realpath(row?.dir ?? '')).toBe(await fs.realpath(server.pgdata));
    }
  });

  it('falls back to TCP, saying so, when the socket folder cannot be made', async () => {
    const notFolder = path.join(root, 'a-file');
    await fs.writeFile(notFolder, '');
    const logged: string[] = [];
    const server = await start('no-socket', { socketBase: notFolder, log: (m) => logged.push(m) });
    expect(server.socketDir).toBeUndefined();
    expect(server.localUrl).toBe(server.url);
    expect(logged.join('\n')).toMatch(/no Unix socket \(.*could not be made.*\); TaskMaster connects over TCP/);
    expect(await serverAddressVia(server.localUrl)).toBe('127.0.0.1');
  });

  it('removes socket folders left by killed servers whose data folder is gone, and keeps every other', async () => {
    const base = path.join(root, 'sweep');
    await fs.mkdir(base);
    const leftover = async (name: string, lock: string, extra: string[] = []) => {
      const dir = path.join(base, name);
      await fs.mkdir(dir, { mode: 0o700 });
      await fs.writeFile(path.join(dir, '.s.PGSQL.5999.lock'), lock);
      for (const file of ['.s.PGSQL.5999', ...extra]) await fs.writeFile(path.join(dir, file), '');
      return dir;
    };
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: no process has it
    const removed = path.join(root, 'removed', 'postgres');
    const gone = await leftover('taskmaster-pg-aaaaaaaaaaaa', `${deadPid}\n${removed}\n5999\n`);
    const dataStillThere = await leftover('taskmaster-pg-bbbbbbbbbbbb', `${deadPid}\n${root}\n5999\n`);
    const serverAlive = await leftover('taskmaster-pg-cccccccccccc', `${process.pid}\n${removed}\n5999\n`);
    const otherFiles = await leftover('taskmaster-pg-dddddddddddd', `${deadPid}\n${removed}\n5999\n`, ['notes.txt']);
    const notOurs = await leftover('someone-elses-folder', `${deadPid}\n${removed}\n5999\n`);

    const server = await start('sweeper', { socketBase: base });
    expect(server.socketDir?.startsWith(base)).toBe(true);
    expect(await exists(gone)).toBe(false);
    for (const kept of [dataStillThere, serverAlive, otherFiles, notOurs]) expect(await exists(kept), kept).toBe(true);
  });

  it('refuses a socket folder someone else left open in the temp folder, and uses TCP', async () => {
    const base = path.join(root, 'squatted');
    await fs.mkdir(base);
    const dataDir = path.join(root, 'victim');
    // The folder it would use, made beforehand by another user (here: open to everyone).
    const { planLayout } = await import('../../server/db/embedded-layout');
    const squat = socketDirFor((await planLayout(dataDir)).pgdata, base);
    await fs.mkdir(squat, { mode: 0o777 });
    await fs.chmod(squat, 0o777);
    const logged: string[] = [];
    const server = await start('victim', { socketBase: base, log: (m) => logged.push(m) });
    expect(server.socketDir).toBeUndefined();
    expect(logged.join('\n')).toMatch(/not a private folder/);
    expect(await serverAddressVia(server.localUrl)).toBe('127.0.0.1');
    expect(await fs.readdir(squat)).toEqual([]);
  });
});

describe('taskmaster start and a worker beside it', () => {
  let dataDir: string;
  const processes: TaskMasterProcess[] = [];

  afterEach(async () => {
    for (const p of processes.splice(0).reverse()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('connect to their embedded database through the socket only, graphile-worker pools included', async () => {
    dataDir = await makeDataDir();
    const port = await freePort();
    processes.push(
      await spawnTaskMaster(dataDir, ['start', '--no-ui'], {
        env: { PORT: String(port), PGAPPNAME: 'tm-start' },
        readyText: 'TaskMaster is running',
      }),
    );
    processes.push(await spawnTaskMaster(dataDir, ['worker'], { env: { PGAPPNAME: 'tm-worker' }, readyText: 'Worker running' }));
    expect(processes[0]?.output()).toMatch(/Unix socket .*\.s\.PGSQL\./);

    // The test's own look, over TCP, at who is connected how.
    const state = JSON.parse(await fs.readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number; password: string };
    const sql = postgres(`postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/taskmaster`, { max: 1 });
    try {
      const rows = await sql<{ app: string; tcp: boolean; listen: boolean }[]>`
        select application_name as app, client_addr is not null as tcp, query like 'LISTEN "jobs:insert"%' as listen
        from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`;
      for (const app of ['tm-start', 'tm-worker']) {
        const mine = rows.filter((r) => r.app === app);
        expect(mine.length, app).toBeGreaterThan(1);
        expect(
          mine.filter((r) => r.tcp),
          app,
        ).toEqual([]);
        // graphile-worker's own pg pool (its LISTEN connection) goes through the socket too.
        expect(
          mine.some((r) => r.listen),
          app,
        ).toBe(true);
      }
      expect(rows.filter((r) => r.tcp)).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it('starts over TCP, saying so, when the socket cannot be made', async () => {
    dataDir = await makeDataDir();
    // A temp folder too deep for a socket path (~107 bytes at most), as macOS's long TMPDIR can be.
    const tmp = path.join(dataDir, 'deep'.repeat(25));
    await fs.mkdir(tmp);
    const port = await freePort();
    const server = await spawnTaskMaster(dataDir, ['start', '--no-ui'], {
      env: { PORT: String(port), TMPDIR: tmp, PGAPPNAME: 'tm-start' },
      readyText: 'TaskMaster is running',
    });
    processes.push(server);
    expect(server.output()).toMatch(/no Unix socket \(.*too long for a Unix socket\); TaskMaster connects over TCP/);
    const state = JSON.parse(await fs.readFile(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number; password: string };
    const sql = postgres(`postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/taskmaster`, { max: 1 });
    try {
      const rows = await sql<{ tcp: boolean }[]>`
        select client_addr is not null as tcp from pg_stat_activity where application_name = 'tm-start'`;
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => r.tcp)).toBe(true);
    } finally {
      await sql.end();
    }
  });
});
