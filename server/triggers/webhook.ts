/**
 * Webhooks, answered by the web server itself (no Next.js on this path): every web server keeps
 * a map of the active webhook paths, kept current by a supervisor like the trigger host's but
 * without the lock (each web server must answer its own requests). When this process has a
 * worker with room, the run is executed here without a queue job (server/worker/run-here.ts);
 * otherwise a request costs one transaction: the run and its job.
 */
import type http from 'node:http';
import { WEBHOOK_METHODS, webhookConfig, webhookPathOf, type WebhookConfig } from '../../nodes/webhook-trigger';
import type { AppContext } from '../context';
import { createSupervisor } from './supervisor';
import type { ListenerStatus, ListenerType, TriggerTarget } from './types';
import { answerWhenDone } from './webhook-response';
import { variableScope } from '../../core/variables';
import { readSettings } from '../settings/service';
import { runHereFor, watchRunEnd } from '../run-ends';
import { newRunFor } from './fire';
import { databaseCredentialSource } from '../credentials/source';
import type { CredentialSource } from '../credentials/grant';
import { authCredentialId, checkWebhookAuth, needsBody, secretHeaderOf } from './webhook-auth';
import { groupParams, parseBody, payloadProblem, publicHeaders, readBody, secretMatches } from './webhook-request';
import { WEBHOOK_PREFIX, WEBHOOK_TEST_PREFIX } from './webhook-paths';
import { testListener } from './webhook-test';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/availability';

/** What a run of a webhook starts with: the request, as its trigger's item. */
interface WebhookPayload {
  method: string;
  path: string | null;
  query: ReturnType<typeof groupParams>;
  headers: ReturnType<typeof publicHeaders>;
  body: unknown;
}

interface Route {
  config: WebhookConfig;
  target(): TriggerTarget;
  fire(payload: unknown): Promise<string>;
}

