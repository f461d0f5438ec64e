/**
 * The `taskmaster` command as users run it: a real `node bin/taskmaster.mjs` process, on a
 * database of this file's own (DATABASE_URL), from a working directory that is not the repo.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getNodeType } from '../../nodes';
import { commandLoaders } from '../../server/cli/commands/index';
import { parseWorkflowFile } from '../../server/services/workflow-files';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

// Each CLI call is a new process that compiles TaskMaster with tsx (~4 s of CPU); a test makes
// up to four, and on a loaded 2-core machine one took 19 s of wall time. Hangs still fail.
vi.setConfig({ testTimeout: 240_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'taskmaster.mjs');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'workflows');
const fixture = (name: string) => path.join(FIXTURES, name);

/** Node's stack frames start like this; users must never see one. */
const STACK_FRAME = '    at ';

let database: TestDatabase;
let workDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'taskmaster-cli-'));
});

afterAll(async () => {
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: workDir,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        // Never the user's data, even if DATABASE_URL were ignored.
        TASKMASTER_DATA_DIR: path.join(workDir, 'data'),
        LOG_LEVEL: 'info',
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

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function parsedFixture(name: string) {
  const parsed = parseWorkflowFile(await readFile(fixture(name), 'utf8'), getNodeType);
  if (!parsed.ok) throw new Error(`fixture ${name} is invalid`);
  return parsed.document;
}

describe('help', () => {
  it('registers every command file and shows each in the usage', async () => {
    const files = (await readdir(path.join(ROOT, 'server', 'cli', 'commands')))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''));
    expect(Object.keys(commandLoaders).sort()).toEqual(files.sort());

    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const name of files) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('rejects an unknown command with exit code 2', async () => {
    const { code, stderr } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('frobnicate');
  });
});

describe('validate', () => {
  it('prints ok for valid JSON and YAML files', async () => {
    for (const name of ['branching.yaml', 'hello.json']) {
      const { code, stdout } = await cli('validate', fixture(name));
      expect(code).toBe(0);
      expect(stdout.trim()).toBe('ok');
    }
  });

  it('names the file and line of a YAML syntax error, without a stack trace', async () => {
    const { code, stdout, stderr } = await cli('validate', fixture('bad-yaml.yaml'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/bad-yaml\.yaml:8:\d+ {2}\S/);
    expect(stderr).not.toContain(STACK_FRAME);
  });

  it('lists every graph problem at its line: unknown type, missing node, cycle', async () => {
    const { code, stderr } = await cli('validate', fixture('bad-graph.json'));
    expect(code).toBe(2);
    const file = fixture('bad-graph.json');
    expect(stderr).toContain(`${file}:5:5  Step "Mystery step" has the type "does-not-exist"`);
    expect(stderr).toContain(`${file}:14:5  A connection points to a step that is not in this workflow (id "ghost")`);
    expect(stderr).toContain(`${file}:6:5  These steps form a loop: "First" → "Second"`);
    expect(stderr).toContain(`${file}:7:5  These steps form a loop`);
    expect(stderr).not.toContain(STACK_FRAME);
  });

  it('reports a missing file by name', async () => {
    const { code, stderr } = await cli('validate', 'no-such-flow.yaml');
    expect(code).toBe(2);
    expect(stderr).toContain('no-such-flow.yaml: no such file');
    expect(stderr).not.toContain(STACK_FRAME);
  });
});

describe('run', () => {
  it('runs branching.yaml to exactly the expected per-node results', async () => {
    const expected = JSON.parse(await readFile(fixture('branching.expected.json'), 'utf8')) as Record<
      string,
      { status: string; output: unknown }
    >;
    const { code, stdout, stderr } = await cli('run', fixture('branching.yaml'), '--json');
    expect(stderr).not.toContain(STACK_FRAME);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { status: string; nodes: Record<string, { status: string; output: unknown; attempts: number }> };
    expect(result.status).toBe('succeeded');
    expect(Object.keys(result.nodes).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, node] of Object.entries(result.nodes)) {
      expect({ id, status: node.status, output: node.output }).toEqual({ id, ...expected[id] });
    }
  });

  it('prints a table with node names and the run summary', async () => {
    const { code, stdout } = await cli('run', fixture('hello.json'), '--input', '{"name":"Ada"}');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Say hello +greet +succeeded +1 /m);
    expect(stdout).toMatch(/^Run run_\w+ succeeded in /m);
  });

  it('refuses bad files and bad --input with exit code 2 and no stack trace', async () => {
    const badYaml = await cli('run', fixture('bad-yaml.yaml'));
    expect(badYaml.code).toBe(2);
    expect(badYaml.stderr).toMatch(/bad-yaml\.yaml:8:\d+/);

    const badGraph = await cli('run', fixture('bad-graph.json'));
    expect(badGraph.code).toBe(2);
    expect(badGraph.stderr).toContain('bad-graph.json:5:5');

    const badInput = await cli('run', fixture('hello.json'), '--input', '{oops');
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toContain('--input is not valid JSON');

    for (const { stderr } of [badYaml, badGraph, badInput]) expect(stderr).not.toContain(STACK_FRAME);
  });

  it('exits 2 for an unknown workflow id', async () => {
    const { code, stderr } = await cli('run', 'wf_doesnotexist');
    expect(code).toBe(2);
    expect(stderr).toContain('There is no workflow with the id "wf_doesnotexist"');
    expect(stderr).not.toContain(STACK_FRAME);
  });

  it('exits 1 and names the failing node when a node fails', async () => {
    const file = path.join(workDir, 'failing.yaml');
    await writeFile(
      file,
      [
        'name: Failing call',
        'nodes:',
        '  - { id: start, type: manual-trigger, name: Start }',
        `  - { id: call, type: http-request, name: Call the API, config: { url: "http://127.0.0.1:${await closedPort()}/orders" } }`,
        'edges:',
        '  - { id: e1, source: start, target: call }',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await cli('run', file);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Call the API +call +failed/m);
    expect(stderr).toMatch(/The run failed at node "Call the API" \(call\): GET http:\/\/127\.0\.0\.1:\d+\/orders failed/);
    expect(stderr).not.toContain(STACK_FRAME);
  });
});

describe('run output on the command line', () => {
  /** Start → Double (adds n2) → Count: 1,001 items in, one number out. */
  async function countFile(): Promise<string> {
    const file = path.join(workDir, 'count.json');
    const document = {
      name: 'Count',
      nodes: [
        { id: 'start', type: 'manual-trigger', name: 'Start' },
        { id: 'double', type: 'set-fields', name: 'Double', config: { fields: [{ name: 'n2', value: '{{ $json.n * 2 }}' }] } },
        {
          id: 'count',
          type: 'aggregate',
          name: 'Count',
          config: { calculations: [{ operation: 'count', field: '', outputName: 'total' }] },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'double' },
        { id: 'e2', source: 'double', target: 'count' },
      ],
    };
    await writeFile(file, JSON.stringify(document));
    return file;
  }
  const input = JSON.stringify(Array.from({ length: 1001 }, (_, n) => ({ n })));

  it("--last prints only the last step's items", async () => {
    const { code, stdout, stderr } = await cli('run', await countFile(), '--input', input, '--last');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ total: 1001 }]);
    expect(stderr).toMatch(/Run run_\w+ succeeded/);
  });

  it("--output prints one step's whole output, named by id or name", async () => {
    const file = await countFile();
    const byName = await cli('run', file, '--input', input, '--output', 'Double');
    expect(byName.code).toBe(0);
    const items = JSON.parse(byName.stdout) as Array<{ n: number; n2: number }>;
    expect(items).toHaveLength(1001);
    expect(items[1000]).toEqual({ n: 1000, n2: 2000 });
    const unknown = await cli('run', file, '--input', input, '--output', 'Nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('The run has no step with the id or name "Nope".');
  });

  it('--json cuts each output at 100 items and names the command that prints the rest', async () => {
    const { code, stdout } = await cli('run', await countFile(), '--input', input, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      runId: string;
      nodes: Record<string, { output: { main: unknown[] }; outputCut?: unknown; fullOutput?: string }>;
    };
    expect(result.nodes.double.output.main).toHaveLength(100);
    expect(result.nodes.double.outputCut).toEqual({ main: { shown: 100, total: 1001 } });
    expect(result.nodes.double.fullOutput).toBe(`taskmaster run-output ${result.runId} double`);
    expect(result.nodes.count.output.main).toEqual([{ total: 1001 }]);
    expect(result.nodes.count.outputCut).toBeUndefined();

    const rest = await cli('run-output', result.runId, 'double');
    expect(rest.code).toBe(0);
    expect(JSON.parse(rest.stdout)).toHaveLength(1001);
  });
});

