/**
 * What every `taskmaster <command>` file exports, and the one way commands read their arguments.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RemoteClient } from './remote';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** The words after the command name. */
  argv: string[];
  /** Aborts on the first SIGINT/SIGTERM: long commands stop cleanly when it fires. */
  signal: AbortSignal;
  /** Set with --url/--api-key (or TASKMASTER_URL/TASKMASTER_API_KEY) for commands with `remote`. */
  remote: RemoteClient | null;
}

export interface Command {
  name: string;
  /** One line for `taskmaster help`. */
  summary: string;
  /** The synopsis, e.g. `run <file|id> [--input JSON] [--json]`. */
  usage: string;
  /** What the arguments and options mean, for `taskmaster help <command>`. */
  details?: string;
  /**
   * Long-running commands (server, worker) keep the chatter of the libraries they run on stderr;
   * one-shot commands show it only with LOG_LEVEL=debug.
   */
  longRunning?: boolean;
  /** True when the command can drive a remote TaskMaster through its REST API (--url). */
  remote?: boolean;
  /** Returns the exit code. */
  run(context: CommandContext): Promise<number>;
}

/**
 * Something wrong with what the user typed or pointed at (file, id, option): the message is
 * shown as is, without a stack, and the exit code is 2.
 */
export class InputError extends Error {
  readonly exitCode = 2;
}

/** parseArgs with positional-count checks; every mistake becomes an InputError naming the command. */
/** A failure already told in plain words (exit code 1): printed as it is, without a cause's details. */
export class PlainError extends Error {}

export function parseCommandArgs<const O extends OptionsConfig>(
  command: Pick<Command, 'name' | 'usage'>,
  argv: string[],
  options: O,
  positionals: { min: number; max: number },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are already plain ("Unknown option '--jsn'"), but name no command.
    throw new InputError(`${(error as Error).message}\nUsage: taskmaster ${command.usage}`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    const what = count < positionals.min ? 'Missing an argument' : `Unexpected argument "${parsed.positionals[positionals.max]}"`;
    throw new InputError(`${what}.\nUsage: taskmaster ${command.usage}`);
  }
  return parsed;
}

/** Resolves when the signal aborts (at once when it already has). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
