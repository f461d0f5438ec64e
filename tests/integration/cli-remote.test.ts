/**
 * The CLI's remote mode: `taskmaster --url … --api-key …` drives a started server through its
 * REST API. The CLI process gets a database address that leads nowhere, so everything it shows
 * came over HTTP.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { createCaller } from '../../server/trpc/app-router';
import { contextAs } from '../helpers/auth';
import { startRestHarness, type RestHarness } from '../helpers/rest';

// Each CLI call is a new process that compiles TaskMaster with tsx; a test makes up to five, and
// on a loaded 2-core machine one start took 15 s of wall time. Hangs still fail.
vi.setConfig({ testTimeout: 240_000 });

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'taskmaster.mjs');

let h: RestHarness;
let workDir: string;
let workflowId: string;
let runKey: string;

beforeAll(async () => {
  h = await startRestHarness();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-remote-'));
  const wf = new WorkflowBuilder('Remote greeter');
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('set-fields', { fields: [{ name: 'greeting', value: 'hello {{ $json.who }}' }] }, { id: 's', name: 'Greet' }),
  );
  const editor = createCaller(await contextAs(h.ctx, 'editor'));
  workflowId = (await editor.workflows.create({ document: wf.toDocument() })).id;
  runKey = await h.keyFor('editor', ['run']);
});

afterAll(async () => {
  await h?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: {
        ...process.env,
        // Nothing local to fall back on: a local command would fail to connect.
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere',
        TASKMASTER_DATA_DIR: path.join(workDir, 'data'),
        TASKMASTER_URL: '',
        TASKMASTER_API_KEY: '',
        ...env,
      },
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

describe('taskmaster --url --api-key', () => {
  it('runs a saved workflow on the server and prints the result as the local command does', async () => {
    const run = await cli(['--url', h.base, '--api-key', runKey, 'run', workflowId, '--input', '{"who":"remote"}']);
    expect(run.stderr).toMatch(/Started run run_\w+ on http:\/\/127\.0\.0\.1:\d+\./);
    expect(run.stdout).toMatch(/Greet\s+s\s+succeeded\s+1/);
    expect(run.stdout).toMatch(/Run run_\w+ succeeded in/);
    expect(run.code).toBe(0);

    const output = await cli(['run', workflowId, '--input', '{"who":"json"}', '--output', 'Greet'], {
      TASKMASTER_URL: h.base,
      TASKMASTER_API_KEY: runKey,
    });
    expect(output.code).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual([{ who: 'json', greeting: 'hello json' }]);

    const json = await cli(['--url', h.base, '--api-key', runKey, 'run', workflowId, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'succeeded',
      warningCount: 0,
      nodes: { s: { status: 'succeeded', output: { main: [{ greeting: 'hello ' }] } } },
    });
  });

  it('lists workflows and their runs', async () => {
    const list = await cli(['list', `--url=${h.base}`, `--api-key=${runKey}`]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${workflowId}\\s+Remote greeter\\s+no\\s+succeeded`));
    const runs = await cli(['--url', h.base, '--api-key', runKey, 'runs', workflowId, '--limit', '2']);
    expect(runs.code).toBe(0);
    expect(runs.stdout.trim().split('\n')).toHaveLength(3);
    expect(runs.stdout).toMatch(/run_\w+\s+succeeded\s+manual/);
    expect(runs.stdout).toMatch(/^RUN +STATUS +TRIGGER +CREATED +TIME +WARNINGS +ERROR$/m);
  });

  it('exports, imports, turns on and off, and prints one step’s whole output', async () => {
    const key = await h.keyFor('editor', ['read', 'run', 'write']);
    const remote = ['--url', h.base, '--api-key', key];
    const file = path.join(workDir, 'greeter.json');
    const exported = await cli([...remote, 'export', workflowId, file]);
    expect(exported.stderr).toContain(`to ${file}`);
    expect(exported.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ name: 'Remote greeter' });

    const imported = await cli([...remote, 'import', file]);
    expect(imported.code).toBe(0);
    const copyId = imported.stdout.trim();
    expect(copyId).toMatch(/^wf_\w+$/);
    expect(copyId).not.toBe(workflowId);
    expect((await h.call(key, 'GET', `/workflows/${copyId}`)).body).toMatchObject({ name: 'Remote greeter' });

    const on = await cli([...remote, 'activate', copyId]);
    expect(on.stdout.trim()).toBe(`${copyId} is now active.`);
    expect((await h.call(key, 'GET', `/workflows/${copyId}`)).body.active).toBe(true);
    const off = await cli([...remote, 'deactivate', copyId]);
    expect(off.stdout.trim()).toBe(`${copyId} is now inactive.`);
    expect((await h.call(key, 'GET', `/workflows/${copyId}`)).body.active).toBe(false);

    const started = await h.call(key, 'POST', `/workflows/${copyId}/runs`, { input: { who: 'out' } });
    const runId: string = started.body.runId;
    await expect.poll(async () => (await h.call(key, 'GET', `/runs/${runId}`)).body.status, { timeout: 30_000 }).toBe('succeeded');
    const output = await cli([...remote, 'run-output', runId, 'Greet']);
    expect(output.code).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual([{ who: 'out', greeting: 'hello out' }]);
    for (const r of [exported, imported, on, off, output]) expect(r.stderr).not.toContain('    at ');
  });

  it('says plainly what is wrong: a refused key, a missing key', async () => {
    const refused = await cli(['--url', h.base, '--api-key', 'tm_wrong', 'list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the API key: This API key is not valid/);
    const noKey = await cli(['--url', h.base, 'list']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/Give an API key with --api-key or TASKMASTER_API_KEY/);
    for (const r of [refused, noKey]) expect(r.stderr).not.toContain('    at ');
  });

  it('says plainly what is wrong: an unknown id, a local-only command, a key without the run scope', async () => {
    const unknown = await cli(['--url', h.base, '--api-key', runKey, 'runs', 'wf_nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/There is no workflow with the id "wf_nope"/);
    const local = await cli(['--url', h.base, '--api-key', runKey, 'users', 'list']);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/works on this machine only/);
    const readOnly = await h.keyFor('editor', ['read'], 'Reader');
    const cannotRun = await cli(['--url', h.base, '--api-key', readOnly, 'run', workflowId]);
    expect(cannotRun.code).toBe(2);
    expect(cannotRun.stderr).toMatch(/needs the "run" scope/);
    for (const r of [unknown, local, cannotRun]) expect(r.stderr).not.toContain('    at ');
  });
});
