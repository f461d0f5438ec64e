/** Settings → Plugins through the router: admins only; upload a packed plugin, turn it off, remove it. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugins } from '../../server/plugins';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { PLUGIN_FIXTURES } from '../helpers/plugins';

let t: Harness;
let ctx: Harness['ctx'];
let workDir: string;
let tgz: string;
const before = process.env.TASKMASTER_PLUGINS_DIR;

beforeAll(async () => {
  t = await startHarness({ max: 5 });
  ctx = t.ctx;
  workDir = await mkdtemp(path.join(os.tmpdir(), 'tm-plugins-api-'));
  // Never the repo's own data folder.
  process.env.TASKMASTER_PLUGINS_DIR = path.join(workDir, 'plugins');
  await promisify(execFile)('npm', ['pack', '--pack-destination', workDir, '--loglevel=error'], {
    cwd: path.join(PLUGIN_FIXTURES, 'tm-plugin-shout'),
  });
  tgz = path.join(workDir, (await readdir(workDir)).find((f) => f.endsWith('.tgz'))!);
});

afterAll(async () => {
  await loadPlugins({ enabled: false });
  if (before === undefined) delete process.env.TASKMASTER_PLUGINS_DIR;
  else process.env.TASKMASTER_PLUGINS_DIR = before;
  await t?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('plugins router', () => {
  it('is for admins only', async () => {
    const editor = await callerAs(ctx, 'editor');
    await expect(editor.plugins.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(editor.plugins.install({ spec: 'tm-plugin-shout' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('installs an uploaded .tgz, shows its step in the catalogue, turns it off and removes it', async () => {
    const admin = await callerAs(ctx, 'admin');
    const base64 = (await readFile(tgz)).toString('base64');
    const installed = await admin.plugins.upload({ fileName: path.basename(tgz), base64 });
    expect(installed).toEqual({ name: 'tm-plugin-shout', version: '0.3.1', steps: ['Shout'], problems: [] });
    expect((await admin.nodes.catalog()).find((e) => e.id === 'tm-plugin-shout/shout')?.plugin).toMatchObject({
      plugin: 'tm-plugin-shout',
      version: '0.3.1',
    });
    expect((await admin.plugins.list()).plugins.map((p) => [p.name, p.disabled])).toEqual([['tm-plugin-shout', false]]);

    await admin.plugins.setOff({ name: 'tm-plugin-shout', off: true });
    expect((await admin.nodes.catalog()).some((e) => e.id === 'tm-plugin-shout/shout')).toBe(false);
    await admin.plugins.setOff({ name: 'tm-plugin-shout', off: false });

    await admin.plugins.remove({ name: 'tm-plugin-shout' });
    expect((await admin.plugins.list()).plugins).toEqual([]);
    expect((await admin.nodes.catalog()).some((e) => e.id === 'tm-plugin-shout/shout')).toBe(false);
  });

  it('refuses what is not a package name, in plain words', async () => {
    const admin = await callerAs(ctx, 'admin');
    await expect(admin.plugins.install({ spec: '--registry=http://evil' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('is neither an npm package name'),
    });
    await expect(admin.plugins.remove({ name: 'nothing-here' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('No plugin is called "nothing-here"'),
    });
  });
});
