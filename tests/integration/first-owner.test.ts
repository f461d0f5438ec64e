/**
 * An instance used before sign-in existed has workflows and credentials without an owner. The
 * first owner takes them over, whether made on the setup page or with
 * `taskmaster users create --role owner`; a later owner takes nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keyStoreFor } from '../../server/credentials/keys';
import { createCredential } from '../../server/credentials/service';
import { createWorkflow } from '../../server/db/workflows';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createAppContext } from '../../server/context';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

// A CLI call is a new process compiling TaskMaster with tsx: slow on a loaded machine (cli.test.ts).
vi.setConfig({ testTimeout: 240_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');

let workDir: string;
const dataDir = () => path.join(workDir, 'data');

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-first-owner-'));
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, TASKMASTER_DATA_DIR: dataDir(), TASKMASTER_ENCRYPTION_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const emptyDoc = (name: string) => new WorkflowBuilder(name).toDocument();

/** Two workflows and a credential as an instance from before sign-in has them: no owner. */
async function madeBeforeSignIn(ctx: ReturnType<typeof createAppContext>) {
  const a = await createWorkflow(ctx.db, emptyDoc('Old report'));
  const b = await createWorkflow(ctx.db, emptyDoc('Old sync'));
  const cred = await createCredential(ctx, {
    name: 'Old token',
    type: 'api-key',
    values: { placement: 'header', name: 'X-API-Key', value: 'old-key' },
  });
  if (!cred.saved) throw new Error(`credential not saved: ${JSON.stringify(cred.problems)}`);
  return { workflows: [a.id, b.id], credential: cred.id };
}

async function ownersOf(ctx: ReturnType<typeof createAppContext>, workflowIds: string[], credentialId: string) {
  const wf = await ctx.sql`select id, owner_id from workflows where id in ${ctx.sql(workflowIds)} order by id`;
  const [cred] = await ctx.sql`select owner_id from credentials where id = ${credentialId}`;
  return { workflows: wf.map((r) => r.owner_id as string | null), credential: cred.owner_id as string | null };
}

describe('the first owner takes over what was made before sign-in', () => {
  it('with taskmaster users create --role owner (and a second owner takes nothing)', async () => {
    const database: TestDatabase = await createTestDatabase();
    // The CLI opens credentials with the key of its data folder: the same one here.
    const ctx = createAppContext(database.url, { keys: keyStoreFor({ dataDir: dataDir() }) });
    try {
      const old = await madeBeforeSignIn(ctx);
      const made = await cli(
        database.url,
        'users',
        'create',
        '--role',
        'owner',
        '--email',
        'first@example.test',
        '--name',
        'First',
        '--password',
        'a long password',
      );
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      expect(made.stdout).toContain('They now own 2 workflows and 1 saved credential made before sign-in existed.');
      const [first] = await ctx.sql`select id from users where email = 'first@example.test'`;
      expect(await ownersOf(ctx, old.workflows, old.credential)).toEqual({ workflows: [first.id, first.id], credential: first.id });

      // Made later by the local CLI (the instance's): a second owner doesn't take it.
      const later = await createWorkflow(ctx.db, emptyDoc('Made by the CLI'));
      const second = await cli(
        database.url,
        'users',
        'create',
        '--role',
        'owner',
        '--email',
        'second@example.test',
        '--name',
        'Second',
        '--password',
        'a long password',
      );
      expect(second.code).toBe(0);
      expect(second.stdout).not.toContain('now own');
      const [row] = await ctx.sql`select owner_id from workflows where id = ${later.id}`;
      expect(row.owner_id).toBeNull();
    } finally {
      await ctx.close();
      await database.drop();
    }
  });

  it('with the setup page', async () => {
    const database: TestDatabase = await createTestDatabase();
    const ctx = createAppContext(database.url);
    let web: WebServer | undefined;
    try {
      const old = await madeBeforeSignIn(ctx);
      web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true, setupCode: 'first-owner-code' });
      const base = web.url.replace('localhost', '127.0.0.1');
      const res = await fetch(`${base}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Olive', email: 'olive@example.test', password: 'a long password', code: 'first-owner-code' }),
      });
      expect(res.status).toBe(200);
      const [olive] = await ctx.sql`select id from users where email = 'olive@example.test'`;
      expect(await ownersOf(ctx, old.workflows, old.credential)).toEqual({ workflows: [olive.id, olive.id], credential: olive.id });
    } finally {
      await web?.close();
      await ctx.close();
      await database.drop();
    }
  });
});
