/**
 * A run from claim to end: claim it, prepare it (run-prepare.ts), run its nodes (run-loop.ts,
 * decisions in core/scheduler.ts), store its end. Results go through the run's result sink
 * (result-sink.ts). A resumed run (after a crash) starts from the stored results, so nothing
 * that succeeded runs again.
 */
import type { Sql } from 'postgres';
import type { HandleItems } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import type { NodeState } from '../../core/plan';
import type { NodeTypeLookup } from '../../core/validate';
import type { BrowserPool, RunBrowser } from '../browser/pool';
import type { CredentialSource } from '../credentials/grant';
import type { OpenedDocument } from '../credentials/step-secrets-at-rest';
import { announceRunRunning, claimRunForExecution, finishRun, type NodeError, type RunForExecution } from '../db/run-store';
import { publishLocalRunEnd } from '../run-ends';
import { fixedSettings, type SettingsReader } from '../settings/store';
import { RunAborted } from './execute-node';
import { createResultSink, type ResultSink } from './result-sink';
import { runEnvironment } from './run-env';
import { runNodes, type LoopEnd } from './run-loop';
import { prepareRun, startState } from './run-prepare';

export interface RunDeps {
  sql: Sql;
  lookup: NodeTypeLookup;
  fetch: typeof fetch;
  /** Folder for Load/Save nodes. */
  dataDir: string;
  /** Temporary files of steps (ctx.tempDir). */
  tempDir?: string;
  /** A pool whose commits do not wait for the disk, for results of nodes without side effects. */
  sqlAsync?: Sql;
  /** Aborts every run of this worker on shutdown. */
  shutdownSignal: AbortSignal;
  /**
   * Ctrl-C's first phase: no new step starts; the running ones finish and are stored, then the
   * run is handed back (RunAborted('shutdown')) to resume at the next start.
   */
  drainSignal?: AbortSignal;
  /** Lets the cancel listener abort this run. Returns an unregister function. */
  onRunStart(runId: string, controller: AbortController, workflowName?: string): () => void;
  /** Browsers for the Browser nodes; without it those nodes fail with a plain message. */
  browsers?: BrowserPool;
  /** Saved credentials; without it nodes that pick one fail with a plain message. */
  credentials?: CredentialSource;
  /** The Settings page's values, live (default retries and time limit, shell step, default mail server); absent: the defaults. */
  settings?: SettingsReader;
  /** Told when a run's end is stored (metrics, alerts, tracked values); must not throw. */
  onRunEnd?(end: RunEndReport): void;
  /** Told after every step attempt (metrics); must not throw. */
  onStepEnd?(stepType: string, durationMs: number, ok: boolean): void;
  /** Opens the secrets typed into steps, stored encrypted (server/credentials/step-secrets-at-rest.ts); absent: none are. */
  openSecrets?(document: WorkflowDocument): Promise<OpenedDocument>;
}

/** A run's end as the run loop knows it, handed to `onRunEnd`. */
export interface RunEndReport {
  runId: string;
  workflowId: string | null;
  document: WorkflowDocument;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: (NodeError & { nodeId?: string }) | null;
  triggerKind: string;
  triggerPayload: unknown;
  /** When this worker began it (a resumed run: when it was resumed). */
  startedAt: Date;
  /** Every step's state, with outputs of those that succeeded in this execution. */
  nodes: ReadonlyMap<string, NodeState>;
}

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'missing' | 'already-finished';

type RunEndBase = Omit<RunEndReport, 'status' | 'error' | 'nodes'>;

/**
 * Executes (or resumes) a run to its end. Throws RunAborted('shutdown') when the worker stops.
 * `claimed`: a run this process has just stored as running (server/worker/run-here.ts), not read back.
 */
