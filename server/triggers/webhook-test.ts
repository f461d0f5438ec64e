/**
 * Test addresses (/webhook-test/<path>): while someone in the editor listens, one request to the
 * address is handed to them instead of starting a run, so they can see what the caller sends.
 * Kept in memory: the listening request and the test request reach the same web server.
 */
import { openTypedSecrets, unreadableSecretsMessage } from '../credentials/step-secrets-at-rest';
import { webhookConfig, webhookPathOf, type WebhookConfig } from '../../nodes/webhook-trigger';
import { getWorkflow } from '../db/workflows';
import { NotFoundError } from '../errors';
import type { AppContext } from '../context';

export const TEST_LISTEN_MS = 120_000;

interface Waiter {
  config: WebhookConfig;
  deliver(payload: unknown): void;
}

const waiters = new Map<string, Set<Waiter>>();

/** Whoever listens on a test path: the settings to check the request with, and where it goes. */
export function testListener(path: string): { config: WebhookConfig; deliver(payload: unknown): void } | null {
  const set = waiters.get(path);
  const first = set?.values().next().value;
  if (!set || !first) return null;
  return {
    config: first.config,
    deliver(payload) {
      for (const w of [...set]) w.deliver(payload);
    },
  };
}

export interface TestListenResult {
  path: string;
  /** The request as the trigger would emit it; null when none came in time. */
  received: unknown;
  message: string;
}

/** Waits (up to 2 minutes, or until `signal` aborts) for one request to a webhook node's test address. */
export async function listenForTestRequest(
  ctx: AppContext,
  workflowId: string,
  nodeId: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<TestListenResult> {
  const wf = await getWorkflow(ctx.db, workflowId);
  if (!wf) throw new NotFoundError(`There is no workflow with the id "${workflowId}".`);
  const saved = wf.document.nodes.find((n) => n.id === nodeId);
  if (!saved || saved.type !== 'webhook-trigger')
    throw new NotFoundError(`The saved workflow has no webhook node "${nodeId}". Save it first.`);
  // Its secret header value is stored encrypted: opened for this listener only.
  const opened = await openTypedSecrets({ ...wf.document, nodes: [saved] }, ctx.lookup, ctx.keys);
  if (opened.unreadable.length > 0) throw new NotFoundError(unreadableSecretsMessage(opened.unreadable));
  const node = opened.document.nodes[0];
  const parsed = webhookConfig.safeParse(node.config);
  if (!parsed.success)
    throw new NotFoundError(
      `The webhook node "${node.name}" has settings problems: ${parsed.error.issues.map((i) => i.message).join(' ')}`,
    );
  const path = webhookPathOf(parsed.data, node.id);
  const timeoutMs = options.timeoutMs ?? TEST_LISTEN_MS;

  return new Promise<TestListenResult>((resolve) => {
    const set = waiters.get(path) ?? new Set<Waiter>();
    waiters.set(path, set);
    const finish = (result: TestListenResult) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      set.delete(waiter);
      if (set.size === 0 && waiters.get(path) === set) waiters.delete(path);
      resolve(result);
    };
    const waiter: Waiter = {
      config: parsed.data,
      deliver: (payload) => finish({ path, received: payload, message: 'A test request arrived.' }),
    };
    const onAbort = () => finish({ path, received: null, message: 'Stopped listening.' });
    const timer = setTimeout(
      () => finish({ path, received: null, message: `No request arrived within ${Math.round(timeoutMs / 1000)} seconds.` }),
      timeoutMs,
    );
    set.add(waiter);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
