/**
 * The server's log. `LOG_FORMAT=json`: one JSON object per line (pino), with `runId`, `stepId`
 * and `workflowId` as fields where a line is about a run, for log collectors. Otherwise readable
 * lines, `[taskmaster] message (runId=…)`, as before. LOG_LEVEL=silent silences both.
 */
import pino from 'pino';

export type LogFields = { runId?: string; stepId?: string; workflowId?: string | null; [key: string]: unknown };
export type Log = (message: string, fields?: LogFields) => void;

/** `write` receives each finished line (default: standard output). */
export function createLog(format = process.env.LOG_FORMAT, level = process.env.LOG_LEVEL ?? 'info', write?: (line: string) => void): Log {
  if (level === 'silent') return () => {};
  if (format === 'json') {
    const options = { base: { service: 'taskmaster' }, level: level === 'debug' ? 'debug' : 'info' };
    const logger = write ? pino(options, { write }) : pino(options);
    return (message, fields) => logger.info(fields ?? {}, message);
  }
  return (message, fields) => {
    const extra = fields
      ? Object.entries(fields)
          .filter(([, v]) => v !== undefined && v !== null)
          .map(([k, v]) => `${k}=${String(v)}`)
      : [];
    const line = `[taskmaster] ${message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    if (write) write(`${line}\n`);
    else console.log(line);
  };
}