export interface Webhooks {
  /** True when this request is for a webhook address (answered by `handle`). */
  matches(url: string): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
  status(): ListenerStatus[];
  settled(): Promise<void>;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The database is away (restarting): the caller should send the request again.
 * 503 + Retry-After is what webhook senders (Stripe, GitHub, queues) retry on.
 */
function sendUnavailable(res: http.ServerResponse) {
  send(
    res,
    503,
    { error: `TaskMaster's database is restarting. Send the request again in ${RETRY_AFTER_SECONDS} seconds.` },
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );
}

/** The Allow header of a webhook address. */
function allowedMethods(config: WebhookConfig): string {
  const methods = config.method === 'ANY' ? WEBHOOK_METHODS.filter((m) => m !== 'ANY') : [config.method];
  return [...methods, 'OPTIONS'].join(', ');
}

/** The path part after the prefix, without surrounding slashes; null if it can't be decoded. */
function pathAfter(pathname: string, prefix: string): string | null {
  try {
    return decodeURIComponent(pathname.slice(prefix.length)).replace(/^\/+|\/+$/g, '');
  } catch {
    return null;
  }
}

interface WebhookDeps {
  ctx: AppContext;
  routes: ReadonlyMap<string, Route>;
  /** Secrets of the caller checks, opened per request (a changed secret applies at once). */
  credentials: CredentialSource;
  log(message: string): void;
}

export async function startWebhooks(options: { ctx: AppContext; log?: (message: string) => void }): Promise<Webhooks> {
  const { ctx } = options;
  const log = options.log ?? (() => {});
  const routes = new Map<string, Route>();
  const deps: WebhookDeps = { ctx, routes, credentials: databaseCredentialSource(ctx.sql, ctx.keys), log };
  const supervisor = createSupervisor({ ctx, types: [routeListener(routes) as ListenerType], log });
  await supervisor.start();
  return {
    matches: (url) => url.startsWith(WEBHOOK_PREFIX) || url.startsWith(WEBHOOK_TEST_PREFIX),
    handle(req, res) {
      serve(deps, req, res).catch((err: unknown) => {
        if (isDatabaseUnavailable(err)) return sendUnavailable(res);
        log(`Webhook ${req.url ?? ''}: ${String(err)}`);
        send(res, 500, { error: 'TaskMaster failed while answering this request.' });
      });
    },
    status: () => supervisor.status(),
    settled: () => supervisor.settled(),
    close: () => supervisor.stop(),
  };
}

/** The "listener" of a webhook trigger: its path in this process's route table. */
function routeListener(routes: Map<string, Route>): ListenerType<WebhookConfig> {
  return {
    nodeType: 'webhook-trigger',
    kind: 'webhook',
    config: webhookConfig,
    start(lc) {
      const path = webhookPathOf(lc.config, lc.nodeId);
      const taken = routes.get(path);
      if (taken) {
        throw new Error(
          `the address ${WEBHOOK_PREFIX}${path} is already used by the workflow "${taken.target().workflowName}". Give this webhook another path.`,
        );
      }
      const route: Route = { config: lc.config, target: lc.target, fire: lc.fire };
      routes.set(path, route);
      return {
        ready: Promise.resolve(),
        async stop() {
          if (routes.get(path) === route) routes.delete(path);
        },
      };
    },
  };
}

async function serve(deps: WebhookDeps, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const isTest = url.pathname.startsWith(WEBHOOK_TEST_PREFIX);
  const path = pathAfter(url.pathname, isTest ? WEBHOOK_TEST_PREFIX : WEBHOOK_PREFIX);
  const test = isTest && path !== null ? testListener(path) : null;
  const route = !isTest && path !== null ? deps.routes.get(path) : undefined;
  const config = test?.config ?? route?.config;
  if (!config) {
    const error = isTest
      ? `Nobody is listening for a test request at ${url.pathname}. Click "Listen for a test request" on the webhook node first.`
      : `No active workflow listens at ${url.pathname}. Check the address, and that the workflow is turned on.`;
    return send(res, 404, { error });
  }
  const payload = await receive(deps, req, res, url, path, config);
  if (!payload) return;
  if (test) {
    test.deliver(payload);
    return send(res, 200, { message: 'TaskMaster received the test request.' });
  }
  await runAndAnswer(deps, res, url, route!, payload);
}

/** Checks and reads a request for a webhook; null when it was refused (and answered). */
async function receive(
  deps: WebhookDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  path: string | null,
  config: WebhookConfig,
): Promise<WebhookPayload | null> {
  const method = req.method ?? 'GET';
  // OPTIONS asks what the address accepts (a browser's CORS preflight, a probe): it is answered
  // here and never starts a run, not even on an "Any method" webhook.
  if (method === 'OPTIONS') {
    res.writeHead(204, { allow: allowedMethods(config) });
    res.end();
    return null;
  }
  const refuse = (status: number, error: string, headers?: Record<string, string>): null => {
    send(res, status, { error }, headers);
    return null;
  };
  if (config.method !== 'ANY' && method !== config.method) {
    return refuse(405, `This address accepts ${config.method} requests only, not ${method}.`, { allow: config.method });
  }
  if (config.secretHeader !== '' && !secretMatches(req.headers[config.secretHeader], config.secretValue)) {
    return refuse(401, `The request lacks the right secret in the "${config.secretHeader}" header.`);
  }
  // The caller check of the saved credential (header, Basic, or a signature of the raw body).
  const credentialId = authCredentialId(config);
  const credential = credentialId ? await deps.credentials.load(credentialId).catch(() => null) : null;
  if (!needsBody(config)) {
    const checked = await checkWebhookAuth(config, req.headers, null, credential);
    if (!checked.ok) {
      refuseUnread(res, req, checked.message);
      return null;
    }
  }
  const read = await readBody(req, config.maxBodyKb * 1024);
  if (!read.ok) {
    if (!read.tooLarge) return refuse(400, `The request could not be read: ${read.message}`);
    // Answer at once and close; the rest of the body is read and dropped so the caller sees the answer.
    refuse(413, `The request body is larger than this webhook accepts (${config.maxBodyKb} KB).`, { connection: 'close' });
    req.resume();
    return null;
  }
  if (needsBody(config)) {
    const checked = await checkWebhookAuth(config, req.headers, read.raw, credential);
    if (!checked.ok) return refuse(401, checked.message);
  }
  const parsed = parseBody(read.raw, req.headers['content-type']);
  if (!parsed.ok) return refuse(400, parsed.message);
  const query = groupParams(url.searchParams);
  const payload = { method, path, query, headers: publicHeaders(req.headers, secretHeaderOf(config, credential)), body: parsed.body };
  // Refused here, before anything is stored: the database would refuse it half-way.
  const problem = payloadProblem(payload);
  return problem ? refuse(400, problem) : payload;
}

/** Starts the run (in this process when it has room) and answers: at once, or when the run is done. */
async function runAndAnswer(deps: WebhookDeps, res: http.ServerResponse, url: URL, route: Route, payload: WebhookPayload) {
  const { ctx } = deps;
  const { config } = route;
  const target = route.target();
  // Opened before the run exists, so its end can't slip by before we wait for it.
  const watch = config.respond === 'immediately' ? null : await watchRunEnd(ctx.sql);
  let runId: string;
  try {
    // Answered at once (202): the run must be on disk before the answer says it is accepted.
    const here = await runHereFor(ctx.sql)?.start(newRunFor(target, 'webhook', payload), {
      durable: !watch,
      workflow: { name: target.workflowName, active: true },
    });
    runId = here ?? (await route.fire(payload));
  } catch (err) {
    watch?.close();
    if (isDatabaseUnavailable(err)) return sendUnavailable(res);
    deps.log(`Webhook ${url.pathname}: could not start the workflow "${target.workflowName}": ${(err as Error).message}`);
    return send(res, 500, { error: 'TaskMaster could not start the workflow. Try again; if it keeps failing, check the server log.' });
  }
  if (!watch) return send(res, 202, { runId });
  const answer = await answerWhenDone(ctx.sql, watch, runId, target.document, config, config.responseTimeoutSeconds * 1000, {
    trigger: payload,
    workflowId: target.workflowId,
    vars: async () => variableScope((await readSettings(ctx.sql)).settings.variables, target.document.variables),
  });
  if (answer.text === undefined) return send(res, answer.status, answer.body, answer.headers);
  if (res.headersSent) return;
  res.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.text), ...answer.headers });
  res.end(answer.text);
}

/** A 401 before the body is read: answered at once, and the body drained so the caller sees it. */
function refuseUnread(res: http.ServerResponse, req: http.IncomingMessage, message: string): void {
  send(res, 401, { error: message }, { connection: 'close' });
  req.resume();
}
