/**
 * The run loop: the shell around the planning core. Loads what a run has stored, asks the
 * planner which nodes are ready, runs them (independent branches in parallel), and stores each
 * result before the nodes after it start. A resumed run (after a crash) starts from the stored
 * results, so nothing that succeeded runs again.
 */
import { unreadableSecretsMessage, type OpenedDocument } from '../credentials/step-secrets-at-rest';
import { upgradedForRun } from '../../core/upgrade';
import { workflowZone } from '../config-zone';
import type { Sql } from 'postgres';
import type { HandleItems, Item, NodeDefinition, NotificationEntry } from '../../nodes/types';
import type { WorkflowDocument, WorkflowNode } from '../../core/document';
import { buildGraph, type Graph } from '../../core/graph';
import { withoutLoopBodies } from '../../core/loop-body';
import { nodesFrom, SETTLED, type NodeState, type Plan, type StoredOutput } from '../../core/plan';
import { createReadiness } from '../../core/readiness';
import type { NodeTypeLookup } from '../../core/validate';
import {
  announceNodeRunning,
  announceRunRunning,
  claimRunForExecution,
  finishRun,
  fitsOneRow,
  loadSettledStates,
  recordNodeResults,
  resultWriter,
  recordSkipped,
  type NodeError,
  type NodeRecord,
  type RunForExecution,
  type StepWarning,
} from '../db/run-store';
import { skippedSideEffectWarning } from '../../core/skip-reasons';
import { abortableSleep } from '../../nodes/lib/abort';
import { executeAttempt, RunAborted } from './execute-node';
import { inputsWithStored, runStreamed, streamsHere, upstreamWithStored } from './stream-step';
import { chainAt, runChainInRun, type EachItemChain } from './each-item';
import { publishLocalRunEnd } from '../run-ends';
import { heldResults } from './held-results';
import type { BrowserPool } from '../browser/pool';
import type { CredentialSource } from '../credentials/grant';
import { insertNotification } from '../db/notifications';
import { withInstanceDefaults } from '../../core/instance-defaults';
import { variableScope } from '../../core/variables';
import { callDepthOf, subflowAccess } from './subflows';
import { fixedSettings, type SettingsReader } from '../settings/store';
import { defaultCredentialsOf, nodeDefaultsOf, outboundRulesOf, outputLimitBytesOf, policyOf, switchedOffStep } from '../settings/runtime';
import { resolveChecked } from '../network/connector';

