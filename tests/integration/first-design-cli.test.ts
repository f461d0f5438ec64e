/**
 * The first design's workflow files from the command line and the import API: `validate`
 * refuses a bad one at its lines, `run` runs one on real data, and `import` (CLI and API) saves
 * the converted workflow with its report.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppContext } from '../../server/context';
import { callerAs } from '../helpers/auth';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

// Each call is a new process that compiles TaskMaster with tsx (up to 19 s seen at high load).
vi.setConfig({ testTimeout: 240_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'first-design');

let database: TestDatabase;
let workDir: string;
// One context for the whole file: the signed-in test users are made once per context, and a
// second context on the same database would try to make the owner again.
let ctx: ReturnType<typeof createAppContext>;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = createAppContext(database.url, { max: 2 });
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-first-design-'));
  await cp(FIXTURES, workDir, { recursive: true });
  // Load CSV reads from the data folder's files/.
  await mkdir(path.join(workDir, 'data', 'files'), { recursive: true });
  await writeFile(path.join(workDir, 'data', 'files', 'sales.csv'), 'id,amount\n1,120\n2,\n3,80\n4,  \n5,NA\n6,null\n');
});

afterAll(async () => {
  await ctx?.close();
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: { ...process.env, DATABASE_URL: database.url, TASKMASTER_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'info' },
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

describe('first-design workflow files', () => {
  it('validate names the line of each problem in a bad file', async () => {
    const { code, stderr } = await cli('validate', 'broken.yaml');
    expect(code).toBe(2);
    expect(stderr).toContain('broken.yaml:4:19  The schedule "every blue moon" is not understood.');
    expect(stderr).toContain('broken.yaml:12:18  Action "save" depends on "laod", which is no action\'s id in this file.');
    expect(stderr).not.toContain('Unrecognized keys');
    expect(stderr).not.toContain('    at ');
  });

  it('runs clean-sales.yaml: rows without an amount are dropped and the rest saved', async () => {
    const { code, stdout, stderr } = await cli('run', 'clean-sales.yaml');
    expect(stderr).toContain('clean-sales.yaml: Converted from the first design');
    expect(stdout).toMatch(/Run run_\w+ succeeded/);
    expect(code).toBe(0);
    const saved = await readFile(path.join(workDir, 'data', 'files', 'out', 'clean-sales.csv'), 'utf8');
    expect(saved.trim().split(/\r?\n/)).toEqual(['id,amount', '1,120', '3,80']);
  });

  it("runs the first design's own simple_workflow.yaml and normalize_workflow.yaml on its test.csv, giving pandas' rows", async () => {
    // Their paths are ./data/…, inside the data folder's files/.
    await mkdir(path.join(workDir, 'data', 'files', 'data'), { recursive: true });
    await cp(path.join(FIXTURES, 'taskmasterpy', 'data', 'test.csv'), path.join(workDir, 'data', 'files', 'data', 'test.csv'));
    const rows = async (file: string) =>
      (await readFile(path.join(workDir, 'data', 'files', 'data', file), 'utf8'))
        .trim()
        .split(/\r?\n/)
        .map((line) => line.split(','));

    const simple = await cli('run', path.join('taskmasterpy', 'simple_workflow.yaml'));
    expect(simple.stdout).toMatch(/Run run_\w+ succeeded/);
    expect(simple.code).toBe(0);
    // pandas: dropna() keeps Alice and Bob, the only rows without an empty cell.
    const cleaned = await rows('test_cleaned.csv');
    expect(cleaned[0]).toEqual(['id', 'name', 'age', 'score']);
    expect(cleaned.slice(1).map((r) => [r[0], r[1], Number(r[2]), Number(r[3])])).toEqual([
      ['1', 'Alice', 25, 85.5],
      ['2', 'Bob', 30, 90],
    ]);

    const normalized = await cli('run', path.join('taskmasterpy', 'normalize_workflow.yaml'));
    expect(normalized.stdout).toMatch(/Run run_\w+ succeeded/);
    // pandas: (x - min) / (max - min) per column, empty cells stay empty.
    const scaled = (await rows('test_normalized.csv'))
      .slice(1)
      .map((r) => [r[1], r[2] === '' ? null : Number(r[2]), r[3] === '' ? null : Number(r[3])]);
    expect(scaled).toEqual([
      ['Alice', 0, (85.5 - 78.5) / 14],
      ['Bob', 0.25, (90 - 78.5) / 14],
      ['Charlie', null, 0],
      ['David', 0.75, null],
      ['', 1, 1],
    ]);
  });

  it('imports through the API (as the web app does) with the conversion report', async () => {
    const api = await callerAs(ctx, 'owner');
    const result = await api.workflows.import({ text: await readFile(path.join(FIXTURES, 'daily-digest.json'), 'utf8') });
    expect(result.imported).toBe(true);
    expect(result.notes[0]).toContain('Converted from the first design');
    const saved = await api.workflows.get({ id: result.id! });
    expect(saved.document.nodes.map((n) => n.type)).toEqual(['schedule-trigger', 'manual-trigger', 'load-csv', 'sort', 'limit']);
  });

  it('keeps "check before use" with an imported workflow until it is saved without it', async () => {
    const api = await callerAs(ctx, 'owner');
    const text = await readFile(path.join(ROOT, 'tests', 'fixtures', 'n8n', 'parity', 'unsupported-step.json'), 'utf8');
    const { id } = await api.workflows.importN8n({ text });
    const stored = await api.workflows.get({ id });
    expect(stored.document.checkBeforeUse?.some((line) => line.startsWith('"Tell Slack" needs attention'))).toBe(true);
    const listed = async () => (await api.workflows.list()).find((w) => w.id === id);
    expect(await listed()).toMatchObject({ checkBeforeUse: true });
    const { checkBeforeUse: _checked, ...document } = stored.document;
    await api.workflows.save({ id, document, expectedVersion: stored.version });
    expect((await api.workflows.get({ id })).document.checkBeforeUse).toBeUndefined();
    expect(await listed()).toMatchObject({ checkBeforeUse: false });
  });
});
