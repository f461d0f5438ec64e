/**
 * Where the CLI writes. stdout carries only command results (so `--json` output can be piped into
 * other tools); progress, logs and errors go to stderr.
 */

/** Set once stdout or stderr failed (its reader went away): nothing is written any more. */
let outputGone = false;

export function printResult(text: string): void {
  if (!outputGone) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printError(text: string): void {
  if (!outputGone) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * Calls `onGone` once when stdout or stderr can't be written any more (EPIPE: whatever read
 * them, a terminal, a pipe, the parent process, is gone). Without a listener each failed write
 * was an uncaught error whose report was written to the same pipe and failed again: an orphaned
 * `start` spun on that for 40 minutes and could not get to its exit.
 */
export function watchOutput(onGone: (error: Error) => void): void {
  const failed = (error: Error) => {
    if (outputGone) return;
    outputGone = true;
    onGone(error);
  };
  process.stdout.on('error', failed);
  process.stderr.on('error', failed);
}

/** Progress messages, shown unless LOG_LEVEL asks for quiet. */
export function progress(message: string): void {
  const level = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (level === 'warn' || level === 'error' || level === 'silent') return;
  printError(`[taskmaster] ${message}`);
}

/**
 * Libraries log through `console`, and console.log/info write to stdout (graphile-worker's
 * default logger, for one, sends its INFO lines to console.info): that would corrupt `--json`
 * output. Everything they print goes to stderr; their info/debug chatter only when asked for.
 */
export function routeConsoleToStderr({ keepChatter }: { keepChatter: boolean }): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  const chatter = keepChatter ? toStderr : () => {};
  console.log = chatter;
  console.info = chatter;
  console.debug = chatter;
}

/** Resolves once everything written so far has been handed to the OS, so exiting loses nothing. */
export async function flushOutput(): Promise<void> {
  await flushed(process.stdout);
  await flushed(process.stderr);
}

/** Bounded: a reader that stopped reading (but did not close) must not keep the process from exiting. */
function flushed(stream: NodeJS.WriteStream, boundMs = 2000): Promise<void> {
  if (outputGone || stream.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, boundMs);
    timer.unref();
    stream.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The columns of `taskmaster runs` (local and remote). */
export const RUN_COLUMNS = ['RUN', 'STATUS', 'TRIGGER', 'CREATED', 'TIME', 'WARNINGS', 'ERROR'];

/** A table with a header row; `right` lists the columns aligned right (numbers). */
export function formatTable(headers: string[], rows: string[][], right: number[] = []): string {
  return formatColumns([headers, ...rows], right);
}

/** Rows of cells, each column padded to its widest cell. */
export function formatColumns(rows: string[][], right: number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, col) => (widths[col] = Math.max(widths[col] ?? 0, cell.length)));
  return rows
    .map((cells) =>
      cells
        .map((cell, col) => (right.includes(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** 0.4 ms, 12 ms, 1.5 s, 2 min 5 s. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "5 s ago", "3 min ago", "2 h ago", then the date. */
export function formatAgo(date: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