export interface RunDeps {
  sql: Sql;
  lookup: NodeTypeLookup;
  fetch: typeof fetch;
  /** Folder for Load/Save nodes. */
  dataDir: string;
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

type StoreFn = (record: NodeRecord, sync: boolean) => Promise<void>;

/** A node announces "running" only when it takes longer than this: fast nodes cost no extra write. */
const ANNOUNCE_AFTER_MS = 25;

/** Parallel nodes per run; more would only compete for the same two cores. */
const MAX_PARALLEL_NODES = 8;

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'missing' | 'already-finished';

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
  // Steps left at 0 retries / no time limit get the Settings defaults (server/engine/instance-defaults.ts).
  // Steps saved with an older version of their plugin or built-in type run upgraded (migrate).
  // Secrets typed into steps are opened for this run only; what is stored stays encrypted.
  const opened = deps.openSecrets ? await deps.openSecrets(run.document) : { document: run.document, unreadable: [] };
  const endBase = {
    runId,
    workflowId: run.workflowId,
    document: run.document,
    triggerKind: run.triggerKind,
    triggerPayload: run.triggerPayload,
    startedAt: new Date(),
  };
  if (opened.unreadable.length > 0) {
    const error = { message: unreadableSecretsMessage(opened.unreadable), code: 'config' as const };
    await finishRun(sql, runId, run.workflowId, 'failed', error);
    // Its alerts still go out: a key that can't open the secrets is exactly what someone must hear about.
    deps.onRunEnd?.({ ...endBase, status: 'failed', error, nodes: new Map() });
    return 'failed';
  }
  const doc = withInstanceDefaults(upgradedForRun(opened.document, deps.lookup), nodeDefaultsOf(settings.current()));
  const graph = graphOf(doc);
  const defs = new Map<string, NodeDefinition>();
  for (const node of doc.nodes) {
    const def = deps.lookup(node.type);
    if (!def) {
      const error = {
        message: `Step "${node.name}" has the type "${node.type}", which this TaskMaster does not know.`,
        code: 'config' as const,
        nodeId: node.id,
      };
      await finishRun(sql, runId, run.workflowId, 'failed', error);
      deps.onRunEnd?.({ ...endBase, status: 'failed', error, nodes: new Map() });
      return 'failed';
    }
    defs.set(node.id, def);
  }
  // A step whose feature an admin turned off (Settings → Features) fails the run before anything runs.
  const off = switchedOffStep(doc.nodes, defs, settings.current());
  if (off) {
    await finishRun(sql, runId, run.workflowId, 'failed', off);
    deps.onRunEnd?.({ ...endBase, status: 'failed', error: off, nodes: new Map() });
    return 'failed';
  }
  const isTrigger = (id: string) => defs.get(id)?.category === 'trigger';
  const startNodeId = run.triggerNodeId ?? doc.nodes.find((n) => isTrigger(n.id))?.id;
  if (!startNodeId) {
    const error = { message: 'The workflow has no trigger.', code: 'config' as const };
    await finishRun(sql, runId, run.workflowId, 'failed', error);
    deps.onRunEnd?.({ ...endBase, status: 'failed', error, nodes: new Map() });
    return 'failed';
  }

  const controller = new AbortController();
  const unregister = deps.onRunStart(runId, controller, doc.name);
  const onShutdown = () => controller.abort(new RunAborted('shutdown'));
  if (deps.shutdownSignal.aborted) onShutdown();
  else deps.shutdownSignal.addEventListener('abort', onShutdown, { once: true });
  // Opened by the first Browser node; closed (below) before the run's end is stored, and on
  // every other way out, so no browser outlives its run.
  const browser = deps.browsers?.forRun(runId, controller.signal);
  // Results of parallel branches that finish while one is being written share the next statement.
  const writers = { sync: resultWriter(sql), async: resultWriter(deps.sqlAsync ?? sql) };
  // Other results of nodes without side effects go with the run's next write (held-results.ts).
  const held = heldResults((records) => writers.async.writeMany(records));