describe('warnings on the command line', () => {
  it('run --json and runs --json carry the step warnings and their count', async () => {
    // Start → Big orders (Filter on a misspelt field): it keeps nothing, and warns.
    const file = path.join(workDir, 'warns.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'Warns',
        nodes: [
          { id: 'start', type: 'manual-trigger', name: 'Start' },
          { id: 'f', type: 'filter', name: 'Big orders', config: { conditions: [{ field: 'amonut', operator: 'gt', value: '100' }] } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'f' }],
      }),
    );
    const imported = await cli('import', file);
    expect(imported.code).toBe(0);
    const id = imported.stdout.trim();
    const ran = await cli('run', id, '--input', '[{"amount":120}]', '--json');
    expect(ran.code).toBe(0);
    const result = JSON.parse(ran.stdout) as {
      runId: string;
      warningCount: number;
      nodes: Record<string, { warnings: Array<{ message: string }> }>;
    };
    expect(result.warningCount).toBe(1);
    expect(result.nodes.f.warnings).toEqual([{ message: 'No item has the field "amonut". Check the spelling.' }]);

    const runs = await cli('runs', id, '--json');
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.stdout)).toMatchObject([{ id: result.runId, warningCount: 1 }]);
    const table = await cli('runs', id);
    expect(table.stdout).toMatch(/^RUN +STATUS +TRIGGER +CREATED +TIME +WARNINGS +ERROR$/m);
    expect(table.stdout).toMatch(new RegExp(`^${result.runId} +succeeded +manual +.+ +1$`, 'm'));
  });
});

