import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import runCommand, { SHELL_OFF_MESSAGE } from '../../../nodes/run-command';
import { fakeCtx, runNode } from './fake-ctx';

// Node itself is the program: it is always there, on every machine the tests run on.
const NODE = process.execPath;
let dataDir: string;

beforeAll(async () => {
  dataDir = await realpath(await mkdtemp(path.join(tmpdir(), 'run-command-')));
  await mkdir(path.join(dataDir, 'scripts'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const on = { shellEnabled: true };
const script = (code: string, ...more: string[]) => [{ value: '-e' }, { value: code }, ...more.map((value) => ({ value }))];

describe('run-command', () => {
  it('refuses to run while the shell step is off in Settings', async () => {
    const run = runNode(runCommand, { config: { command: NODE, args: script('1') }, dataDir, inputs: { main: [{}] } });
    await expect(run).rejects.toThrow(SHELL_OFF_MESSAGE);
    expect(SHELL_OFF_MESSAGE).toContain('An administrator can turn it on in Settings');
  });

  it('passes on stdout, stderr and the exit code', async () => {
    const out = await runNode(runCommand, {
      config: { command: NODE, args: script('process.stdout.write("hello"); process.stderr.write("careful")') },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    expect(out.main).toEqual([{ exitCode: 0, signal: null, stdout: 'hello', stderr: 'careful' }]);
  });

  it('passes every argument as one piece, exactly as written: no shell sees them', async () => {
    const tricky = ['two words', '"quoted"', "it's", '$(echo hacked)', '; rm -rf /', '*', '| cat', '$HOME', ''];
    const out = await runNode(runCommand, {
      config: { command: NODE, args: script('process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...tricky) },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    expect(JSON.parse(String(out.main[0].stdout))).toEqual(tricky);
  });

  it('accepts the arguments as a plain list of texts', () => {
    const cfg = runCommand.config.parse({ command: 'git', args: ['status', 2] });
    expect(cfg.args).toEqual([{ value: 'status' }, { value: '2' }]);
  });

  it('fails on an exit code other than 0 with what the program said, or passes the code on when asked', async () => {
    const args = script('console.error("no such month"); process.exit(3)');
    await expect(runNode(runCommand, { config: { command: NODE, args }, dataDir, policy: on, inputs: { main: [{}] } })).rejects.toThrow(
      `The program "${NODE}" exited with code 3: no such month`,
    );
    const out = await runNode(runCommand, {
      config: { command: NODE, args, failOnError: false },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    expect(out.main[0]).toMatchObject({ exitCode: 3, stderr: 'no such month\n' });
  });

  it('starts in a folder inside the data folder and refuses one outside it', async () => {
    const args = script('process.stdout.write(process.cwd())');
    const inData = await runNode(runCommand, { config: { command: NODE, args }, dataDir, policy: on, inputs: { main: [{}] } });
    expect(inData.main[0].stdout).toBe(dataDir);
    const inScripts = await runNode(runCommand, {
      config: { command: NODE, args, workingFolder: 'scripts' },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    expect(inScripts.main[0].stdout).toBe(path.join(dataDir, 'scripts'));
    await expect(
      runNode(runCommand, { config: { command: NODE, args, workingFolder: '../..' }, dataDir, policy: on, inputs: { main: [{}] } }),
    ).rejects.toThrow('is outside the data folder');
    await expect(
      runNode(runCommand, { config: { command: NODE, args, workingFolder: 'missing' }, dataDir, policy: on, inputs: { main: [{}] } }),
    ).rejects.toThrow('The working folder "missing" does not exist in the data folder');
  });

  it('sends the input text to the program', async () => {
    const args = script('let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(s.toUpperCase()))');
    const out = await runNode(runCommand, {
      config: { command: NODE, args, input: 'ada\nalan' },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    expect(out.main[0].stdout).toBe('ADA\nALAN');
  });

  it('does not hand the program TaskMaster’s own environment', async () => {
    process.env.TASKMASTER_ENCRYPTION_KEY = 'do-not-leak';
    try {
      const args = script('process.stdout.write(JSON.stringify(Object.keys(process.env)))');
      const out = await runNode(runCommand, { config: { command: NODE, args }, dataDir, policy: on, inputs: { main: [{}] } });
      const names = JSON.parse(String(out.main[0].stdout)) as string[];
      expect(names).not.toContain('TASKMASTER_ENCRYPTION_KEY');
      expect(names).toContain('PATH');
    } finally {
      delete process.env.TASKMASTER_ENCRYPTION_KEY;
    }
  });

  it('stops the program when the run is cancelled or the step’s time limit passes (ctx.signal)', async () => {
    const { ctx, controller } = fakeCtx(runCommand, {
      config: { command: NODE, args: script('console.log("started"); setTimeout(() => {}, 600000)') },
      dataDir,
      policy: on,
      inputs: { main: [{}] },
    });
    const running = runCommand.execute(ctx);
    controller.abort(new Error('The run was cancelled.'));
    await expect(running).rejects.toThrow('The run was cancelled.');
  });

  it('stops the program after its own "Give up after"', async () => {
    const args = script('setTimeout(() => {}, 600000)');
    await expect(
      runNode(runCommand, { config: { command: NODE, args, timeoutMs: 200 }, dataDir, policy: on, inputs: { main: [{}] } }),
    ).rejects.toThrow('took longer than 200 ms and was stopped');
  });

  it('runs once per item when asked', async () => {
    const out = await runNode(runCommand, {
      config: { command: NODE, args: script('process.stdout.write("x")'), mode: 'each' },
      dataDir,
      policy: on,
      inputs: { main: [{ a: 1 }, { a: 2 }] },
    });
    expect(out.main.map((i) => i.stdout)).toEqual(['x', 'x']);
  });

  it('says plainly when the program does not exist, and hints at a command line typed into "Program"', async () => {
    await expect(
      runNode(runCommand, { config: { command: 'no-such-program-xyz' }, dataDir, policy: on, inputs: { main: [{}] } }),
    ).rejects.toThrow('The program "no-such-program-xyz" was not found. Check it is installed');
    await expect(runNode(runCommand, { config: { command: 'ls -la' }, dataDir, policy: on, inputs: { main: [{}] } })).rejects.toThrow(
      'Put only the program in "Program" and each argument in its own row',
    );
  });
});