  try {
    announceRunRunning(sql, runId, run.workflowId);
    const durable = doc.settings.durability === 'node';
    const buffered: NodeRecord[] = [];
    // A node without side effects can safely run again after a crash, so its result need not
    // wait for the disk (asynchronous commit); one with side effects waits (synchronous commit),
    // which also flushes every earlier result.
    // The success of a node without side effects that ends the run is stored with the run's end,
    // in one statement (nothing starts after it, and it may run again after a crash).
    let endsRun: (nodeId: string) => boolean = () => false;
    let last: NodeRecord | null = null;
    const store: StoreFn = async (record, sync) => {
      if (!durable) buffered.push(record);
      else if (!sync && record.status === 'succeeded' && endsRun(record.nodeId)) last = record;
      else if (!sync && fitsOneRow(record)) held.hold(record);
      else await writers[sync ? 'sync' : 'async'].writeMany([...(await held.take()), record]);
    };

    // What is stored already: a resumed run continues from here.
    // Large outputs stay in their pages (`stored`): steps read them back when they need them.
    const stored: Awaited<ReturnType<typeof loadSettledStates>> = run.hasResults
      ? await loadSettledStates(sql, runId, { pagesStay: true })
      : new Map();
    const state = new Map<string, NodeState>();
    const attemptsMade = new Map<string, number>();
    for (const [nodeId, s] of stored) {
      const node = graph.nodes.get(nodeId);
      attemptsMade.set(nodeId, s.attempt);
      // A failed attempt with retries left was interrupted between attempts: retry it.
      if (s.status === 'failed' && node && s.attempt <= node.settings.retries) continue;
      state.set(nodeId, { status: s.status, outputs: s.outputs, stored: s.stored });
    }
    if (run.startNodeId && run.sourceRunId) {
      await reuseEarlierResults(sql, run.sourceRunId, runId, graph, run.startNodeId, state, store);
    }

    const upstream = new Map<string, HandleItems>();
    for (const [id, s] of state) if (s.status === 'succeeded' && s.outputs) upstream.set(id, s.outputs);
    const env = {
      run: { id: runId, workflowId: run.workflowId },
      workflow: run.workflow,
      zone: workflowZone(doc),
      startedAt: run.startedAt.toISOString(),
      vars: variableScope(settings.current().variables, doc.variables),
      subflowsFor: (nodeId: string) =>
        subflowAccess({
          sql,
          runId,
          nodeId,
          depth: callDepthOf(run.triggerKind, run.triggerPayload),
          // As stored (secrets still sealed): a round of a repeated group runs these steps.
          document: run.document,
          workflow: { id: run.workflowId, name: run.workflow.name },
          runChild: (childId) => executeRun(childDeps(deps, controller.signal), childId),
        }),
      trigger: { kind: run.triggerKind, payload: run.triggerPayload },
      upstream,
      runSignal: controller.signal,
      fetch: deps.fetch,
      // Non-HTTP connections (mail, databases): checked against the rules as each one opens.
      resolveHost: (host: string) => resolveChecked(host, outboundRulesOf(settings.current())),
      dataDir: deps.dataDir,
      browser,
      credentials: deps.credentials,
      // Read as each step starts: turning the shell step off in Settings stops the next one.
      get policy() {
        return policyOf(settings.current());
      },
      get defaultCredentials() {
        return defaultCredentialsOf(settings.current());
      },
      get outputLimitBytes() {
        return outputLimitBytesOf(settings.current());
      },
      notify: async (entry: NotificationEntry & { nodeId: string }) => {
        await insertNotification(sql, { ...entry, workflowId: run.workflowId, runId });
      },
    };

    let failure: (NodeError & { nodeId: string }) | null = null;
    const inFlight = new Map<string, Promise<void>>();
    // Decided incrementally: after a node settles, only the nodes behind it are looked at.
    const readiness = createReadiness(graph, state, { startNodeId, isTrigger });
    const position = new Map(graph.order.map((id, i) => [id, i]));
    // Ready nodes not started yet (at most MAX_PARALLEL_NODES run at once), in document order.
    const waiting: string[] = [];
    let toSkip: string[] = [];
    const take = (plan: Plan) => {
      // Steps of a chain run for each item settle with its head: they are ready, but done.
      waiting.push(...plan.ready.filter((id) => !SETTLED.has(state.get(id)?.status ?? 'pending')));
      if (waiting.length > plan.ready.length) waiting.sort((a, b) => position.get(a)! - position.get(b)!);
      toSkip.push(...plan.skipped);
    };
    take(readiness.first);
    endsRun = (nodeId) =>
      graph.outgoing.get(nodeId)!.length === 0 &&
      readiness.unsettled() === 1 &&
      inFlight.size === 1 &&
      waiting.length === 0 &&
      toSkip.length === 0;

    const runOne = async (node: WorkflowNode): Promise<void> => {
      const chain = chainAt(graph, defs, node.id);
      if (chain) return runEachItem(chain);
      const def = defs.get(node.id)!;
      const attemptsBefore = attemptsMade.get(node.id) ?? 0;
      let outcome: NodeOutcome & { stored?: StoredOutput };
      if (streamsHere(def, node, doc)) {
        // Page by page, its output stored as it comes (server/worker/stream-step.ts).
        const flushHeld = async () => writers.async.writeMany(await held.take());
        outcome = await runStreamed({ ...deps, def, node, graph, state, env, runId, attemptsBefore, store, flushHeld });
      } else {
        const inputs = await inputsWithStored(sql, graph, state, node.id);
        await upstreamWithStored(sql, state, upstream, node);
        outcome = await runWithRetries(deps, def, node, inputs, env, attemptsBefore, store, runId, failsOnWarning(doc, node));
      }
      if (outcome.status === 'succeeded' && !outcome.stored) upstream.set(node.id, outcome.outputs);
      else if (outcome.status === 'failed' && !failure) failure = { ...outcome.error!, nodeId: node.id };
      state.set(
        node.id,
        outcome.stored ? { status: outcome.status, stored: outcome.stored } : { status: outcome.status, outputs: outcome.outputs },
      );
      take(readiness.settle(node.id, state.get(node.id)!));
    };

    // A step set to run for each item, with the steps after it on its page (server/worker/each-item.ts).
    const runEachItem = async (chain: EachItemChain): Promise<void> => {
      const items = (await inputsWithStored(sql, graph, state, chain.steps[0].node.id)).main ?? [];
      const shell = { sql, sqlAsync: deps.sqlAsync ?? sql, runId, store, attemptsMade };
      const outcomes = await runChainInRun(shell, chain, items, env, (n) => failsOnWarning(doc, n));
      for (const o of outcomes) {
        if (o.status === 'succeeded') upstream.set(o.nodeId, o.outputs);
        else if (o.status === 'failed' && !failure) failure = { ...o.error!, nodeId: o.nodeId };
        state.set(o.nodeId, { status: o.status, outputs: o.outputs });
      }
      for (const o of outcomes) take(readiness.settle(o.nodeId, state.get(o.nodeId)!));
    };

    try {
      await drive();
    } catch (error) {
      // A write failed (the database went away): stop the other branches before handing the
      // run back, or they would still be running when it resumes and runs them again.
      controller.abort(new RunAborted('shutdown'));
      await Promise.allSettled(inFlight.values());
      throw error;
    }

    async function drive() {
      for (;;) {
        if (!failure && !controller.signal.aborted && !deps.drainSignal?.aborted) {
          if (toSkip.length) {
            const skipped = toSkip;
            toSkip = [];
            for (const id of skipped) state.set(id, { status: 'skipped' });
            const warnings = skipWarnings(graph, state, skipped, defs);
            if (durable) {
              await writers.async.writeMany(await held.take());
              await recordSkipped(sql, runId, skipped, warnings);
            } else for (const id of skipped) buffered.push({ ...skippedRecord(runId, id), warnings: warnings.get(id) ?? [] });
            const failing = [...warnings].find(([id]) => failsOnWarning(doc, graph.nodes.get(id)));
            if (!failure && failing) failure = { ...warningFailure(failing[1][0]), nodeId: failing[0] };
          }
          while (waiting.length && inFlight.size < MAX_PARALLEL_NODES) {
            const id = waiting.shift()!;
            state.set(id, { status: 'running' });
            const promise = runOne(graph.nodes.get(id)!).finally(() => inFlight.delete(id));
            inFlight.set(id, promise);
          }
          if (inFlight.size === 0 && readiness.finished()) break;
        }
        if (inFlight.size === 0) break;
        await Promise.race(inFlight.values());
      }
    }

    // Drained before its end: what ran is stored; the rest runs when the run resumes.
    if (!controller.signal.aborted && !failure && !readiness.finished()) controller.abort(new RunAborted('shutdown'));
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
    if (reason instanceof RunAborted && reason.why === 'shutdown') {
      await recordNodeResults(deps.sqlAsync ?? sql, [...(await held.take()), ...(last ? [last] : [])]);
      throw reason;
    }
    const cancelled = reason instanceof RunAborted && reason.why === 'cancelled';
    const status = cancelled ? 'cancelled' : failure ? 'failed' : 'succeeded';
    await browser?.close();
    // Kept results (all of them in `end` mode) are stored with the end: one statement, one commit.
    const kept = durable ? [...(await held.take()), ...(last ? [last] : [])] : buffered;
    await finishRun(sql, runId, run.workflowId, status, cancelled ? null : failure, kept, { nodeEvents: durable });
    // A webhook of this process waiting for this run answers from these results, not a re-read.
    publishLocalRunEnd(runId, { status, local: { error: cancelled ? null : failure, nodes: state } });
    deps.onRunEnd?.({ ...endBase, status, error: cancelled ? null : failure, nodes: state });
    return status;
  } finally {
    held.close();
    await browser?.close().catch(() => {});
    deps.shutdownSignal.removeEventListener('abort', onShutdown);
    unregister();
  }
}

