/**
 * How a worker executes one run to its end, whoever asked (a queue job or this process's own
 * webhook, run-here.ts): the run loop with this worker's pools, browsers, credentials and
 * settings; a run the database lost pauses until it answers again; a run that can't continue for
 * another reason is ended with a message instead of being retried for good.
 */
import type { Sql } from 'postgres';
import { getNodeType } from '../../nodes';
import type { BrowserPool } from '../browser/pool';
import type { KeyStore } from '../credentials/keys';
import { runCredentialSource } from '../credentials/source';
import { openTypedSecrets } from '../credentials/step-secrets-at-rest';
import type { OutageGate } from '../db/availability';
import { isDatabaseUnavailable } from '../db/availability';
import { failRunThatCannotContinue, type RunForExecution } from '../db/run-store';
import { recordRunEnd, recordRunStarted, recordStep } from '../observability/metrics';
import type { LogFields } from '../observability/logger';
import { errorIdOf, loggableDetails } from '../observability/error-id';
import type { SettingsReader } from '../settings/store';
import { RunAborted } from './execute-node';
import { executeRun, type RunDeps, type RunEndReport } from './execute-run';

/** The run's message names the error id the log line carries, so an administrator finds one from the other. */
const cannotContinue = (errorId: string) =>
  `The run could not continue because of an internal error (error id ${errorId}; the details are in the server log). ` +
  'It was stopped instead of waiting; run the workflow again, and report it if it happens again.';

/**
 * The log line of a run that could not continue: the error id and the error's words, never a
 * stack or a statement's parameters (drizzle writes them into its message; they can hold a
 * whole document, typed secrets included).
 */
export function cannotContinueLine(runId: string, error: unknown): { line: string; errorId: string } {
  const errorId = error !== null && typeof error === 'object' ? errorIdOf(error) : errorIdOf(new Error(String(error)));
  const details = error instanceof Error ? loggableDetails(error) : 'a value that is not an error was thrown';
  return { errorId, line: `run ${runId} could not continue (error id ${errorId}): ${details}` };
}

export interface RunExecutorDeps {
  sql: Sql;
  sqlAsync: Sql;
  filesDir: string;
  /** Temporary files of steps (ctx.tempDir); absent: the system's temporary folder. */
  tempDir?: string;
  browsers: BrowserPool;
  keys: KeyStore;
  settings: SettingsReader;
  fetch: typeof fetch;
  /** Ctrl-C's first phase: no new steps start. */
  drainSignal: AbortSignal;
  outage: OutageGate;
  /** Runs executing here, by id, so a cancel request reaches them. */
  activeRuns: Map<string, AbortController>;
  /** Tracked values and alerts (after-run.ts). */
  afterRun(end: RunEndReport): void;
  log(message: string, fields?: LogFields): void;
}

/** Executes (or resumes) a run until it ends; `handBack` is thrown when it must resume elsewhere. */
export type RunExecutor = (runId: string, signal: AbortSignal, handBack: () => Error, claimed?: RunForExecution) => Promise<void>;

export function runExecutor(deps: RunExecutorDeps): RunExecutor {
  const { sql, log } = deps;
  return async (runId, signal, handBack, claimed) => {
    for (;;) {
      try {
        const firstTime = claimed;
        claimed = undefined;
        await executeRun(runDeps(deps, runId, signal), runId, firstTime);
        return;
      } catch (err) {
        // Thrown so graphile-worker keeps the job and another attempt resumes the run.
        if (err instanceof RunAborted) throw handBack();
        // Its workflow was deleted meanwhile, and the run with it (its results can't be stored).
        if (runWasDeleted(err)) {
          log(`run ${runId} stopped: its workflow was deleted while it ran`, { runId });
          return;
        }
        if (!isDatabaseUnavailable(err)) {
          // Anything else would fail the same way on every retry while the run showed "Waiting":
          // end it now, with a message for the user and the details in the log.
          const { line, errorId } = cannotContinueLine(runId, err);
          log(line, { runId });
          await failRunThatCannotContinue(sql, runId, cannotContinue(errorId));
          return;
        }
        if (signal.aborted) throw err;
      }
      // The database went away: the run resumes from its stored results once it is back. The
      // job stays locked by this worker meanwhile, so no other worker starts it twice.
      await deps.outage.wait(signal).catch(() => {
        throw handBack();
      });
    }
  };
}

function runDeps(deps: RunExecutorDeps, runId: string, signal: AbortSignal): RunDeps {
  const { sql, keys, log } = deps;
  return {
    sql,
    sqlAsync: deps.sqlAsync,
    lookup: getNodeType,
    fetch: deps.fetch,
    dataDir: deps.filesDir,
    tempDir: deps.tempDir,
    browsers: deps.browsers,
    // Opens only what the workflow's owner may use, and logs each use (server/credentials/source.ts).
    credentials: runCredentialSource(sql, keys, runId),
    settings: deps.settings,
    openSecrets: (document) => openTypedSecrets(document, getNodeType, keys),
    shutdownSignal: signal,
    drainSignal: deps.drainSignal,
    onStepEnd: recordStep,
    onRunEnd: (end) => {
      recordRunEnd(end);
      if (end.status === 'failed') {
        log(`run failed: ${end.error?.message ?? ''}`, { runId: end.runId, stepId: end.error?.nodeId, workflowId: end.workflowId });
      }
      deps.afterRun(end);
    },
    onRunStart: (id, controller, workflowName) => {
      recordRunStarted(workflowName ?? '');
      deps.activeRuns.set(id, controller);
      return () => deps.activeRuns.delete(id);
    },
  };
}

/** A foreign-key violation: the run's row is gone (deleted with its workflow) under the worker. */
function runWasDeleted(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23503';
}
