/**
 * One embedded Postgres per `vitest run`, in a temp dir with the no-fsync test settings. Test
 * files get its admin URL through `inject('pgAdminUrl')` and make their own databases from it
 * (tests/helpers/db.ts), so no test ever touches the user's data.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { migrate } from '../../server/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server's `postgres` database. */
    pgAdminUrl: string;
    /** A migrated database to clone: copying it is faster than migrating each new database. */
    pgTemplateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taskmaster-vitest-'));
  // mkdtemp makes the folder mode 700; the postgres user (we may be root) must get in.
  await fs.chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir,
    fast: true,
    preferredPort: 0, // Leave 54329 to the user's own TaskMaster.
    database: 'postgres',
  });
  const templateDb = 'taskmaster_template';
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(templateDb)}`;
  await admin.end();
  const templateUrl = new URL(server.adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  // migrate() closes its connections: Postgres clones only a template nobody is connected to.
  await migrate(templateUrl.href);
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplateDb', templateDb);
  return async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
