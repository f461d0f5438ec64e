/**
 * Browser profiles from the command line (`taskmaster profiles`), and workflow files that name
 * a profile by name: real `node bin/taskmaster.mjs` processes on a database of this file's own.
 * The proxy password never shows in any output or file.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../server/db/client';
import { createWorkflow, getWorkflow } from '../../server/db/workflows';
import { workflowDocumentSchema } from '../../core/document';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

// Each call is a new process that compiles TaskMaster with tsx (up to 19 s seen at high load).
vi.setConfig({ testTimeout: 300_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const SECRET = `proxy-pw-${randomBytes(6).toString('hex')}`;

let database: TestDatabase;
let workDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-profiles-cli-'));
});

afterAll(async () => {
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const outputs: string[] = [];

function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: { ...process.env, DATABASE_URL: database.url, TASKMASTER_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'info' },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('taskmaster profiles', () => {
  let profileId = '';

  it('creates, lists, exports (settings only), imports under another name and deletes', async () => {
    const created = await cli(
      [
        'profiles',
        'create',
        'Shop login',
        '--locale',
        'de-DE',
        '--timezone',
        'Europe/Berlin',
        '--width',
        '1024',
        '--height',
        '768',
        '--proxy',
        'http://127.0.0.1:3128',
        '--proxy-user',
        'shopper',
        '--proxy-password-stdin',
      ],
      `${SECRET}\n`,
    );
    expect(created.stderr).toContain('Created the browser profile "Shop login".');
    expect(created.code).toBe(0);
    profileId = created.stdout.trim();
    expect(profileId).toMatch(/^prof_\w+$/);

    const listed = await cli(['profiles', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${profileId} +Shop login +1024x768 +de-DE +Europe/Berlin +http://127\\.0\\.0\\.1:3128 \\(password set\\) +\\(instance: owners and admins\\)$`,
        'm',
      ),
    );

    const file = path.join(workDir, 'shop-login.json');
    const exported = await cli(['profiles', 'export', 'shop login', file]);
    expect(exported.code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual({
      kind: 'taskmaster-browser-profile',
      version: 1,
      name: 'Shop login',
      userAgent: '',
      viewportWidth: 1024,
      viewportHeight: 768,
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      proxyServer: 'http://127.0.0.1:3128',
      proxyUser: 'shopper',
      notes: '',
      proxyPasswordNeeded: true,
    });
    expect(text).not.toContain(profileId);

    const clash = await cli(['profiles', 'import', file]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('A browser profile named "Shop login" already exists.');
    const imported = await cli(['profiles', 'import', file, '--name', 'Shop login 2']);
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim()).toMatch(/^prof_\w+$/);
    expect(imported.stderr).toContain('Its proxy needs a password, which exports never carry');

    const deleted = await cli(['profiles', 'delete', 'Shop login 2']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('Deleted the browser profile "Shop login 2"');
    const again = await cli(['profiles', 'delete', 'Shop login 2']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('There is no browser profile named "Shop login 2".');
  });

  it('gives a profile it makes to the person named with --owner, so it is theirs to manage and share', async () => {
    await database.sql`insert into users (id, name, email, role) values ('u_ed', 'Ed', 'ed@example.test', 'editor')`;
    const unknown = await cli(['profiles', 'create', 'Nobody’s', '--owner', 'nobody@example.test']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no account with the e-mail "nobody@example.test". See them with: taskmaster users list');
    const made = await cli(['profiles', 'create', 'Ed’s shop', '--owner', 'ED@example.test']);
    expect(made.code).toBe(0);
    const id = made.stdout.trim();
    const [row] = await database.sql`select owner_id from browser_profiles where id = ${id}`;
    expect(row.owner_id).toBe('u_ed');
    const listed = await cli(['profiles', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`^${id} +Ed’s shop .* ed@example\\.test$`, 'm'));
  });

  it('says what is wrong with bad settings, without a stack', async () => {
    const bad = await cli(['profiles', 'create', 'Bad', '--timezone', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"timezone": Write the time zone like Europe/Berlin');
    expect(bad.stderr).not.toContain('    at ');
  });

  it('exports a workflow naming its profile by name, and imports it back to the profile of that name', async () => {
    expect(profileId).not.toBe('');
    const db = createDb(database.url, { max: 2 });
    try {
      const document = workflowDocumentSchema.parse({
        name: 'Shop check',
        nodes: [
          { id: 't', type: 'manual-trigger', name: 'Start' },
          { id: 'open', type: 'browser-open', name: 'Open shop', config: { url: 'https://shop.example.com', profileId } },
        ],
        edges: [{ id: 'e1', source: 't', target: 'open' }],
      });
      const saved = await createWorkflow(db.db, document);
      const file = path.join(workDir, 'shop-check.json');
      expect((await cli(['export', saved.id, file])).code).toBe(0);
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(profileId);
      expect(text).toContain('"$browserProfile"');

      const back = await cli(['import', file]);
      expect(back.code).toBe(0);
      const again = await getWorkflow(db.db, back.stdout.trim());
      expect(again?.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe(profileId);

      // A file from elsewhere whose profile is not here: imported, with a note naming it.
      await writeFile(file, text.replace('"Shop login"', '"Warehouse login"'));
      const missing = await cli(['import', file]);
      expect(missing.code).toBe(0);
      expect(missing.stderr).toContain('used the browser profile "Warehouse login" where the workflow came from');
      const chosen = await cli(['import', file, '--profile', `Warehouse login=${profileId}`]);
      expect(chosen.code).toBe(0);
      expect((await getWorkflow(db.db, chosen.stdout.trim()))?.document.nodes.find((n) => n.id === 'open')?.config.profileId).toBe(
        profileId,
      );
    } finally {
      await db.close();
    }
  });

  it('never printed the proxy password', () => {
    expect(outputs.join('\n')).not.toContain(SECRET);
  });
});
