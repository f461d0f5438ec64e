/**
 * Run command: starts a program on the computer TaskMaster runs on. Off unless an administrator
 * turns it on in Settings (`ctx.policy.shellEnabled`). The program gets its arguments as a list,
 * each one exactly as written: no shell ever sees them, so spaces, quotes, `;`, `|`, `$( )` and
 * `*` mean nothing special. It starts in a folder inside the data folder, with a small
 * environment (not TaskMaster's own, which holds its database address and encryption key).
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineNode, field, MAIN, type FieldMeta, type Item, type NodeContext } from './types';
import { resolveDataPath } from './lib/files';
import { toText } from './lib/values';

export const SHELL_OFF_MESSAGE =
  'Running programs is turned off on this TaskMaster. An administrator can turn it on in Settings ("Allow the “Run command” step").';

/** Per stream: more is cut off (an item is stored in the database). */
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** After asking a stopped program to end (SIGTERM), it is killed outright after this long. */
const KILL_AFTER_MS = 2000;
/** Passed on from TaskMaster's environment; nothing else is. */
const PASSED_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT'];

const text = (meta: FieldMeta) =>
  field(
    z
      .unknown()
      .transform((v) => (v == null ? '' : toText(v)))
      .default(''),
    meta,
  );

const argument = z.object({
  value: text({ label: 'Argument', help: 'Passed exactly as written; may use {{ }} like {{ $json.file }}.' }),
});

const config = z.object({
  command: field(
    z.preprocess(
      (v) => (v == null ? v : toText(v)),
      z
        .string({ error: 'Enter the program to run, like python3 or /usr/bin/convert.' })
        .trim()
        .min(1, 'Enter the program to run, like python3 or /usr/bin/convert.'),
    ),
    {
      label: 'Program',
      placeholder: 'python3',
      help: 'The program to start, by name (found on the PATH) or by its full path. Only the program: put each argument in its own row below. No shell is used, so pipes (|), redirects (>) and && do not work.',
    },
  ),
  args: field(
    // A plain list of texts (from a file or the API) reads as rows too.
    z.preprocess(
      (v) => (Array.isArray(v) ? v.map((a: unknown) => (a !== null && typeof a === 'object' ? a : { value: a })) : v),
      z.array(argument).default([]),
    ),
    {
      label: 'Arguments',
      help: 'One row per argument, in order. Each is passed as one piece, spaces and quotes included.',
      widget: 'list',
    },
  ),
  workingFolder: text({
    label: 'Working folder',
    placeholder: 'scripts',
    help: 'Where the program starts: a folder inside the data folder. Empty: the data folder itself.',
  }),
  input: text({ label: 'Input', help: 'Optional text sent to the program (its standard input).', widget: 'textarea' }),
  mode: field(z.enum(['once', 'each']).default('once'), {
    label: 'Run',
    help: 'Once for all items, or once per item (then {{ $json }} in the fields is that item).',
    widget: 'select',
    optionLabels: { once: 'Once for all items', each: 'Once per item' },
  }),
  failOnError: field(z.boolean().default(true), {
    label: 'Fail when the program reports an error',
    help: 'On: an exit code other than 0 fails the step. Off: the exit code is passed on in "exitCode".',
    widget: 'switch',
  }),
  timeoutMs: field(
    z.coerce.number({ error: 'Enter a number of milliseconds.' }).int().min(0, 'Enter 0 or more milliseconds.').default(60_000),
    {
      label: 'Give up after (milliseconds)',
      help: 'The program is stopped when it runs longer. 0: no limit of its own (the step’s time limit still applies).',
      widget: 'number',
    },
  ),
});
type CommandConfig = z.output<typeof config>;

function environment(): NodeJS.ProcessEnv {
  const passed = PASSED_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]]));
  // A cast: Next's types declare NODE_ENV as always set, which a small environment is not.
  return Object.fromEntries(passed) as NodeJS.ProcessEnv;
}