interface NodeOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: HandleItems;
  error: NodeError | null;
}

/** Runs attempts until one succeeds or retries run out; every attempt is stored. */
async function runWithRetries(
  deps: RunDeps,
  def: NodeDefinition,
  node: WorkflowNode,
  inputs: HandleItems,
  env: Parameters<typeof executeAttempt>[3],
  attemptsBefore: number,
  store: StoreFn,
  runId: string,
  failOnWarning: boolean,
): Promise<NodeOutcome> {
  const sync = def.sideEffects === true;
  const inputCounts = Object.fromEntries(Object.entries(inputs).map(([h, items]) => [h, items.length]));
  const base = { runId, nodeId: node.id, inputCounts };

  if (node.pinnedOutput || node.disabled) {
    // A copy: the document (pinned data included) is shared by the runs of this process.
    const outputs = node.pinnedOutput ? structuredClone(node.pinnedOutput) : { main: inputs.main ?? [] };
    const message = node.pinnedOutput ? 'Used the pinned output; the step did not run.' : 'The step is turned off: items passed through.';
    const now = new Date();
    await store(
      {
        ...base,
        attempt: attemptsBefore + 1,
        status: 'succeeded',
        outputs,
        logs: [{ level: 'info', message, at: now.toISOString() }],
        error: null,
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
      },
      sync,
    );
    return { status: 'succeeded', outputs, error: null };
  }

  const maxAttempts = node.settings.retries + 1;
  for (let attempt = attemptsBefore + 1; ; attempt++) {
    const announce = setTimeout(
      () => void announceNodeRunning(deps.sqlAsync ?? deps.sql, runId, node.id, attempt).catch(() => {}),
      ANNOUNCE_AFTER_MS,
    );
    const result = await executeAttempt(def, node, inputs, env);
    clearTimeout(announce);
    deps.onStepEnd?.(node.type, result.durationMs, result.ok);
    const interrupted = result.error?.code === 'interrupted';
    if (interrupted) throw new RunAborted('shutdown'); // not stored: the node runs again on resume
    const cancelled = result.error?.code === 'cancelled';
    const timing = { startedAt: result.startedAt, finishedAt: result.finishedAt, durationMs: Math.round(result.durationMs * 1000) / 1000 };
    const warnings = result.warnings;
    if (result.ok && failOnWarning && warnings.length > 0) {
      // Not retried: the same items give the same warning.
      const error = warningFailure(warnings[0]);
      await store({ ...base, attempt, status: 'failed', outputs: {}, logs: result.logs, warnings, error, ...timing }, sync);
      return { status: 'failed', outputs: {}, error };
    }
    if (result.ok) {
      await store(
        { ...base, attempt, status: 'succeeded', outputs: result.outputs, logs: result.logs, warnings, error: null, ...timing },
        sync,
      );
      return { status: 'succeeded', outputs: result.outputs, error: null };
    }
    const last = cancelled || attempt >= maxAttempts;
    if (!last) {
      await store({ ...base, attempt, status: 'failed', outputs: {}, logs: result.logs, error: result.error, ...timing }, sync);
      const backoff = node.settings.retryBackoffMs * 2 ** (attempt - attemptsBefore - 1);
      try {
        await abortableSleep(backoff, env.runSignal);
      } catch (reason) {
        if (reason instanceof RunAborted && reason.why === 'shutdown') throw reason;
        return { status: 'cancelled', outputs: {}, error: { message: 'The run was cancelled.', code: 'cancelled' } };
      }
      continue;
    }
    if (cancelled) {
      await store({ ...base, attempt, status: 'cancelled', outputs: {}, logs: result.logs, error: result.error, ...timing }, sync);
      return { status: 'cancelled', outputs: {}, error: result.error };
    }
    // Out of attempts: the node's on-error setting decides what happens next.
    const error = result.error!;
    const onError = node.settings.onError;
    if (onError === 'stop') {
      await store({ ...base, attempt, status: 'failed', outputs: {}, logs: result.logs, error, ...timing }, sync);
      return { status: 'failed', outputs: {}, error };
    }
    const withError = withErrorField(inputs.main ?? Object.values(inputs)[0] ?? [{}], error);
    const outputs: HandleItems = onError === 'continue' ? { main: withError } : { error: withError };
    await store({ ...base, attempt, status: 'succeeded', outputs, logs: result.logs, error, ...timing }, sync);
    return { status: 'succeeded', outputs, error: null };
  }
}

