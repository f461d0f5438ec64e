/**
 * Settings → Features: an admin turns whole features off and the server refuses them with a
 * plain message, instead of them failing later: runs with a switched-off step fail before any
 * step runs, naming it; share links, the REST API and templates' sample data say they are off;
 * `system.status` tells the pages. Every switch is turned back on afterwards.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { loadBuiltinTemplates } from '../../server/services/templates';
import { FEATURE_OFF_TEXT } from '../../core/features';
import type { SettingsPatch } from '../../core/settings-schema';
import { callerAs } from '../helpers/auth';
import { startRestHarness, type RestHarness } from '../helpers/rest';

let h: RestHarness;
let api: Awaited<ReturnType<typeof callerAs>>;
let dataDir: string;
const savedDataDir = process.env.TASKMASTER_DATA_DIR;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taskmaster-features-'));
  // templates.use copies samples into <data dir>/files.
  process.env.TASKMASTER_DATA_DIR = dataDir;
  h = await startRestHarness();
  api = await callerAs(h.ctx, 'owner');
  await loadBuiltinTemplates(h.ctx);
});

afterAll(async () => {
  await h?.close();
  if (savedDataDir === undefined) delete process.env.TASKMASTER_DATA_DIR;
  else process.env.TASKMASTER_DATA_DIR = savedDataDir;
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Changes settings for one test and puts the old values back, whatever happens. */
async function withSettings(patch: SettingsPatch, use: () => Promise<void>): Promise<void> {
  const before = (await api.settings.get()).settings;
  await api.settings.update(patch);
  try {
    await use();
  } finally {
    const restore = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]]));
    await api.settings.update(restore as SettingsPatch);
  }
}

async function runOf(document: ReturnType<WorkflowBuilder['toDocument']>) {
  const { id } = await api.workflows.create({ document });
  const { runId } = await api.runs.start({ workflowId: id });
  const status = await waitForRun(h.ctx.sql, runId, 60_000);
  return { status, run: await api.runs.get({ runId }) };
}

