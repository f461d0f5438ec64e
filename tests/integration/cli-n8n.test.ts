/**
 * `taskmaster import` recognises an n8n export by its shape, saves the converted workflow and
 * lists on stderr what could not be converted; stdout keeps only the new id.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorkflow } from '../../server/db/workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'n8n', 'daily-api-digest.json');

let database: TestDatabase;
let workDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-cli-n8n-'));
});

afterAll(async () => {
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
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('taskmaster import of an n8n export', () => {
  it('converts, saves, prints the id and reports what was left out', async () => {
    const result = await cli('import', FIXTURE);
    expect(result.code).toBe(0);
    const id = result.stdout.trim();
    expect(id).toMatch(/^wf_[a-z0-9]{12}$/);
    expect(result.stderr).toContain('imported from n8n');
    expect(result.stderr).toContain('3 of 4 steps converted.');
    expect(result.stderr).toContain('Needs attention "Post to Slack" (n8n-nodes-base.slack): "Post to Slack" is n8n\'s "slack" step');
    expect(result.stderr).toContain('Check before use');
    const saved = await getWorkflow(database.db, id);
    expect(saved?.document.nodes.map((n) => n.type)).toEqual(['schedule-trigger', 'http-request', 'code', 'needs-attention']);
    expect(saved?.document.nodes[3].settings.onError).toBe('errorOutput');
  });
});
