/**
 * Keeps one listener running per trigger node of every active workflow, for the listener
 * types it is given: reloads a workflow when a NOTIFY on the triggers channel names it, and
 * everything when the LISTEN connection (re)starts (notifications may have been missed).
 * A save that leaves a trigger's settings unchanged keeps its listener running (timers and
 * watchers are not reset); only the version it fires is swapped.
 */
import { openTypedSecrets, unreadableSecretsMessage } from '../credentials/step-secrets-at-rest';
import { validateGraph } from '../../core/validate';
import type { AppContext } from '../context';
import { loadActiveWorkflows, type ActiveWorkflow } from './active';
import { TRIGGERS_CHANNEL } from '../db/channels';
import { fireNow, fireTrigger } from './fire';
import { readTriggerState, swapTriggerState } from './state';
import type { Listener, ListenerStatus, ListenerType, TriggerTarget } from './types';
import type { Connector } from '../network/connector';
import { outboundConnector } from '../settings/service';

/** Without a worker in this process: the rules as saved, read at each connection. */
function savedRulesConnector(ctx: AppContext): Connector {
  return {
    fetch: async (input, init) => (await outboundConnector(ctx.sql)).fetch(input, init),
    resolveHost: async (host) => (await outboundConnector(ctx.sql)).resolveHost(host),
  };
}

export interface SupervisorOptions {
  ctx: AppContext;
  types: ListenerType[];
  /** Where relative folders of file triggers point (only they use it). */
  filesDir?: string;
  /** The worker's guarded connector (server/network/connector.ts); default: one reading the saved rules at each connection. */
  network?: Connector;
  log?: (message: string) => void;
  /** Full reload as a safety net, in case a notification was lost (default 5 minutes). */
  fullReloadMs?: number;
}

export interface Supervisor {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ListenerStatus[];
  /** Resolves when no reload is pending or running (tests). */
  settled(): Promise<void>;
}

interface Running {
  fingerprint: string;
  /** Null for a trigger that could not start (its status says why). */
  holder: { target: TriggerTarget } | null;
  listener: Listener | null;
  controller: AbortController;
  status: ListenerStatus;
}

