/**
 * `taskmaster <command>`: finds the command, runs it, and turns whatever happens into an exit
 * code and a readable message. Exit codes: 0 done, 1 the run failed or something unexpected
 * broke, 2 bad input (file, id, option), 130 interrupted.
 */
import { loadConfig } from '../config';
import { ConfigError } from '../errors';
import { isDatabaseUnavailable } from '../db/availability';
import { loggableDetails } from '../observability/error-id';
import { InputError, PlainError } from './command';
import { loadCommand } from './commands/index';
import { commandHelp } from './commands/help';
import { flushOutput, printError, printResult, routeConsoleToStderr, watchOutput } from './output';
import { RemoteClient, takeRemoteOptions } from './remote';

const debug = (process.env.LOG_LEVEL ?? '').trim().toLowerCase() === 'debug';

async function main(args: string[], signal: AbortSignal): Promise<number> {
  const { argv, remote, explicit } = takeRemoteOptions(args, process.env);
  const [first, ...rest] = argv;
  const name = first === undefined || first === '--help' || first === '-h' ? 'help' : first;
  const command = await loadCommand(name);
  if (!command) throw new InputError(`There is no command "${first}". See the commands with: taskmaster help`);
  const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    printResult(commandHelp(command));
    return 0;
  }
  // TASKMASTER_URL alone leaves local-only commands local; --url on one of them is a mistake.
  if (remote && explicit && !command.remote)
    throw new InputError(`"taskmaster ${command.name}" works on this machine only; leave out --url and --api-key.`);
  routeConsoleToStderr({ keepChatter: Boolean(command.longRunning) || debug });
  longRunning = Boolean(command.longRunning);
  return command.run({ argv: rest, signal, remote: remote && command.remote ? new RemoteClient(remote) : null });
}

/** Where the database is, in the words of the user's own set-up. */
const whichDatabase = () =>
  (process.env.DATABASE_URL ?? '').trim() ? 'the database at DATABASE_URL' : 'the embedded database in the data folder';

/**
 * The database's own words for a statement it refused, without the statement: drizzle wraps the
 * error in "Failed query: <SQL> params: <values>", which must never be printed (values can be
 * secrets); the cause carries Postgres's message. Null for errors that don't come from a statement.
 */
function refusedStatement(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'PostgresError') return e.message.split('\n')[0];
  }
  return error instanceof Error && /^Failed query:/.test(error.message) ? 'the statement failed' : null;
}

/** The message for a failure, never SQL, parameters or a stack; details only with LOG_LEVEL=debug. */
function report(error: unknown): number {
  if (error instanceof InputError || error instanceof ConfigError) {
    printError(error.message);
    return 2;
  }
  const hint = debug ? '' : ' (run with LOG_LEVEL=debug for details)';
  const refused = refusedStatement(error);
  if (error instanceof PlainError) {
    printError(`Error: ${error.message}${hint}`);
  } else if (isDatabaseUnavailable(error)) {
    printError(
      `Error: the connection to ${whichDatabase()} was lost while the command ran. Check that the database is running and try again.${hint}`,
    );
  } else if (refused !== null) {
    printError(
      `Error: ${whichDatabase()} refused the command (${refused}). If this keeps happening, run with LOG_LEVEL=debug and report it.`,
    );
  } else {
    const message = error instanceof Error ? error.message : String(error);
    printError(`Error: ${message.split('\n')[0]}${hint}`);
  }
  // The details, still without statement parameters (server/observability/error-id.ts).
  if (debug && error instanceof Error)
    printError([loggableDetails(error), ...(error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l))].join('\n'));
  return 1;
}

async function exit(code: number): Promise<never> {
  await flushOutput();
  process.exit(code);
}

// The first Ctrl+C (or SIGTERM) asks the command to stop and clean up (stop the worker, close the
// database, stop an embedded Postgres this process started); a second one exits at once (the
// embedded Postgres is still told to stop, by its exit hook, but runs are not handed back).
const interrupt = new AbortController();
let signals = 0;
/**
 * After the first signal a command gets this long to clean up; then it exits anyway (a database
 * that stopped answering would otherwise keep it waiting for good). `start` and `worker` let
 * running steps finish first (SHUTDOWN_GRACE_SECONDS).
 */
function cleanupBoundMs(): number {
  if (!longRunning) return 15_000;
  try {
    return loadConfig().shutdownGraceMs + 30_000;
  } catch {
    return 60_000;
  }
}
/** Asks the command to stop and clean up, within cleanupBoundMs. */
const stopCleanly = () => {
  if (interrupt.signal.aborted) return;
  interrupt.abort();
  setTimeout(() => {
    printError('Could not stop cleanly in time (is the database answering?); stopping at once.');
    void exit(130);
  }, cleanupBoundMs()).unref();
};
const onSignal = () => {
  signals += 1;
  if (signals === 1) {
    stopCleanly();
  } else {
    printError('Stopping at once.');
    void exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Whoever read our output is gone (the terminal or the parent process closed the pipe): like
// SIGPIPE for other programs, stop, but cleanly (runs handed back, the embedded Postgres
// stopped). Nobody would see what a command does from here on.
watchOutput(stopCleanly);
// A library's stray error must end in a message, not Node's stack dump. A server or worker
// rides out a lost database connection instead (it reconnects, restarts its queue, and runs
// resume): graphile-worker rejects promises nobody awaits when it loses the database while
// handing jobs back, and that must not end the process (issue 17).
let longRunning = false;
const onStray = (error: unknown) => {
  if (longRunning && isDatabaseUnavailable(error)) {
    printError(`[taskmaster] the connection to ${whichDatabase()} was lost; waiting for it to come back.`);
    return;
  }
  void exit(report(error));
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

await exit(await main(process.argv.slice(2), interrupt.signal).catch(report));
