/**
 * Keeps one listener running per trigger node of every active workflow, for the listener
 * types it is given: reloads a workflow when a NOTIFY on the triggers channel names it, and
 * everything when the LISTEN connection (re)starts (notifications may have been missed).
 * A save that leaves a trigger's settings unchanged keeps its listener running (timers and
 * watchers are not reset); only the version it fires is swapped.
 */
import type { AppContext } from '../context';
import { loadActiveWorkflows, type ActiveWorkflow } from './active';
import { TRIGGERS_CHANNEL } from '../db/channels';
import type { ListenerStatus, ListenerType } from './types';
import type { Connector } from '../network/connector';
import { outboundConnector } from '../settings/service';
import { failedListener, startListener, stopListener, wantedListeners, type ListenerDeps, type Running, type Wanted } from './listeners';
import { createReloadQueue } from './reload-queue';

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

const RETRY_MS = 5000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { ctx } = options;
  const log = options.log ?? (() => {});
  const deps: ListenerDeps = { ctx, filesDir: options.filesDir ?? '', network: options.network ?? savedRulesConnector(ctx), log };
  const typeById = new Map(options.types.map((t) => [t.nodeType, t]));
  // By workflow id, then trigger node id.
  const running = new Map<string, Map<string, Running>>();
  const timers: { full?: NodeJS.Timeout; unlisten?: () => Promise<void> } = {};

  /** Brings the listeners of one workflow in line with its active version (null: none). */
  async function apply(workflowId: string, wf: ActiveWorkflow | null) {
    const { wanted, failures, failure } = await wantedListeners(ctx, typeById, workflowId, wf, log);
    const now = running.get(workflowId) ?? new Map<string, Running>();
    const next = await reconcile(deps, now, wanted);
    // Said once per change, not at every reload.
    const saidBefore = failures.some((f) => now.get(f.nodeId)?.status.message === f.message);
    if (failure && !saidBefore) log(failure);
    for (const status of failures) next.set(status.nodeId, failedListener(status));
    const earlierFailure = new Map([...now].filter(([, r]) => r.status.state === 'failed').map(([id, r]) => [id, r.status.message]));
    for (const [nodeId, want] of wanted) next.set(nodeId, startListener(deps, want, earlierFailure.get(nodeId)));
    if (next.size) running.set(workflowId, next);
    else running.delete(workflowId);
  }

  const queue = createReloadQueue({
    retryMs: RETRY_MS,
    log,
    async reloadAll() {
      const active = await loadActiveWorkflows(ctx.sql);
      const seen = new Set(active.map((wf) => wf.id));
      for (const wf of active) await apply(wf.id, wf);
      for (const workflowId of [...running.keys()]) if (!seen.has(workflowId)) await apply(workflowId, null);
    },
    async reloadOne(workflowId) {
      const [wf] = await loadActiveWorkflows(ctx.sql, workflowId);
      await apply(workflowId, wf ?? null);
    },
  });

  return {
    async start() {
      const listening = await ctx.sql.listen(
        TRIGGERS_CHANNEL,
        (payload) => queue.request(payload || undefined),
        // Called on every (re)connect: anything may have changed while it was down.
        () => queue.request(),
      );
      timers.unlisten = () => listening.unlisten();
      queue.request();
      timers.full = setInterval(() => queue.request(), options.fullReloadMs ?? 300_000);
      timers.full.unref();
      await queue.settled();
    },
    async stop() {
      clearInterval(timers.full);
      const stopping = queue.stop();
      await timers.unlisten?.().catch(() => {});
      await stopping;
      const all = [...running.values()].flatMap((byNode) => [...byNode.values()]);
      running.clear();
      await Promise.all(all.map((r) => stopListener(r, log)));
    },
    status: () => [...running.values()].flatMap((byNode) => [...byNode.values()].map((r) => ({ ...r.status }))),
    settled: () => queue.settled(),
  };
}

/**
 * Keeps the running listeners whose trigger is still wanted with unchanged settings (only the
 * version they fire is swapped) and stops the others. Takes what it keeps out of `wanted`.
 */
async function reconcile(
  deps: ListenerDeps,
  now: ReadonlyMap<string, Running>,
  wanted: Map<string, Wanted>,
): Promise<Map<string, Running>> {
  const kept = new Map<string, Running>();
  for (const [nodeId, r] of now) {
    const want = wanted.get(nodeId);
    if (want && r.holder && want.fingerprint === r.fingerprint && r.status.state !== 'failed') {
      r.holder.target = want.target;
      wanted.delete(nodeId);
      kept.set(nodeId, r);
      continue;
    }
    await stopListener(r, deps.log);
  }
  return kept;
}
