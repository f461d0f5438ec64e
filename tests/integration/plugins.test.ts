/**
 * Plugins as users get them: a folder plugin copied into the plugins folder, an npm plugin packed
 * from tests/fixtures/plugins with `npm pack` and installed with `taskmaster plugins install`, a
 * workflow using both run from the CLI, and a plugin trigger firing runs on a worker in a
 * process of its own (`taskmaster worker`, which also hosts the triggers).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes';
import { loadPlugins } from '../../server/plugins';
import { createWorkflow } from '../../server/db/workflows';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { getRunResult } from '../../server/services/run-result';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { PLUGIN_FIXTURES } from '../helpers/plugins';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const STACK_FRAME = '    at ';

let t: Harness;
let ctx: Harness['ctx'];
let workDir: string;
let dataDir: string;
let pluginsDir: string;
let tgz: string;
let worker: ChildProcess | null = null;

function env() {
  return { ...process.env, DATABASE_URL: t.database.url, TASKMASTER_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
}

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return cliIn(workDir, ...args);
}

function cliIn(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
      cwd,
      env: env(),
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

beforeAll(async () => {
  t = await startHarness({ max: 5 });
  ctx = t.ctx;
  workDir = await mkdtemp(path.join(os.tmpdir(), 'tm-plugins-it-'));
  dataDir = path.join(workDir, 'data');
  pluginsDir = path.join(dataDir, 'plugins');
  await cp(path.join(PLUGIN_FIXTURES, 'greet'), path.join(pluginsDir, 'greet'), { recursive: true });
  // The npm plugin, packed as its author would publish it.
  await promisify(execFile)('npm', ['pack', '--pack-destination', workDir, '--loglevel=error'], {
    cwd: path.join(PLUGIN_FIXTURES, 'tm-plugin-shout'),
  });
  tgz = path.join(workDir, (await readdir(workDir)).find((f) => f.endsWith('.tgz'))!);
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await loadPlugins({ dir: pluginsDir, enabled: false });
  await t?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('taskmaster plugins', () => {
  it('installs a packed npm plugin and lists it beside the folder plugin', async () => {
    const installed = await cli('plugins', 'install', tgz);
    expect(installed.stderr).not.toContain(STACK_FRAME);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('Installed tm-plugin-shout 0.3.1: tm-plugin-shout/shout.');
    const list = await cli('plugins', 'list', '--json');
    const report = JSON.parse(list.stdout) as { plugins: { name: string; source: string; steps: { id: string }[] }[]; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.plugins.map((p) => [p.name, p.source, p.steps.map((s) => s.id).sort()])).toEqual([
      ['greet', 'folder', ['greet/greet', 'greet/ticker']],
      ['tm-plugin-shout', 'npm', ['tm-plugin-shout/shout']],
    ]);
  });

  // `npm start` runs in TaskMaster's folder, whose tsconfig.json maps 'taskmaster/sdk' for type
  // checks; tsx applied that mapping to plugins too, and gave ticker.ts the types file (no
  // defineTrigger at run time): "does not provide an export named 'defineTrigger'".
  it('loads a TypeScript plugin when started from the TaskMaster folder, as npm start is', async () => {
    const check = await cliIn(ROOT, 'plugins', 'check');
    expect(check.stdout).not.toContain('greet/ticker.ts');
    expect(check.code, check.stdout).toBe(0);
  });

  it('runs a workflow of plugin steps from the CLI', async () => {
    const { code, stdout, stderr } = await cli('run', path.join(ROOT, 'tests/fixtures/workflows/plugin-steps.json'), '--json');
    expect(stderr).not.toContain(STACK_FRAME);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { status: string; nodes: Record<string, { output: { main: unknown[] } }> };
    expect(result.status).toBe('succeeded');
    expect(result.nodes.shout.output.main).toEqual([{ text: 'quiet please', greeting: 'HELLO, ADA!' }]);
  });

  it('reports a broken plugin by name and file, exits 1 on check, and keeps the others working', async () => {
    await cp(path.join(PLUGIN_FIXTURES, 'broken'), path.join(pluginsDir, 'broken'), { recursive: true });
    try {
      const check = await cli('plugins', 'check');
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('broken (broken/throws.js): Could not load the file: the plugin could not find its settings file');
      expect(check.stdout).toContain('broken (broken/no-export.js)');
      expect(check.stdout).not.toContain(STACK_FRAME);
      const run = await cli('run', path.join(ROOT, 'tests/fixtures/workflows/plugin-steps.json'), '--json');
      expect(run.code).toBe(0);
    } finally {
      await rm(path.join(pluginsDir, 'broken'), { recursive: true, force: true });
    }
  });
});

describe('a plugin trigger on a separate worker process', () => {
  it('fires runs through `taskmaster worker` that use a plugin step', async () => {
    // This process stands for the web server: it knows the plugin steps to save the workflow.
    await loadPlugins({ dir: pluginsDir });
    expect(getNodeType('greet/ticker')).toBeDefined();
    worker = spawn(process.execPath, ['--no-node-snapshot', BIN, 'worker'], {
      cwd: workDir,
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    worker.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const api = await callerAs(ctx, 'owner');
    const wf = new WorkflowBuilder('Ticking');
    wf.connect(
      wf.add('greet/ticker', { everyMs: 300, label: 'beat' }, { id: 'tick' }),
      wf.add('greet/greet', { who: 'worker' }, { id: 'greet', name: 'Greet' }),
    );
    const doc = wf.toDocument();
    doc.nodes[1].typeVersion = 2;
    const { id } = await api.workflows.create({ document: doc });
    await api.workflows.setActive({ id, active: true });
    const succeeded = async () =>
      (await ctx.sql`select id from runs where workflow_id = ${id} and status = 'succeeded' order by created_at limit 1`)[0]?.id as
        | string
        | undefined;
    await expect.poll(succeeded, { timeout: 30_000, interval: 100 }).toBeDefined();
    await api.workflows.setActive({ id, active: false });
    const runId = (await succeeded())!;
    const [run] = await ctx.sql`select trigger_kind from runs where id = ${runId}`;
    expect(run.trigger_kind).toBe('greet/ticker');
    const result = await getRunResult(ctx.sql, runId);
    expect(result?.nodes.greet.output.main).toEqual([
      { label: 'beat', count: expect.any(Number), fromTicker: true, greeting: 'Hello, worker!' },
    ]);
    expect(log).not.toContain(STACK_FRAME);
  });
});

describe('a step whose plugin raised its version', () => {
  it('opens an old workflow upgraded by migrate, keeps the upgrade in the history, and runs it on the worker process', async () => {
    await loadPlugins({ dir: pluginsDir });
    const api = await callerAs(ctx, 'owner');
    // Saved when greet was version 1 and its setting was called `name`.
    const wf = new WorkflowBuilder('Old greeting');
    wf.connect(wf.add('manual-trigger', {}, { id: 'start' }), wf.add('greet/greet', {}, { id: 'greet', name: 'Greet' }));
    const doc = wf.toDocument();
    doc.nodes[1].typeVersion = 1;
    doc.nodes[1].config = { name: 'Grace' };
    const { id } = await createWorkflow(ctx.db, doc);
    const opened = await api.workflows.get({ id });
    expect(opened.upgrades).toEqual([{ nodeId: 'greet', name: 'Greet', type: 'greet/greet', from: 1, to: 2 }]);
    expect(opened.upgradeNote).toBe('Upgraded "Greet" (greet/greet) from version 1 to 2. Saved as version 2.');
    expect(opened.document.nodes[1]).toMatchObject({ typeVersion: 2, config: { who: 'Grace' } });
    expect(opened.version).toBe(2);
    expect((await api.workflows.history({ id })).map((v) => v.version)).toEqual([2, 1]);
    expect((await api.workflows.get({ id })).upgrades).toEqual([]);
    // Worker process from the trigger test above (or a new one): the run uses the upgraded config.
    worker ??= spawn(process.execPath, ['--no-node-snapshot', BIN, 'worker'], { cwd: workDir, env: env(), stdio: 'ignore' });
    const { runId } = await api.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, runId, 30_000)).toBe('succeeded');
    expect((await getRunResult(ctx.sql, runId))?.nodes.greet.output.main).toEqual([expect.objectContaining({ greeting: 'Hello, Grace!' })]);
  });
});

describe('taskmaster new-step', () => {
  it('writes a plugin skeleton whose own test passes out of the box, and which loads as a plugin', async () => {
    const made = await cli('new-step', 'say-hello', '--dir', path.join(workDir, 'say-hello'));
    expect(made.code).toBe(0);
    expect((await readdir(path.join(workDir, 'say-hello'))).sort()).toEqual([
      'README.md',
      'icon.svg',
      'node_modules',
      'package.json',
      'say-hello.js',
      'say-hello.test.js',
    ]);
    const tested = await promisify(execFile)('npm', ['test', '--loglevel=error'], { cwd: path.join(workDir, 'say-hello') });
    expect(tested.stdout).toMatch(/# pass 2/);
    expect(tested.stdout).toMatch(/# fail 0/);
    // Dropped into a plugins folder, it loads with its own icon and no problems.
    const dir = path.join(workDir, 'other-plugins');
    await cp(path.join(workDir, 'say-hello'), path.join(dir, 'say-hello'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const report = await loadPlugins({ dir });
    expect(report.problems).toEqual([]);
    expect(report.plugins[0].steps.map((s) => s.id)).toEqual(['tm-plugin-say-hello/say-hello']);
    const refused = await cli('new-step', 'Bad Name');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"Bad Name" is not a step name');
  });
});
