/**
 * Runs untrusted Python with Pyodide (CPython in WebAssembly, standard library included, loaded
 * from node_modules: works offline) in a child process of its own: one process per run, killed at
 * the time limit, WebAssembly memory capped, Node's permission model and an empty environment
 * around it (see python-child.mjs). The server's own event loop never runs the code, so it keeps
 * answering while a step loops forever.
 *
 * Loading Pyodide takes seconds, so one loaded process is kept ready after the first run (and
 * dropped after a few idle minutes); the time limit counts only the user's code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SandboxError, type SandboxLogLevel } from './sandbox';

export interface PythonOptions {
  code: string;
  /** 'all': the code gets `items` and returns a list (or one dict); 'each': it gets `item` and `index`. */
  mode: 'all' | 'each';
  items: unknown[];
  timeoutMs: number;
  memoryLimitMb: number;
  signal?: AbortSignal;
  onLog?: (level: SandboxLogLevel, message: string) => void;
}

const CHILD_FILE = fileURLToPath(new URL('./python-child.mjs', import.meta.url));
const MAX_LOG_LINES = 100;
const MAX_LOG_CHARS = 2_000;
/** How long a loaded, unused Python process is kept for the next run. */
const SPARE_IDLE_MS = 5 * 60_000;
/** Loading Pyodide on a busy machine took 16 s here; past this something is wrong. */
const LOAD_TIMEOUT_MS = 120_000;

const fromChild = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('broken'), message: z.string() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({
    type: z.literal('done'),
    answer: z.union([
      z.object({ ok: z.literal(true), json: z.string() }),
      z.object({
        ok: z.literal(false),
        kind: z.enum(['syntax', 'thrown', 'plain', 'output', 'memory']),
        message: z.string(),
        line: z.number().nullish(),
        where: z.string().nullish(),
      }),
    ]),
  }),
]);
type ChildMessage = z.infer<typeof fromChild>;
type Answer = Extract<ChildMessage, { type: 'done' }>['answer'];

interface PythonProcess {
  child: ChildProcess;
  /** Settles when Pyodide has loaded; rejects when the process broke first. */
  ready: Promise<void>;
  /** Why the process ended, once it has. */
  stderr: string[];
}

function permissionFlags(): string[] {
  const pyodideDir = path.dirname(createRequire(import.meta.url).resolve('pyodide'));
  const major = Number(process.versions.node.split('.')[0]);
  // Node 20–22 call it --experimental-permission; later versions --permission.
  const flag = major >= 23 ? '--permission' : '--experimental-permission';
  return [flag, `--allow-fs-read=${pyodideDir}${path.sep}*`, `--allow-fs-read=${CHILD_FILE}`, '--disable-warning=ExperimentalWarning'];
}