describe('feature switches', () => {
  it('fails a run with a switched-off step before any step runs, naming the step; it runs again once switched on', async () => {
    const wf = new WorkflowBuilder('Uses code');
    const start = wf.add('manual-trigger', {}, { id: 't', name: 'Start' });
    const before = wf.add('set-fields', { fields: [{ name: 'a', value: '1' }] }, { id: 'set', name: 'Set a' });
    const code = wf.add('code', { code: 'return items;' }, { id: 'c', name: 'Compute' });
    wf.connect(start, before);
    wf.connect(before, code);
    await withSettings({ codeStepsEnabled: false }, async () => {
      // Read through the worker's live settings: wait until a run says so.
      let off = await runOf(wf.toDocument());
      for (let i = 0; off.status === 'succeeded' && i < 50; i++) off = await runOf(wf.toDocument());
      expect(off.status).toBe('failed');
      expect(off.run.error).toMatchObject({
        nodeId: 'c',
        message: `The step “Compute” is a Code step, and code steps are turned off on this TaskMaster. An admin can turn them on under Settings → Features. Or remove the step from the workflow.`,
      });
      expect(off.run.nodes.set).toBeUndefined();
    });
    let on = await runOf(wf.toDocument());
    for (let i = 0; on.status === 'failed' && i < 50; i++) on = await runOf(wf.toDocument());
    expect(on.status).toBe('succeeded');
  });

  it('refuses a Python code step under the same switch', async () => {
    const wf = new WorkflowBuilder('Uses Python');
    wf.connect(wf.add('manual-trigger'), wf.add('code-python', { code: 'return items' }, { id: 'py', name: 'Sum in Python' }));
    await withSettings({ codeStepsEnabled: false }, async () => {
      let off = await runOf(wf.toDocument());
      for (let i = 0; !off.run.error?.message.includes('Code step') && i < 50; i++) off = await runOf(wf.toDocument());
      expect(off.status).toBe('failed');
      expect(off.run.error).toMatchObject({
        nodeId: 'py',
        message: expect.stringMatching(/^The step “Sum in Python” is a Code step, and code steps are turned off/),
      });
    });
  });

  it('refuses a Browser step without needing a browser', async () => {
    const wf = new WorkflowBuilder('Uses a browser');
    wf.connect(wf.add('manual-trigger'), wf.add('browser-open', { url: 'http://127.0.0.1:9/' }, { id: 'b', name: 'Open the shop' }));
    await withSettings({ browserStepsEnabled: false }, async () => {
      let off = await runOf(wf.toDocument());
      for (let i = 0; !off.run.error?.message.includes('Browser step') && i < 50; i++) off = await runOf(wf.toDocument());
      expect(off.status).toBe('failed');
      expect(off.run.error?.message).toMatch(/^The step “Open the shop” is a Browser step, and browser steps are turned off/);
    });
  });

  it('turns share links off: no new link, existing links answer 404 saying so, and work again once on', async () => {
    const { id } = await api.workflows.create({ document: new WorkflowBuilder('Shared').toDocument() });
    const link = await api.workflows.share({ id });
    await withSettings({ shareLinksEnabled: false }, async () => {
      await expect(api.workflows.share({ id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: FEATURE_OFF_TEXT.shareLinksEnabled });
      const page = await fetch(`${h.base}${link.url}`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('Share links are turned off');
      await expect(api.share.get({ token: link.token })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: FEATURE_OFF_TEXT.shareLinksEnabled,
      });
    });
    expect((await api.share.get({ token: link.token })).name).toBe('Shared');
  });

  it('turns the REST API off: every call is answered 403 with a plain message, even without a key', async () => {
    const key = await h.keyFor('owner', ['read']);
    expect((await h.call(key, 'GET', '/workflows')).status).toBe(200);
    await withSettings({ publicApiEnabled: false }, async () => {
      for (const who of [key, null]) {
        const answer = await h.call(who, 'GET', '/workflows');
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual({ error: { code: 'FORBIDDEN', message: FEATURE_OFF_TEXT.publicApiEnabled, path: null } });
      }
    });
    expect((await h.call(key, 'GET', '/workflows')).status).toBe(200);
  });

  it('makes a workflow from a template without its sample data while that is off, and says so', async () => {
    const sample = path.join(dataDir, 'files', 'samples', 'customers.csv');
    await withSettings({ templateSamplesEnabled: false }, async () => {
      const made = await api.templates.use({ id: 'clean-csv' });
      expect(made).toMatchObject({ copied: [], samplesOff: true });
      expect(existsSync(sample)).toBe(false);
    });
    expect(await api.templates.use({ id: 'clean-csv' })).toMatchObject({ copied: ['samples/customers.csv'], samplesOff: false });
    expect(existsSync(sample)).toBe(true);
  });

  it('tells the pages which features are off and what is missing', async () => {
    const status = await api.system.status();
    expect(status.switches).toMatchObject({
      browserStepsEnabled: true,
      codeStepsEnabled: true,
      shareLinksEnabled: true,
      shellEnabled: false,
    });
    // The harness runs a worker: nothing every page must show.
    expect(status.problems).toEqual([]);
    expect(status.mail).toContain('No default mail server is chosen');
    await withSettings({ pluginsEnabled: false }, async () => {
      expect((await api.system.status()).switches.pluginsEnabled).toBe(false);
    });
    const viewer = await callerAs(h.ctx, 'viewer');
    expect((await viewer.system.status()).switches.pluginsEnabled).toBe(true);
  });

  it('lets only admins switch features', async () => {
    const editor = await callerAs(h.ctx, 'editor');
    await expect(editor.settings.update({ codeStepsEnabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.settings.get()).settings.codeStepsEnabled).toBe(true);
  });
});
