/**
 * Before a run's first step: the document it runs (secrets opened, steps upgraded, Settings
 * defaults applied), the checks that fail it before anything runs, and the state it starts from
 * (a resumed run continues from its stored results; "run from here" reuses an earlier run's).
 */
import type { Sql } from 'postgres';
import type { NodeDefinition } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import { buildGraph, type Graph } from '../../core/graph';
import { withInstanceDefaults } from '../../core/instance-defaults';
import { withoutLoopBodies } from '../../core/loop-body';
import { pageStepsToRedo, type PageRules } from '../../core/page-replay';
import { nodesFrom, type NodeState } from '../../core/plan';
import { upgradedForRun } from '../../core/upgrade';
import type { NodeTypeLookup } from '../../core/validate';
import { unreadableSecretsMessage, type OpenedDocument } from '../credentials/step-secrets-at-rest';
import { loadSettledStates, type NodeError, type RunForExecution } from '../db/run-store';
import { nodeDefaultsOf, switchedOffStep } from '../settings/runtime';
import type { Settings } from '../../core/settings-schema';
import type { ResultSink } from './result-sink';

export interface PreparedRun {
  doc: WorkflowDocument;
  graph: Graph;
  defs: Map<string, NodeDefinition>;
  startNodeId: string;
}

export interface PrepareDeps {
  lookup: NodeTypeLookup;
  openSecrets?(document: WorkflowDocument): Promise<OpenedDocument>;
}

/** The run ready to start, or why it fails before any step runs. */
export async function prepareRun(
  deps: PrepareDeps,
  run: RunForExecution,
  settings: Settings,
): Promise<PreparedRun | { error: NodeError & { nodeId?: string } }> {
  // Secrets typed into steps are opened for this run only; what is stored stays encrypted.
  const opened = deps.openSecrets ? await deps.openSecrets(run.document) : { document: run.document, unreadable: [] };
  if (opened.unreadable.length > 0) return { error: { message: unreadableSecretsMessage(opened.unreadable), code: 'config' } };
  // Steps left at 0 retries / no time limit get the Settings defaults (core/instance-defaults.ts).
  // Steps saved with an older version of their plugin or built-in type run upgraded (migrate).
  const doc = withInstanceDefaults(upgradedForRun(opened.document, deps.lookup), nodeDefaultsOf(settings));
  const defs = new Map<string, NodeDefinition>();
  for (const node of doc.nodes) {
    const def = deps.lookup(node.type);
    if (!def) {
      const message = `Step "${node.name}" has the type "${node.type}", which this TaskMaster does not know.`;
      return { error: { message, code: 'config', nodeId: node.id } };
    }
    defs.set(node.id, def);
  }
  // A step whose feature an admin turned off (Settings → Features) fails the run before anything runs.
  const off = switchedOffStep(doc.nodes, defs, settings);
  if (off) return { error: off };
  const startNodeId = run.triggerNodeId ?? doc.nodes.find((n) => defs.get(n.id)?.category === 'trigger')?.id;
  if (!startNodeId) return { error: { message: 'The workflow has no trigger.', code: 'config' } };
  return { doc, graph: graphOf(doc), defs, startNodeId };
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

export interface StartState {
  state: Map<string, NodeState>;
  attemptsMade: Map<string, number>;
}

/** What is stored already: a resumed run continues from here. */
export async function startState(
  sql: Sql,
  run: RunForExecution,
  runId: string,
  prepared: Pick<PreparedRun, 'graph' | 'defs'>,
  sink: ResultSink,
): Promise<StartState> {
  const { graph } = prepared;
  // Large outputs stay in their pages (`stored`): steps read them back when they need them (stream-step.ts).
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
  // The page a stored Open page step opened died with the process that ran it: open it again.
  if (stored.size) {
    const toRun = new Set([...graph.nodes.keys()].filter((id) => !state.has(id)));
    for (const id of pageStepsToRedo(graph, toRun, pageRulesOf(prepared))) state.delete(id);
  }
  if (run.startNodeId && run.sourceRunId) {
    await reuseEarlierResults(sql, run.sourceRunId, runId, prepared, run.startNodeId, state, sink);
  }
  return { state, attemptsMade };
}

/** "Run from here": every node before the chosen one keeps its result from the earlier run. */
async function reuseEarlierResults(
  sql: Sql,
  sourceRunId: string,
  runId: string,
  prepared: Pick<PreparedRun, 'graph' | 'defs'>,
  startNodeId: string,
  state: Map<string, NodeState>,
  sink: ResultSink,
): Promise<void> {
  const { graph } = prepared;
  const rerun = nodesFrom(graph, startNodeId);
  // Browser steps from here on need the page their Open page step opened in the earlier run.
  for (const id of pageStepsToRedo(graph, rerun, pageRulesOf(prepared))) rerun.add(id);
  const earlier = await loadSettledStates(sql, sourceRunId);
  for (const [nodeId, s] of earlier) {
    if (rerun.has(nodeId) || state.has(nodeId) || !graph.nodes.has(nodeId)) continue;
    const now = new Date();
    const logs = [{ level: 'info' as const, message: `Result reused from run ${sourceRunId}.`, at: now.toISOString() }];
    const status = s.status === 'succeeded' || s.status === 'skipped' ? s.status : 'skipped';
    const timing = { startedAt: now, finishedAt: now, durationMs: 0 };
    const record = { runId, nodeId, attempt: 1, status, inputCounts: {}, outputs: s.outputs ?? {}, logs, error: null, ...timing };
    await sink.store(record, false, false);
    state.set(nodeId, { status, outputs: s.outputs });
  }
}

/** Which steps open a web page and which work on one, from their types (core/page-replay.ts). */
function pageRulesOf({ graph, defs }: Pick<PreparedRun, 'graph' | 'defs'>): PageRules {
  const opens = (id: string) => defs.get(id)?.id === OPEN_PAGE;
  const perItem = (id: string) => defs.get(id)?.eachItem?.(graph.nodes.get(id)!.config) != null;
  return {
    usesPage: (id) => defs.get(id)?.group === 'Browser' && !opens(id),
    opensPage: (id) => opens(id) && !perItem(id),
    opensPagePerItem: (id) => opens(id) && perItem(id),
  };
}

const OPEN_PAGE = 'browser-open';
