/**
 * `taskmaster new-step <name>`: a plugin package with one step, its test, package.json and a
 * README, in plain JavaScript (no build step). Its test uses Node's own test runner and the SDK's
 * runStep, so `npm test` passes straight away; node_modules/taskmaster links this installation.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { linkSdk } from './sdk-link';

export const STEP_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function title(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function files(name: string): Record<string, string> {
  const pkg = `tm-plugin-${name}`;
  return {
    'package.json': `${JSON.stringify(
      {
        name: pkg,
        version: '0.1.0',
        description: `${title(name)}: a TaskMaster step.`,
        type: 'module',
        keywords: ['taskmaster-plugin'],
        files: [`${name}.js`, 'icon.svg', 'README.md'],
        scripts: { test: 'node --test' },
        peerDependencies: { taskmaster: '*' },
        taskmaster: { steps: [`./${name}.js`] },
      },
      null,
      2,
    )}\n`,
    [`${name}.js`]: `import { defineNode, field, z, MAIN } from 'taskmaster/sdk';

export default defineNode({
  id: '${name}',
  version: 1,
  category: 'action',
  group: 'Plugins',
  displayName: '${title(name)}',
  description: 'Adds a field with a fixed value to every item.',
  docs: 'Describe here what the step does, what each setting means and what comes out.',
  icon: './icon.svg',
  config: z.object({
    field: field(z.string().min(1, 'Name the field to set.').default('hello'), { label: 'Field to set', help: 'The name of the field each item gets.' }),
    value: field(z.string().default('world'), { label: 'Value', help: 'Text; {{ }} expressions work here.' }),
  }),
  inputs: [MAIN],
  outputs: [MAIN],
  example: { field: 'hello', value: 'world' },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    ctx.log.info(\`Setting "\${ctx.config.field}" on \${items.length} items\`);
    return { outputs: { main: items.map((item) => ({ ...item, [ctx.config.field]: ctx.config.value })) } };
  },
});
`,
    [`${name}.test.js`]: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runStep } from 'taskmaster/sdk';
import step from './${name}.js';

test('sets the field on every item', async () => {
  const result = await runStep(step, { config: { field: 'greeting', value: 'hi' }, inputs: { main: [{ id: 1 }, { id: 2 }] } });
  assert.deepEqual(result.outputs.main, [{ id: 1, greeting: 'hi' }, { id: 2, greeting: 'hi' }]);
});

test('refuses an empty field name in plain words', async () => {
  await assert.rejects(runStep(step, { config: { field: '' } }), /Name the field to set/);
});
`,
    'icon.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#4338ca" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="3" width="18" height="18" rx="4"/><path d="M8 12h8M12 8v8"/></svg>
`,
    'README.md': `# ${title(name)} (TaskMaster step)

A step for [TaskMaster](../docs/plugins.md): ${title(name)} adds a field with a fixed value to every item.

## Try it
\`\`\`sh
npm test                                    # runs ${name}.test.js with the SDK's runStep
taskmaster plugins install "$(npm pack)"    # installs this package into your TaskMaster
\`\`\`
Or copy this folder into TaskMaster's plugins folder (\`<data dir>/plugins/\`) and restart it.

## Publish
\`npm publish\`; people install it with \`taskmaster plugins install ${pkg}\` or from Settings → Plugins.

Plugins run inside TaskMaster with its rights: only install plugins you trust.
`,
  };
}

/** Writes the skeleton into `dir` (which must be empty or missing); returns the files written. */
export async function writeStepSkeleton(name: string, dir: string): Promise<string[]> {
  if (!STEP_NAME.test(name)) throw new Error(`"${name}" is not a step name: use lowercase words joined by "-", like send-greeting.`);
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) throw new Error(`The folder ${dir} is not empty; choose another with --dir.`);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of Object.entries(files(name))) {
    await writeFile(path.join(dir, file), text);
    written.push(file);
  }
  const problem = await linkSdk(dir);
  if (problem) throw new Error(problem);
  return written;
}