const graphs = new WeakMap<WorkflowDocument, Graph>();

/** The document's graph, built once per (cached, shared) document. */
function graphOf(doc: WorkflowDocument): Graph {
  let graph = graphs.get(doc);
  if (!graph) {
    // Steps a Repeat until step repeats run in its rounds (child runs), not in this run.
    graph = buildGraph(withoutLoopBodies(doc));
    graphs.set(doc, graph);
  }
  return graph;
}

function withErrorField(items: Item[], error: NodeError): Item[] {
  return (items.length ? items : [{}]).map((item) => ({ ...item, error: error.message }));
}

/** A step's own choice, else the workflow's (Workflow settings → "When a step warns"). */
function failsOnWarning(doc: WorkflowDocument, node: WorkflowNode | undefined): boolean {
  return (node?.settings.onWarning ?? doc.settings.onWarning) === 'fail';
}

function warningFailure(warning: StepWarning): NodeError {
  return { code: 'warning', message: `Stopped on a warning (this workflow fails on warnings): ${warning.message}` };
}

/** Warnings for skipped steps with side effects whose input came out empty (server/engine/skip-reasons.ts). */
function skipWarnings(
  graph: Graph,
  state: ReadonlyMap<string, NodeState>,
  skipped: string[],
  defs: Map<string, NodeDefinition>,
): Map<string, StepWarning[]> {
  const warnings = new Map<string, StepWarning[]>();
  for (const id of skipped) {
    if (defs.get(id)?.sideEffects !== true) continue;
    const message = skippedSideEffectWarning(graph, state, id);
    if (message) warnings.set(id, [{ message }]);
  }
  return warnings;
}