const RETRY_MS = 5000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { ctx } = options;
  const filesDir = options.filesDir ?? '';
  const log = options.log ?? (() => {});
  const network = options.network ?? savedRulesConnector(ctx);
  const typeById = new Map(options.types.map((t) => [t.nodeType, t]));
  const running = new Map<string, Running>();
  const pendingIds = new Set<string>();
  let pendingAll = false;
  let draining: Promise<void> | null = null;
  let stopped = false;
  let unlisten: (() => Promise<void>) | null = null;
  let fullTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const keyOf = (workflowId: string, nodeId: string) => `${workflowId}\u0000${nodeId}`;

  function request(workflowId?: string) {
    if (stopped) return;
    if (workflowId) pendingIds.add(workflowId);
    else pendingAll = true;
    draining ??= drain().finally(() => (draining = null));
  }

  async function drain(): Promise<void> {
    while (!stopped && (pendingAll || pendingIds.size > 0)) {
      const all = pendingAll;
      const ids = [...pendingIds];
      pendingAll = false;
      pendingIds.clear();
      try {
        if (all) await reloadAll();
        else for (const id of ids) await reloadOne(id);
      } catch (err) {
        log(`Could not read the active workflows (${(err as Error).message}); trying again in ${RETRY_MS / 1000} s.`);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => request(), RETRY_MS);
        retryTimer.unref();
      }
    }
  }

  async function reloadAll() {
    const active = await loadActiveWorkflows(ctx.sql);
    const seen = new Set(active.map((wf) => wf.id));
    for (const wf of active) await apply(wf.id, wf);
    for (const r of [...running.values()]) if (!seen.has(r.status.workflowId)) await apply(r.status.workflowId, null);
  }

  async function reloadOne(workflowId: string) {
    const [wf] = await loadActiveWorkflows(ctx.sql, workflowId);
    await apply(workflowId, wf ?? null);
  }

  /** Brings the listeners of one workflow in line with its active version (null: none). */
  async function apply(workflowId: string, wf: ActiveWorkflow | null) {
    const wanted = new Map<string, { target: TriggerTarget; type: ListenerType; fingerprint: string }>();
    const failures: ListenerStatus[] = [];
    let failure = '';
    if (wf?.document) {
      const doc = wf.document;
      const triggers = doc.nodes.filter((n) => !n.disabled && typeById.has(n.type));
      const problems = triggers.length ? validateGraph(doc, ctx.lookup) : [];
      if (problems.length)
        failure = `The workflow "${wf.name}" has problems, so its triggers are off: ${problems.map((p) => p.message).join(' ')}`;
      for (const node of triggers) {
        const type = typeById.get(node.type)!;
        if (problems.length) {
          failures.push({ workflowId, nodeId: node.id, nodeType: node.type, state: 'failed', message: failure });
          continue;
        }
        // The listener gets its own secrets opened (a connection string, a secret header value);
        // the document its runs store keeps them encrypted.
        const opened = await openTypedSecrets({ ...doc, nodes: [node] }, ctx.lookup, ctx.keys);
        if (opened.unreadable.length > 0) {
          failures.push({
            workflowId,
            nodeId: node.id,
            nodeType: node.type,
            state: 'failed',
            message: unreadableSecretsMessage(opened.unreadable),
          });
          continue;
        }
        const target = { workflowId, workflowName: wf.name, workflowVersion: wf.version, document: doc, node: opened.document.nodes[0] };
        wanted.set(node.id, { target, type, fingerprint: `${node.type}@${node.typeVersion}:${JSON.stringify(node.config)}` });
      }
    } else if (wf?.problem) {
      log(`Workflow "${wf.name}": triggers are off because ${wf.problem}.`);
    }

    // Said once per change, not at every reload.
    const saidBefore = failures.some((f) => running.get(keyOf(workflowId, f.nodeId))?.status.message === f.message);
    const earlierFailure = new Map<string, string>();
    for (const [key, r] of [...running]) {
      if (r.status.workflowId !== workflowId) continue;
      if (r.status.state === 'failed' && r.status.message) earlierFailure.set(r.status.nodeId, r.status.message);
      const want = wanted.get(r.status.nodeId);
      if (want && r.holder && want.fingerprint === r.fingerprint && r.status.state !== 'failed') {
        r.holder.target = want.target;
        wanted.delete(r.status.nodeId);
        continue;
      }
      running.delete(key);
      await stopOne(r);
    }
    if (failure && !saidBefore) log(failure);
    for (const status of failures) {
      running.set(keyOf(workflowId, status.nodeId), {
        fingerprint: '',
        holder: null,
        listener: null,
        controller: new AbortController(),
        status,
      });
    }
    for (const [nodeId, want] of wanted) {
      running.set(keyOf(workflowId, nodeId), startOne(want.type, want.target, want.fingerprint, earlierFailure.get(nodeId)));
    }
  }

  /** Starts a listener; `earlierFailure` (the same trigger's last failure) is not logged again. */
  function startOne(type: ListenerType, target: TriggerTarget, fingerprint: string, earlierFailure?: string): Running {
    const { workflowId, node } = target;
    const status: ListenerStatus = { workflowId, nodeId: node.id, nodeType: node.type, state: 'starting' };
    const holder = { target };
    const controller = new AbortController();
    const r: Running = { fingerprint, holder, listener: null, controller, status };
    const say = (message: string) => log(`Workflow "${holder.target.workflowName}", trigger "${holder.target.node.name}": ${message}`);
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
        target: () => holder.target,
        fire: (payload) => fireNow(ctx.sql, holder.target, type.kind, payload),
        fireIn: (decide) => fireTrigger(ctx.sql, holder.target, type.kind, decide),
        readState: () => readTriggerState(ctx.sql, workflowId, node.id),
        swapState: (expected, next, tx) => swapTriggerState(tx ?? ctx.sql, workflowId, node.id, expected, next),
        sql: ctx.sql,
        filesDir,
        fetch: network.fetch,
        resolveHost: network.resolveHost,
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

  async function stopOne(r: Running) {
    r.controller.abort();
    await r.listener?.stop().catch((err: unknown) => log(`A trigger did not stop cleanly: ${String(err)}`));
  }

  return {
    async start() {
      const listening = await ctx.sql.listen(
        TRIGGERS_CHANNEL,
        (payload) => request(payload || undefined),
        // Called on every (re)connect: anything may have changed while it was down.
        () => request(),
      );
      unlisten = () => listening.unlisten();
      request();
      fullTimer = setInterval(() => request(), options.fullReloadMs ?? 300_000);
      fullTimer.unref();
      await draining;
    },
    async stop() {
      stopped = true;
      clearInterval(fullTimer);
      clearTimeout(retryTimer);
      await unlisten?.().catch(() => {});
      await draining;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map(stopOne));
    },
    status: () => [...running.values()].map((r) => ({ ...r.status })),
    async settled() {
      while (draining) await draining;
    },
  };
}
