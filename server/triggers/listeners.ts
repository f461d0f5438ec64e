/**
 * The trigger supervisor's listeners: which ones a workflow's active version wants (or why its
 * triggers can't listen), and starting and stopping one. supervisor.ts keeps them in line.
 */
import { openTypedSecrets, unreadableSecretsMessage } from '../credentials/step-secrets-at-rest';
import { validateGraph } from '../../core/validate';
import type { AppContext } from '../context';
import type { ActiveWorkflow } from './active';
import { fireNow, fireTrigger } from './fire';
import { readTriggerState, swapTriggerState } from '../db/triggers';
import type { Listener, ListenerStatus, ListenerType, TriggerTarget } from './types';
import type { Connector } from '../network/connector';
import { workflowZone } from '../config-zone';

export interface Running {
  fingerprint: string;
  /** Null for a trigger that could not start (its status says why). */
  holder: { target: TriggerTarget } | null;
  listener: Listener | null;
  controller: AbortController;
  status: ListenerStatus;
}

export interface Wanted {
  target: TriggerTarget;
  type: ListenerType;
  /** Same fingerprint: a save left the trigger's settings alone, its listener keeps running. */
  fingerprint: string;
}

export interface WantedListeners {
  wanted: Map<string, Wanted>;
  /** Triggers that can't listen, with the reason in their status. */
  failures: ListenerStatus[];
  /** Why the whole workflow's triggers are off ('' when they are not). */
  failure: string;
}

/** The listeners a workflow's active version (null: none) wants, by trigger node id. */
export async function wantedListeners(
  ctx: AppContext,
  typeById: ReadonlyMap<string, ListenerType>,
  workflowId: string,
  wf: ActiveWorkflow | null,
  log: (message: string) => void,
): Promise<WantedListeners> {
  const result: WantedListeners = { wanted: new Map(), failures: [], failure: '' };
  if (!wf?.document) {
    if (wf?.problem) log(`Workflow "${wf.name}": triggers are off because ${wf.problem}.`);
    return result;
  }
  const doc = wf.document;
  const triggers = doc.nodes.filter((n) => !n.disabled && typeById.has(n.type));
  const problems = triggers.length ? validateGraph(doc, ctx.lookup) : [];
  if (problems.length)
    result.failure = `The workflow "${wf.name}" has problems, so its triggers are off: ${problems.map((p) => p.message).join(' ')}`;
  for (const node of triggers) {
    const failed = (message: string) =>
      result.failures.push({ workflowId, nodeId: node.id, nodeType: node.type, state: 'failed', message });
    if (problems.length) {
      failed(result.failure);
      continue;
    }
    // The listener gets its own secrets opened (a connection string, a secret header value);
    // the document its runs store keeps them encrypted.
    const opened = await openTypedSecrets({ ...doc, nodes: [node] }, ctx.lookup, ctx.keys);
    if (opened.unreadable.length > 0) {
      failed(unreadableSecretsMessage(opened.unreadable));
      continue;
    }
    const target = { workflowId, workflowName: wf.name, workflowVersion: wf.version, document: doc, node: opened.document.nodes[0] };
    // The workflow's zone is part of it: a schedule without a zone of its own restarts on the new clock.
    const fingerprint = `${node.type}@${node.typeVersion}:${JSON.stringify(node.config)}:${workflowZone(doc)}`;
    result.wanted.set(node.id, { target, type: typeById.get(node.type)!, fingerprint });
  }
  return result;
}

/** A trigger that could not start: kept only for its status. */
export function failedListener(status: ListenerStatus): Running {
  return { fingerprint: '', holder: null, listener: null, controller: new AbortController(), status };
}

export interface ListenerDeps {
  ctx: AppContext;
  filesDir: string;
  network: Connector;
  log(message: string): void;
}

/** Starts a listener; `earlierFailure` (the same trigger's last failure) is not logged again. */
export function startListener(deps: ListenerDeps, want: Wanted, earlierFailure?: string): Running {
  const { ctx } = deps;
  const { type, target, fingerprint } = want;
  const { workflowId, node } = target;
  const status: ListenerStatus = { workflowId, nodeId: node.id, nodeType: node.type, state: 'starting' };
  const holder = { target };
  const controller = new AbortController();
  const r: Running = { fingerprint, holder, listener: null, controller, status };
  const say = (message: string) => deps.log(`Workflow "${holder.target.workflowName}", trigger "${holder.target.node.name}": ${message}`);
  const fail = (err: unknown) => {
    status.state = 'failed';
    status.message = err instanceof Error ? err.message : String(err);
    if (status.message !== earlierFailure) say(`not listening: ${status.message}`);
  };
  const parsed = type.config.safeParse(node.config);
  if (!parsed.success) {
    fail(new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join(' ')));
    return r;
  }
  try {
    r.listener = type.start({
      config: parsed.data,
      workflowId,
      nodeId: node.id,
      zone: workflowZone(target.document),
      target: () => holder.target,
      fire: (payload) => fireNow(ctx.sql, holder.target, type.kind, payload),
      fireIn: (decide) => fireTrigger(ctx.sql, holder.target, type.kind, decide),
      readState: () => readTriggerState(ctx.sql, workflowId, node.id),
      swapState: (expected, next, tx) => swapTriggerState(tx ?? ctx.sql, workflowId, node.id, expected, next),
      sql: ctx.sql,
      filesDir: deps.filesDir,
      fetch: deps.network.fetch,
      resolveHost: deps.network.resolveHost,
      signal: controller.signal,
      log: say,
    });
    r.listener.ready.then(
      () => {
        if (status.state === 'starting') status.state = 'listening';
      },
      (err: unknown) => {
        if (!controller.signal.aborted) fail(err);
      },
    );
  } catch (err) {
    fail(err);
  }
  return r;
}

export async function stopListener(r: Running, log: (message: string) => void): Promise<void> {
  r.controller.abort();
  await r.listener?.stop().catch((err: unknown) => log(`A trigger did not stop cleanly: ${String(err)}`));
}
