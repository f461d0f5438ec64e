/**
 * Runs untrusted JavaScript in a fresh V8 isolate (isolated-vm): no process, require, files,
 * network or environment, a hard memory limit and a time limit. One isolate per call, always
 * disposed. Node's `vm` module is not a sandbox, which is why this exists.
 * Shared by the Code node and (later) the browser-script node.
 */
import ivm from 'isolated-vm';
import { z } from 'zod';
import { envelopeSource, USER_FILE, userFunctionSource } from './sandbox-envelope';
import { installLuxon } from './sandbox-luxon';

export type SandboxLogLevel = 'info' | 'warn' | 'error';
export type HostFunction = (...args: never[]) => unknown;

export interface SandboxOptions {
  /** The user's code: the body of an async function, so `await` and `return` work at the top. */
  code: string;
  /**
   * Variables the code can read. Values are copied in as JSON (a Date arrives as text). A function
   * becomes an async function in the sandbox; its arguments and result are copied across.
   */
  globals?: Record<string, unknown>;
  /** Names of the arguments the code receives from the driver (e.g. `item`, `index`). */
  params?: string[];
  /**
   * Our own (trusted) JavaScript that calls the user's code with `await run(...args)` and returns
   * the result; it may `throw new Failure(message)` to fail with a message shown as it is.
   */
  driver?: string;
  timeoutMs: number;
  memoryLimitMb: number;
  /** Loads Luxon into the sandbox: `DateTime`, `Duration`, `Interval`, `$now`, `$today` (see sandbox-luxon.ts). */
  luxon?: boolean;
  /** Luxon's default zone in the sandbox (the workflow's); absent: UTC. */
  zone?: string;
  signal?: AbortSignal;
  onLog?: (level: SandboxLogLevel, message: string) => void;
  /** Console lines passed to `onLog` before the rest are dropped (default 100). */
  maxLogLines?: number;
}

export type SandboxFailure = 'syntax' | 'thrown' | 'timeout' | 'memory' | 'output' | 'plain';

