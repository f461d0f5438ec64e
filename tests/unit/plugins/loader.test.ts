import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType, nodeCatalog } from '../../../nodes';
import { getCredentialType } from '../../../nodes/credentials';
import { loadPlugins } from '../../../server/plugins';
import { setPluginDisabled } from '../../../server/plugins/state-file';
import { runStep } from '../../../sdk/index.js';
import { WorkflowBuilder } from '../../../server/sdk/builder';
import { parseWorkflowFile, serializeWorkflow } from '../../../server/services/workflow-files';
import { pluginsDirWith, type PluginsDir } from '../../helpers/plugins';

describe('plugin loader', () => {
  let plugins: PluginsDir;
  beforeAll(async () => {
    plugins = await pluginsDirWith('greet', 'broken');
  });
  afterEach(async () => {
    await loadPlugins({ dir: plugins.dir, enabled: false });
  });
  afterAll(async () => {
    await plugins.remove();
  });

  it('registers a folder plugin’s step, trigger and credential type under namespaced ids', async () => {
    const report = await loadPlugins({ dir: plugins.dir });
    const greet = report.plugins.find((p) => p.name === 'greet');
    expect(greet).toMatchObject({ version: '1.2.0', source: 'folder', disabled: false, problems: [] });
    expect(greet?.steps.map((s) => s.id).sort()).toEqual(['greet/greet', 'greet/ticker']);
    expect(getNodeType('greet/greet')?.version).toBe(2);
    expect(getNodeType('greet/ticker')?.listen).toBeTypeOf('function');
    expect(getCredentialType('greet/greet-key')?.displayName).toBe('Greeting service key');
    // Built-ins are untouched: a plugin can never take a built-in id.
    expect(getNodeType('filter')?.id).toBe('filter');
  });

  it('shows the plugin step in the catalogue with its version, docs and its SVG as an image address', async () => {
    await loadPlugins({ dir: plugins.dir });
    const entry = nodeCatalog().find((e) => e.id === 'greet/greet');
    expect(entry).toMatchObject({
      displayName: 'Greet',
      group: 'Plugins',
      docs: expect.stringContaining('Hello'),
      plugin: { plugin: 'greet', version: '1.2.0' },
    });
    expect(entry?.plugin?.iconUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(entry?.configSchema).toMatchObject({ properties: { who: { label: 'Whom to greet' } } });
  });

  it('records each broken file as a problem naming the plugin and file, and still loads the good one', async () => {
    const report = await loadPlugins({ dir: plugins.dir });
    const broken = report.plugins.find((p) => p.name === 'broken');
    const byFile = Object.fromEntries((broken?.problems ?? []).map((p) => [p.file, p.message]));
    expect(Object.keys(byFile).sort()).toEqual([
      'broken/bad-schema.js',
      'broken/bad-syntax.js',
      'broken/missing.js',
      'broken/no-export.js',
      'broken/throws.js',
    ]);
    expect(byFile['broken/throws.js']).toContain('the plugin could not find its settings file');
    expect(byFile['broken/bad-schema.js']).toContain('config is not a schema');
    expect(byFile['broken/no-export.js']).toContain('no default export');
    expect(byFile['broken/bad-syntax.js']).toMatch(/^Could not load the file/);
    expect(broken?.steps.map((s) => s.id)).toEqual(['broken/fine']);
    expect(report.problems.every((p) => p.plugin === 'broken')).toBe(true);
  });

  it('skips a plugin an administrator turned off, and everything when plugins are refused', async () => {
    await setPluginDisabled(plugins.dir, 'greet', true);
    try {
      const report = await loadPlugins({ dir: plugins.dir });
      expect(report.plugins.find((p) => p.name === 'greet')?.disabled).toBe(true);
      expect(getNodeType('greet/greet')).toBeUndefined();
    } finally {
      await setPluginDisabled(plugins.dir, 'greet', false);
    }
    const off = await loadPlugins({ dir: plugins.dir, enabled: false });
    expect(off).toMatchObject({ enabled: false, plugins: [] });
    expect(getNodeType('broken/fine')).toBeUndefined();
  });

  it('runs a plugin step with the SDK harness', async () => {
    await loadPlugins({ dir: plugins.dir });
    const result = await runStep(getNodeType('greet/greet')!, { config: { who: 'Ada' }, inputs: { main: [{ id: 1 }] } });
    expect(result.outputs.main).toEqual([{ id: 1, greeting: 'Hello, Ada!' }]);
    expect(result.logs).toEqual([{ level: 'info', message: 'Greeting 1 items' }]);
  });

  it('exports name the plugin and its version, and an import without the plugin says which one is missing', async () => {
    await loadPlugins({ dir: plugins.dir });
    const wf = new WorkflowBuilder('Uses greet');
    wf.connect(wf.add('manual-trigger', {}, { id: 'start' }), wf.add('greet/greet', { who: 'Ada' }, { id: 'greet', name: 'Greet' }));
    const doc = wf.toDocument();
    doc.nodes[1].typeVersion = 2;
    const text = serializeWorkflow(doc, 'json', { lookup: getNodeType, saved: [] });
    expect(JSON.parse(text).requires).toEqual({ steps: { 'greet/greet': 2, 'manual-trigger': 1 }, plugins: { greet: '1.2.0' } });
    expect(parseWorkflowFile(text, getNodeType).ok).toBe(true);

    await loadPlugins({ dir: plugins.dir, enabled: false });
    const parsed = parseWorkflowFile(text, getNodeType);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      'This workflow needs the plugin "greet" (made with version 1.2.0), which is not installed here. Install it on Settings → Plugins or with: taskmaster plugins install greet',
      expect.stringContaining(
        'Step "Greet" has the type "greet/greet", which this TaskMaster does not know. It comes from the plugin "greet"',
      ),
    ]);
  });
});
