/**
 * `taskmaster <command>`: finds the command, runs it, and turns whatever happens into an exit
 * code and a readable message. Exit codes: 0 done, 1 the run failed or something unexpected
 * broke, 2 bad input (file, id, option), 130 interrupted.
 */
import { ConfigError, loadConfig } from '../config';
import { isDatabaseUnavailable } from '../db/availability';
import { InputError } from './command';
import { loadCommand } from './commands/index';
import { commandHelp } from './commands/help';
import { flushOutput, printError, printResult, routeConsoleToStderr } from './output';
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
  if (remote && explicit && !command.remote) throw new InputError(`"taskmaster ${command.name}" works on this machine only; leave out --url and --api-key.`);
  routeConsoleToStderr({ keepChatter: Boolean(command.longRunning) || debug });
  longRunning = Boolean(command.longRunning);
  return command.run({ argv: rest, signal, remote: remote && command.remote ? new RemoteClient(remote) : null });
}

/** The message for a failure; a stack trace only with LOG_LEVEL=debug. */
function report(error: unknown): number {
  if (error instanceof InputError || error instanceof ConfigError) {
    printError(error.message);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(`Error: ${message.split('\n')[0]}${debug ? '' : ' (run with LOG_LEVEL=debug for details)'}`);
  if (debug && error instanceof Error) printError(error.stack ?? '');
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
const onSignal = () => {
  signals += 1;
  if (signals === 1) {
    interrupt.abort();
    setTimeout(() => {
      printError('Could not stop cleanly in time (is the database answering?); stopping at once.');
      void exit(130);
    }, cleanupBoundMs()).unref();
  } else {
    printError('Stopping at once.');
    void exit(130);
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A library's stray error must end in a message, not Node's stack dump. A server or worker
// rides out a lost database connection instead (it reconnects, restarts its queue, and runs
// resume): graphile-worker rejects promises nobody awaits when it loses the database while
// handing jobs back, and that must not end the process (issue 17).
let longRunning = false;
const onStray = (error: unknown) => {
  if (longRunning && isDatabaseUnavailable(error)) {
    printError(`[taskmaster] database connection lost: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return;
  }
  void exit(report(error));
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

await exit(await main(process.argv.slice(2), interrupt.signal).catch(report));