function skippedRecord(runId: string, nodeId: string): NodeRecord {
  return {
    runId,
    nodeId,
    attempt: 1,
    status: 'skipped',
    inputCounts: {},
    outputs: {},
    logs: [],
    error: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  };
}

/** "Run from here": every node before the chosen one keeps its result from the earlier run. */
async function reuseEarlierResults(
  sql: Sql,
  sourceRunId: string,
  runId: string,
  graph: ReturnType<typeof buildGraph>,
  startNodeId: string,
  state: Map<string, NodeState>,
  store: StoreFn,
): Promise<void> {
  const rerun = nodesFrom(graph, startNodeId);
  const earlier = await loadSettledStates(sql, sourceRunId);
  for (const [nodeId, s] of earlier) {
    if (rerun.has(nodeId) || state.has(nodeId) || !graph.nodes.has(nodeId)) continue;
    const now = new Date();
    const logs = [{ level: 'info' as const, message: `Result reused from run ${sourceRunId}.`, at: now.toISOString() }];
    const status = s.status === 'succeeded' || s.status === 'skipped' ? s.status : 'skipped';
    await store(
      {
        runId,
        nodeId,
        attempt: 1,
        status,
        inputCounts: {},
        outputs: s.outputs ?? {},
        logs,
        error: null,
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
      },
      false,
    );
    state.set(nodeId, { status, outputs: s.outputs });
  }
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