function forkChild(args: string[], heapMb: number): ChildProcess {
  return fork(CHILD_FILE, args, {
    env: { NODE_ENV: 'production' },
    execArgv: [...permissionFlags(), `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // 'advanced' carries the memory snapshot as bytes.
    serialization: 'advanced',
  });
}

const snapshotMessage = z.object({ type: z.literal('snapshot'), bytes: z.instanceof(Uint8Array) });
let snapshot: Promise<Uint8Array | null> | null = null;

/**
 * A memory image of Pyodide just after it loaded, made once per server process by a child of its
 * own (before any user code ran); later processes start from it. Null when it could not be made:
 * then each process loads Pyodide in full, which is slower but works the same.
 */
function pyodideSnapshot(): Promise<Uint8Array | null> {
  snapshot ??= new Promise<Uint8Array | null>((resolve) => {
    const child = forkChild(['snapshot'], 1_024);
    const timer = setTimeout(() => child.kill('SIGKILL'), LOAD_TIMEOUT_MS);
    child.on('message', (raw) => {
      const message = snapshotMessage.safeParse(raw);
      if (message.success) resolve(message.data.bytes);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.once('error', () => resolve(null));
  });
  return snapshot;
}

function startProcess(heapMb: number): PythonProcess {
  const child = forkChild([], heapMb);
  void pyodideSnapshot().then((bytes) => {
    if (child.connected) child.send({ snapshot: bytes });
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 50) stderr.push(chunk.toString('utf8'));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Python did not start in time.')), LOAD_TIMEOUT_MS);
    timer.unref();
    child.on('message', (raw) => {
      const message = fromChild.safeParse(raw);
      if (!message.success) return;
      if (message.data.type === 'ready') resolve();
      if (message.data.type === 'broken') reject(new Error(`Python could not start: ${message.data.message}`));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`Python stopped while starting (${signal ?? `exit code ${code}`}). ${stderr.join('').slice(-500)}`)),
    );
    child.once('error', reject);
  });
  ready.catch(() => child.kill('SIGKILL'));
  return { child, ready, stderr };
}

// One loaded process waits for the next run, so only the first run pays for loading Pyodide.
let spare: { process: PythonProcess; heapMb: number; idle: NodeJS.Timeout } | null = null;

function idle(proc: PythonProcess) {
  proc.child.unref();
  proc.child.channel?.unref();
}

function keepSpare(heapMb: number) {
  if (spare) return;
  const proc = startProcess(heapMb);
  idle(proc);
  const timer = setTimeout(() => {
    if (spare?.process === proc) spare = null;
    proc.child.kill('SIGKILL');
  }, SPARE_IDLE_MS);
  timer.unref();
  proc.ready.catch(() => {
    if (spare?.process === proc) spare = null;
  });
  proc.child.once('exit', () => {
    if (spare?.process === proc) spare = null;
  });
  spare = { process: proc, heapMb, idle: timer };
}

function takeProcess(heapMb: number): PythonProcess {
  if (spare && spare.heapMb >= heapMb && spare.process.child.exitCode === null) {
    const proc = spare.process;
    clearTimeout(spare.idle);
    spare = null;
    proc.child.ref();
    proc.child.channel?.ref();
    return proc;
  }
  return startProcess(heapMb);
}

/** Heap of a spare process: enough for the default memory limit (128 MB) and a few MB of items. */
const SPARE_HEAP_MB = 512;

/** JavaScript heap of the child: the items pass through it as JSON on their way in and out. */
function heapFor(itemsJson: string, memoryLimitMb: number): number {
  return 256 + memoryLimitMb + Math.ceil((itemsJson.length * 4) / (1024 * 1024));
}

/** Runs the code and returns what it returned, parsed from JSON. Throws SandboxError for failures of the code. */
export async function runPython(options: PythonOptions): Promise<unknown> {
  const { signal } = options;
  signal?.throwIfAborted();
  const itemsJson = JSON.stringify(options.items);
  // A spare has SPARE_HEAP_MB; a bigger input or memory limit gets a process of its own.
  const heapMb = heapFor(itemsJson, options.memoryLimitMb);
  const proc = takeProcess(heapMb);
  try {
    await abortable(proc.ready, signal);
    return await runJob(proc, { ...options, itemsJson });
  } finally {
    proc.child.kill('SIGKILL');
    // Ready for the next run (unless this one was cancelled: the run is going away).
    if (!signal?.aborted) keepSpare(SPARE_HEAP_MB);
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function runJob(proc: PythonProcess, options: PythonOptions & { itemsJson: string }): Promise<unknown> {
  const { child } = proc;
  return new Promise<unknown>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(timeoutError(options.timeoutMs)));
    }, options.timeoutMs);
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(() => reject(options.signal?.reason));
    };
    const onMessage = (raw: unknown) => {
      const message = fromChild.safeParse(raw);
      if (!message.success) return;
      if (message.data.type === 'log') options.onLog?.(message.data.level, message.data.message.slice(0, MAX_LOG_CHARS + 10));
      if (message.data.type === 'done') {
        const answer = message.data.answer;
        finish(() => {
          try {
            resolve(readAnswer(answer, options));
          } catch (error) {
            reject(error);
          }
        });
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // The JavaScript side ran out of memory (a huge result), or the process was killed from outside.
      const outOfMemory = proc.stderr.join('').includes('heap out of memory');
      finish(() =>
        reject(
          outOfMemory
            ? memoryError(options.memoryLimitMb)
            : new Error(`The Python code stopped unexpectedly (${signal ?? `exit code ${code}`}).`),
        ),
      );
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({
      code: options.code,
      mode: options.mode,
      itemsJson: options.itemsJson,
      memoryLimitMb: options.memoryLimitMb,
      maxLogLines: MAX_LOG_LINES,
      maxChars: MAX_LOG_CHARS,
    });
  });
}

function readAnswer(answer: Answer, options: PythonOptions): unknown {
  if (answer.ok) return JSON.parse(answer.json);
  const at = answer.line == null ? '' : ` on line ${answer.line}`;
  switch (answer.kind) {
    case 'syntax':
      return fail(`The code has a mistake${at}: ${answer.message}.`, 'syntax', answer.line);
    case 'plain':
      return fail(answer.message, 'plain');
    case 'output':
      return fail(`The code's result can't be passed on as data: ${answer.message}.`, 'output');
    case 'memory':
      throw memoryError(options.memoryLimitMb);
    default: {
      const where = answer.where ? ` ${answer.where}` : '';
      return fail(`The code failed${at}${where}: ${answer.message}`, 'thrown', answer.line);
    }
  }
}

function fail(message: string, reason: SandboxError['reason'], line?: number | null): never {
  throw new SandboxError(message, reason, line ?? undefined);
}

function timeoutError(timeoutMs: number) {
  return new SandboxError(
    `The code ran longer than its time limit of ${+(timeoutMs / 1000).toFixed(3)} s and was stopped. Look for a loop that never ends, or raise the time limit.`,
    'timeout',
  );
}

function memoryError(memoryLimitMb: number) {
  return new SandboxError(
    `The code used more than ${memoryLimitMb} MB of memory and was stopped. Work on fewer items at a time, or raise the memory limit.`,
    'memory',
  );
}