/** Collects a stream up to MAX_OUTPUT_BYTES; tells once when it had to cut. */
function collector(name: string, warn: (message: string) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  return {
    add(chunk: Buffer) {
      if (size >= MAX_OUTPUT_BYTES) {
        if (!cut) warn(`The program wrote more than 1 MB to ${name}; only the first 1 MB is kept.`);
        cut = true;
        return;
      }
      const part = chunk.subarray(0, MAX_OUTPUT_BYTES - size);
      chunks.push(part);
      size += part.length;
      if (part.length < chunk.length) this.add(chunk.subarray(part.length));
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function spawnError(error: NodeJS.ErrnoException, command: string): Error {
  if (error.code === 'ENOENT') {
    const hint = /\s/.test(command.trim())
      ? ' Put only the program in "Program" and each argument in its own row under "Arguments".'
      : ' Check it is installed, or give its full path (like /usr/bin/python3).';
    return new Error(`The program "${command}" was not found.${hint}`);
  }
  if (error.code === 'EACCES')
    return new Error(`The program "${command}" can't be started: it is not executable, or TaskMaster may not run it.`);
  return new Error(`The program "${command}" could not be started: ${error.message}`);
}

async function workingFolder(ctx: NodeContext<CommandConfig>, folder: string): Promise<string> {
  const full = resolveDataPath(ctx.dataDir, folder.trim() || '.');
  const info = await stat(full).catch(() => null);
  if (!info?.isDirectory())
    throw new Error(
      `The working folder "${folder}" does not exist in the data folder (${ctx.dataDir}). Create it first, or leave the field empty.`,
    );
  return full;
}

async function runProgram(ctx: NodeContext<CommandConfig>, cfg: CommandConfig): Promise<Item> {
  const cwd = await workingFolder(ctx, cfg.workingFolder);
  const args = cfg.args.map((a) => a.value);
  const timeout = cfg.timeoutMs > 0 ? AbortSignal.timeout(cfg.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  signal.throwIfAborted();
  ctx.log.info(`Running ${cfg.command} with ${args.length} argument(s) in ${cwd}`);

  return new Promise<Item>((resolve, reject) => {
    const child = spawn(cfg.command, args, { cwd, env: environment(), shell: false, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const stdout = collector('its output (stdout)', (m) => ctx.log.warn(m));
    const stderr = collector('its error output (stderr)', (m) => ctx.log.warn(m));
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    // A program that does not read its input closes it early: not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(cfg.input === '' ? undefined : cfg.input);

    let killer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killer.unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(killer);
      fn();
    };

    child.on('error', (error) => settle(() => reject(signal.aborted ? stopReason() : spawnError(error, cfg.command))));
    child.on('close', (code, killedBy) =>
      settle(() => {
        if (signal.aborted) return reject(stopReason());
        const result = { exitCode: code ?? null, signal: killedBy ?? null, stdout: stdout.text(), stderr: stderr.text() };
        if (cfg.failOnError && code !== 0) {
          const how = code === null ? `was ended by the signal ${killedBy}` : `exited with code ${code}`;
          const said = result.stderr.trim() || result.stdout.trim();
          return reject(new Error(`The program "${cfg.command}" ${how}${said ? `: ${said.slice(0, 500)}` : '.'}`));
        }
        resolve(result);
      }),
    );
  });

  function stopReason(): unknown {
    // The run's own reason (cancel, the step's time limit) wins, so the engine reports it.
    if (ctx.signal.aborted) return ctx.signal.reason;
    return new Error(
      `The program "${cfg.command}" took longer than ${cfg.timeoutMs} ms and was stopped. Raise "Give up after" if it needs more time.`,
    );
  }
}

export default defineNode({
  id: 'run-command',
  version: 1,
  category: 'action',
  group: 'Code',
  displayName: 'Run command',
  description: 'Starts a program on this computer with a list of arguments and passes on its output and exit code.',
  icon: 'terminal',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { command: 'python3', args: [{ value: 'scripts/report.py' }, { value: '{{ $json.month }}' }], mode: 'each' },
  async execute(ctx) {
    if (!ctx.policy.shellEnabled) throw new Error(SHELL_OFF_MESSAGE);
    const items = ctx.inputs.main ?? [];
    if (ctx.config.mode === 'once') return { outputs: { main: [await runProgram(ctx, ctx.config)] } };
    const out: Item[] = [];
    for (const [index, item] of items.entries()) out.push(await runProgram(ctx, ctx.configFor(item, index)));
    return { outputs: { main: out } };
  },
});