describe('saved workflows', () => {
  it('imports, lists, exports identically, runs, shows runs and deletes', async () => {
    const imported = await cli('import', fixture('branching.yaml'));
    expect(imported.code).toBe(0);
    const id = imported.stdout.trim();
    expect(id).toMatch(/^wf_\w+$/);

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id} +Order routing +no +never$`, 'm'));

    const original = await parsedFixture('branching.yaml');
    const asJson = await cli('export', id);
    expect(asJson.code).toBe(0);
    const { requires, ...exported } = JSON.parse(asJson.stdout) as Record<string, unknown>;
    expect(exported).toEqual(original);
    // The file names every step type it needs, with its version.
    expect(requires).toEqual({ steps: Object.fromEntries([...new Set(original.nodes.map((n) => n.type))].sort().map((t) => [t, 1])) });
    const yamlFile = path.join(workDir, 'exported.yaml');
    expect((await cli('export', id, yamlFile)).code).toBe(0);
    const reparsed = parseWorkflowFile(await readFile(yamlFile, 'utf8'), getNodeType);
    expect(reparsed.ok && reparsed.document).toEqual(original);

    const ran = await cli('run', id);
    expect(ran.code).toBe(0);
    const runId = /Run (run_\w+) succeeded/.exec(ran.stdout)?.[1];
    expect(runId).toBeDefined();
    const queued = await cli('trigger', id, '--input', '[{"n":1}]');
    expect(queued.code).toBe(0);
    const queuedId = queued.stdout.trim();
    expect(queuedId).toMatch(/^run_\w+$/);

    const runs = await cli('runs', id, '--json');
    expect(runs.code).toBe(0);
    const listedRuns = JSON.parse(runs.stdout) as Array<{ id: string; status: string }>;
    expect(listedRuns.map((r) => r.id).sort()).toEqual([runId, queuedId].sort());
    expect(listedRuns.find((r) => r.id === runId)?.status).toBe('succeeded');

    expect((await cli('activate', id)).code).toBe(0);
    expect((await cli('list')).stdout).toMatch(new RegExp(`^${id} +Order routing +yes `, 'm'));
    expect((await cli('deactivate', id)).code).toBe(0);

    const deleted = await cli('delete', id);
    expect(deleted.code).toBe(0);
    expect((await cli('list')).stdout).not.toContain(id);
    const again = await cli('delete', id);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`There is no workflow with the id "${id}"`);
    // A dozen processes, each loading the app and opening the database: more than the default limit.
  }, 300_000);
});