export async function executeRun(deps: RunDeps, runId: string, claimed?: RunForExecution): Promise<RunOutcome> {
  const { sql } = deps;
  // Loads the run and marks it running in one statement; "running" needs no flush to disk.
  const run = claimed ?? (await claimRunForExecution(deps.sqlAsync ?? sql, runId));
  if (!run) return 'missing';
  if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') return 'already-finished';
  if (run.cancelRequested) {
    await finishRun(sql, runId, run.workflowId, 'cancelled', null);
    return 'cancelled';
  }
  const settings = deps.settings ?? fixedSettings();
  const base: RunEndBase = {
    runId,
    workflowId: run.workflowId,
    document: run.document,
    triggerKind: run.triggerKind,
    triggerPayload: run.triggerPayload,
    startedAt: new Date(),
  };
  const prepared = await prepareRun(deps, run, settings.current());
  if ('error' in prepared) {
    await finishRun(sql, runId, run.workflowId, 'failed', prepared.error);
    // Its alerts still go out: a key that can't open the secrets is exactly what someone must hear about.
    deps.onRunEnd?.({ ...base, status: 'failed', error: prepared.error, nodes: new Map() });
    return 'failed';
  }

  const control = runControl(deps, runId, prepared.doc.name);
  const { signal } = control.controller;
  // Opened by the first Browser node; closed before the run's end is stored, and on every other
  // way out, so no browser outlives its run.
  const browser = deps.browsers?.forRun(runId, signal);
  const durable = prepared.doc.settings.durability === 'node';
  const sink = createResultSink({ sql, sqlAsync: deps.sqlAsync, runId, durable });
  try {
    announceRunRunning(sql, runId, run.workflowId);
    const { state, attemptsMade } = await startState(sql, run, runId, prepared, sink);
    const upstream = new Map<string, HandleItems>();
    for (const [id, s] of state) if (s.status === 'succeeded' && s.outputs) upstream.set(id, s.outputs);
    const runChild = (childId: string) => executeRun(childDeps(deps, signal), childId);
    const env = runEnvironment({ deps, settings, runId, run, doc: prepared.doc, upstream, signal, browser, runChild });
    const end = await runNodes({
      ...prepared,
      sql,
      state,
      upstream,
      attemptsMade,
      sink,
      step: { runId, sql: deps.sqlAsync ?? sql, env, onStepEnd: deps.onStepEnd },
      signal,
      drainSignal: deps.drainSignal,
      abort: () => control.controller.abort(new RunAborted('shutdown')),
    });
    return await endRun(deps, { base, control: control.controller, browser, sink, state, end, durable });
  } finally {
    sink.close();
    await browser?.close().catch(() => {});
    control.release();
  }
}

/** The run's abort controller, tied to the worker's shutdown and registered for cancel requests. */
function runControl(deps: RunDeps, runId: string, workflowName: string) {
  const controller = new AbortController();
  const unregister = deps.onRunStart(runId, controller, workflowName);
  const onShutdown = () => controller.abort(new RunAborted('shutdown'));
  if (deps.shutdownSignal.aborted) onShutdown();
  else deps.shutdownSignal.addEventListener('abort', onShutdown, { once: true });
  const release = () => {
    deps.shutdownSignal.removeEventListener('abort', onShutdown);
    unregister();
  };
  return { controller, release };
}

interface Ending {
  base: RunEndBase;
  control: AbortController;
  browser: RunBrowser | undefined;
  sink: ResultSink;
  state: ReadonlyMap<string, NodeState>;
  end: LoopEnd;
  durable: boolean;
}

/** Stores the run's end with what the sink kept, or hands the run back when the worker stops. */
async function endRun(deps: RunDeps, { base, control, browser, sink, state, end, durable }: Ending): Promise<RunOutcome> {
  const { runId, workflowId } = base;
  // Drained before its end: what ran is stored; the rest runs when the run resumes.
  if (!control.signal.aborted && !end.failure && !end.finished) control.abort(new RunAborted('shutdown'));
  const reason: unknown = control.signal.aborted ? control.signal.reason : null;
  if (reason instanceof RunAborted && reason.why === 'shutdown') {
    await sink.handBack();
    throw reason;
  }
  const cancelled = reason instanceof RunAborted && reason.why === 'cancelled';
  const status = cancelled ? 'cancelled' : end.failure ? 'failed' : 'succeeded';
  const error = cancelled ? null : end.failure;
  await browser?.close();
  // Kept results (all of them in `end` mode) are stored with the end: one statement, one commit.
  await finishRun(deps.sql, runId, workflowId, status, error, await sink.kept(), { nodeEvents: durable });
  // A webhook of this process waiting for this run answers from these results, not a re-read.
  publishLocalRunEnd(runId, { status, local: { error, nodes: state } });
  deps.onRunEnd?.({ ...base, status, error, nodes: state });
  return status;
}

/** A child run executed inside its parent's job stops when the parent is cancelled or stops. */
function childDeps(deps: RunDeps, parentSignal: AbortSignal): RunDeps {
  return {
    ...deps,
    onRunStart(runId, controller) {
      const unregister = deps.onRunStart(runId, controller);
      const stop = () => controller.abort(parentSignal.reason);
      if (parentSignal.aborted) stop();
      else parentSignal.addEventListener('abort', stop, { once: true });
      return () => {
        parentSignal.removeEventListener('abort', stop);
        unregister();
      };
    },
  };
}