/** A failure of the user's code, worded for the person who wrote it. */
export class SandboxError extends Error {
  constructor(
    message: string,
    readonly reason: SandboxFailure,
    /** Line in the user's code, when known. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

const MAX_LOG_CHARS = 2_000;

const envelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    kind: z.enum(['thrown', 'plain', 'output']),
    message: z.string(),
    line: z.number().optional(),
    where: z.string().optional(),
  }),
]);

/** Runs `code` and returns its result, parsed from JSON. Throws SandboxError for failures of the code. */
export async function runInSandbox(options: SandboxOptions): Promise<unknown> {
  const { code, params = [], timeoutMs, memoryLimitMb, signal } = options;
  signal?.throwIfAborted();
  const { setupJson, functions } = splitGlobals(options.globals ?? {});
  const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
  let stopped: 'timeout' | 'abort' | undefined;
  const stop = (why: 'timeout' | 'abort') => {
    stopped ??= why;
    // Disposing terminates code that is running right now, even in a tight loop.
    if (!isolate.isDisposed) isolate.dispose();
  };
  const onAbort = () => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  // isolated-vm's own `timeout` stops busy code but not code that waits (a promise that never
  // settles, a slow host function); this timer covers both.
  const timer = setTimeout(() => stop('timeout'), timeoutMs);
  try {
    const context = await isolate.createContext();
    // WebAssembly memory lives outside the isolate's heap, so memoryLimit can't count it (a 1 GB
    // WebAssembly.Memory passed a 64 MB limit): the Code step offers no WebAssembly at all.
    await context.eval('delete globalThis.WebAssembly;');
    if (options.luxon) await installLuxon(isolate, context, timeoutMs, options.zone ?? 'UTC');
    for (const [name, fn] of functions) await context.global.set(name, hostReference(fn));
    const userFn = await compileUserCode(isolate, context, code, params, timeoutMs);
    const raw = await context.evalClosure(
      envelopeSource(options.driver ?? 'return run();'),
      [
        userFn.derefInto({ release: true }),
        new ivm.ExternalCopy(setupJson).copyInto({ release: true }),
        new ivm.Callback(logger(options.onLog)),
        options.maxLogLines ?? 100,
        MAX_LOG_CHARS,
      ],
      { timeout: timeoutMs, filename: 'taskmaster-sandbox.js', result: { promise: true } },
    );
    return readEnvelope(raw);
  } catch (error) {
    if (stopped === 'abort') throw signal?.reason ?? error;
    throw explain(error, stopped === 'timeout', options);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function splitGlobals(globals: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  const functions: [string, HostFunction][] = [];
  for (const [name, value] of Object.entries(globals)) {
    if (typeof value === 'function') functions.push([name, value as HostFunction]);
    else values[name] = value;
  }
  let setupJson: string;
  try {
    setupJson = JSON.stringify({ values, functions: functions.map(([name]) => name) });
  } catch (error) {
    throw new Error(`The data can't be handed to the code: ${(error as Error).message}.`);
  }
  return { setupJson, functions };
}

/**
 * Host functions never reject across the boundary: isolated-vm would also report the rejection
 * as unhandled in Node (seen with 5.0.4). The envelope turns `ok: false` back into an error.
 */
function hostReference(fn: HostFunction) {
  const call = fn as (...args: unknown[]) => unknown;
  return new ivm.Reference(async (...args: unknown[]) => {
    try {
      return { ok: true, value: await call(...args) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  });
}

function logger(onLog: SandboxOptions['onLog']) {
  return (level: unknown, message: unknown) => {
    if (!onLog) return;
    const known = level === 'warn' || level === 'error' ? level : 'info';
    onLog(known, typeof message === 'string' ? message.slice(0, MAX_LOG_CHARS + 10) : String(message));
  };
}

async function compileUserCode(isolate: ivm.Isolate, context: ivm.Context, code: string, params: string[], timeoutMs: number) {
  let script: ivm.Script;
  try {
    script = await isolate.compileScript(userFunctionSource(code, params), { filename: USER_FILE });
  } catch (error) {
    throw syntaxError(error, code);
  }
  // Running the script only creates the function; the timeout guards code that escaped the wrapper.
  return script.run(context, { reference: true, timeout: timeoutMs, release: true });
}

function syntaxError(error: unknown, code: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\s*\[code\.js:(\d+):\d+\]$/.exec(message);
  if (!match) return error instanceof Error ? error : new Error(message);
  const lastLine = code.split('\n').length;
  // A missing } is only noticed after the last line, on the wrapper's closing line.
  const line = Math.min(Number(match[1]), lastLine);
  const what = message.slice(0, match.index);
  return new SandboxError(`The code has a mistake on line ${line}: ${what}.`, 'syntax', line);
}

function readEnvelope(raw: unknown): unknown {
  const parsed = envelope.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  if (!parsed.success) throw new Error('The code finished but its result could not be read.');
  const result = parsed.data;
  if (result.ok) return result.value;
  if (result.kind === 'plain') throw new SandboxError(result.message, 'plain');
  if (result.kind === 'output') {
    throw new SandboxError(`The code's result can't be passed on as data: ${result.message}.`, 'output');
  }
  const at = result.line === undefined ? '' : ` on line ${result.line}`;
  const where = result.where ? ` ${result.where}` : '';
  throw new SandboxError(`The code failed${at}${where}: ${result.message}`, 'thrown', result.line);
}

function explain(error: unknown, timedOut: boolean, options: SandboxOptions): Error {
  if (error instanceof SandboxError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut || message === 'Script execution timed out.') {
    return new SandboxError(
      `The code ran longer than its time limit of ${+(options.timeoutMs / 1000).toFixed(3)} s and was stopped. ` +
        'Look for a loop that never ends, or raise the time limit.',
      'timeout',
    );
  }
  if (/memory limit/i.test(message)) {
    return new SandboxError(
      `The code used more than ${options.memoryLimitMb} MB of memory and was stopped. ` +
        'Work on fewer items at a time, or raise the memory limit.',
      'memory',
    );
  }
  return new Error(`The code could not run: ${message}`);
}
