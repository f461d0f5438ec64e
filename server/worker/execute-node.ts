/**
 * Runs one node once: resolves its config (expressions), builds its ctx, enforces the timeout
 * and the abort signal. Knows nothing of the database: the run loop stores what this returns.
 */
import type {
  HandleItems,
  Item,
  NodeContext,
  NodeCredentials,
  NodeDefinition,
  NodeLogger,
  NodePolicy,
  NodeResult,
  NotificationEntry,
} from '../../nodes/types';
import type { BrowserAccess } from '../../nodes/lib/browser-types';
import type { SubflowAccess } from '../../nodes/lib/subflow-types';
import type { WorkflowNode } from '../../core/document';
import { ExpressionError, type ExpressionScope } from '../../core/expressions';
import { configIssueSentence, describeConfigIssue } from '../../core/config-issues';
import { configResolverFor, usesExpressions } from './config-resolver';
import type { LogEntry, NodeError, StepWarning } from '../db/run-store';
import { abortableSleep } from '../../nodes/lib/abort';
import { grantCredentials, type CredentialSource, type DefaultCredentials } from '../credentials/grant';
import { SecretMasker } from '../credentials/mask';
import { MB, outputBytesOver } from '../../core/output-size';
import { typedSecretsOf } from '../../core/step-secrets';
import { AttemptStop, watchRunAbort } from './attempt-stop';

/** What upstream data expressions can see: `$node[id]`, `$trigger`, `$run`. */
export interface NodeEnvironment {
  run: { id: string; workflowId: string | null };
  /** The workflow's time zone for `$now`, `$today`, `$date` and Code steps' Luxon; absent: UTC. */
  zone?: string;
  /** `$workflow`: id, name and whether it is on; absent (tests, previews): from `run` and unnamed. */
  workflow?: { id: string | null; name: string; active: boolean };
  /** ctx.subflows of a step (Run another workflow); absent where there is no database. */
  subflowsFor?: (nodeId: string) => SubflowAccess;
  /** `$vars`: instance variables with the workflow's over them (server/engine/variables.ts). */
  vars?: Record<string, string>;
  /** The run's first start as ISO text: `$now` in every step, attempt and resumption of the run. */
  startedAt: string;
  trigger: { kind: string; payload: unknown } | null;
  /** Outputs of the nodes that have succeeded so far, by node id. */
  upstream: ReadonlyMap<string, HandleItems>;
  /** Aborts on cancel or shutdown. */
  runSignal: AbortSignal;
  /** Folder for Load/Save nodes. */
  dataDir: string;
  /** Temporary files of steps (ctx.tempDir). */
  tempDir?: string;
  fetch: typeof fetch;
  /** The checked address to connect to for a host (server/network/connector.ts); absent: the host as given. */
  resolveHost?: (host: string) => Promise<string>;
  /** The run's browser (Browser nodes); absent where no browser can run. */
  browser?: BrowserAccess;
  /** Saved credentials; nodes get only those their config picks. */
  credentials?: CredentialSource;
  /** The credentials chosen in Settings as defaults (the default mail server), granted to every node. */
  defaultCredentials?: DefaultCredentials;
  /** Instance settings nodes obey; absent: the safe defaults (shell off). */
  policy?: NodePolicy;
  /** The largest output a step may make, in bytes (Settings); absent: no limit. */
  outputLimitBytes?: number;
  /** Stores a notification-centre entry; absent where there is no database (then it fails). */
  notify?: (entry: NotificationEntry & { nodeId: string }) => Promise<void>;
}

const DEFAULT_POLICY: NodePolicy = { shellEnabled: false };

export interface AttemptResult {
  ok: boolean;
  outputs: HandleItems;
  logs: LogEntry[];
  warnings: StepWarning[];
  error: NodeError | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

const MAX_LOG_ENTRIES = 1000;
/** A step that warns once per item would bury the run's summary: the first few say enough. */
const MAX_WARNINGS = 20;

class ConfigError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Executes one attempt. Never throws: failures come back as `ok: false` with a plain message.
 * `body` does the node's work with the ctx built here (default: its `execute`; a streamed step
 * runs `stream` instead, server/worker/stream-step.ts).
 */
export async function executeAttempt(
  def: NodeDefinition,
  node: WorkflowNode,
  inputs: HandleItems,
  env: NodeEnvironment,
  body: (ctx: NodeContext<unknown>) => Promise<NodeResult> = (ctx) => def.execute(ctx),
): Promise<AttemptResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const logs: LogEntry[] = [];
  const warnings: StepWarning[] = [];
  // The attempt ends on a run abort or at its time limit. Its AbortSignal is made only when the
  // node asks for one (ctx.signal, ctx.sleep): making it costs more than most nodes' work.
  const stop = new AttemptStop();
  const unwatch = watchRunAbort(env.runSignal, stop);
  const timeoutMs = node.settings.timeoutMs;
  const timer = timeoutMs > 0 ? setTimeout(() => stop.abort(new TimeoutSignal(timeoutMs)), timeoutMs) : undefined;

  // Collects the secrets of the credentials the node used, to hide them in what it leaves behind.
  const masker = new SecretMasker();
  const finish = (ok: boolean, outputs: HandleItems, error: NodeError | null): AttemptResult => {
    if (timer) clearTimeout(timer);
    unwatch();
    const finishedAt = new Date();
    const durationMs = performance.now() - t0;
    if (!masker.active) return { ok, outputs, logs, warnings, error, startedAt, finishedAt, durationMs };
    // Copies: lines the node logs after this (it ignored an abort) land in the old list, never stored.
    const masked = {
      outputs: masker.mask(outputs),
      logs: masker.mask(logs),
      warnings: masker.mask(warnings),
      error: error && { ...error, message: masker.maskText(error.message) },
    };
    return { ok, ...masked, startedAt, finishedAt, durationMs };
  };

  // Secrets typed into the step's own form are hidden like those of saved credentials.
  for (const secret of typedSecretsOf(def, node.config)) masker.add(secret.value);
  try {
    const ctx = buildContext(def, node, inputs, env, stop, logs, warnings, masker);
    // Fails promptly on abort even when a node ignores its signal.
    const outputs = normaliseOutputs((await stop.race(body(ctx))).outputs);
    const tooLarge = outputTooLarge(node, outputs, env.outputLimitBytes);
    if (tooLarge) return finish(false, {}, tooLarge);
    return finish(true, outputs, null);
  } catch (err) {
    return finish(false, {}, describeError(err, stop, node));
  }
}

class TimeoutSignal extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

function buildContext(
  def: NodeDefinition,
  node: WorkflowNode,
  inputs: HandleItems,
  env: NodeEnvironment,
  stop: AttemptStop,
  logs: LogEntry[],
  warnings: StepWarning[],
  masker: SecretMasker,
): NodeContext<unknown> {
  const mainItems = inputs.main ?? Object.values(inputs)[0] ?? [];
  const { config, configFor } = resolvedConfig(def, node, mainItems, env);
  // What most steps never touch (logger, credentials, sub-workflows) is made on first use.
  let log: NodeLogger | undefined;
  let credentials: NodeCredentials | undefined;
  let subflows: SubflowAccess | undefined;
  let subflowsMade = false;
  const logger = () => (log ??= collectingLogger(logs));
  return {
    config,
    configFor,
    inputs,
    get log() {
      return logger();
    },
    warn: (message) => {
      if (warnings.length < MAX_WARNINGS) warnings.push({ message: String(message) });
      logger().warn(message);
    },
    get signal() {
      return stop.signal();
    },
    fetch: env.fetch,
    resolveHost: env.resolveHost ?? resolveAsGiven,
    trigger: env.trigger,
    run: env.run,
    timezone: env.zone,
    node: { id: node.id, name: node.name },
    dataDir: env.dataDir,
    tempDir: env.tempDir,
    sleep: (ms) => abortableSleep(ms, stop.signal()),
    browser: env.browser,
    get subflows() {
      if (!subflowsMade) {
        subflows = env.subflowsFor?.(node.id);
        subflowsMade = true;
      }
      return subflows;
    },
    get credentials() {
      return (credentials ??= grantCredentials(def, node, env.credentials, masker, env.defaultCredentials));
    },
    policy: env.policy ?? DEFAULT_POLICY,
    notify: async (entry) => {
      if (!env.notify) throw new Error('Notifications are not available where this workflow runs.');
      await env.notify({ ...entry, nodeId: node.id });
    },
  };
}

/** The attempt's config (expressions resolved against the first item) and how to get it for any item. */
function resolvedConfig(
  def: NodeDefinition,
  node: WorkflowNode,
  mainItems: Item[],
  env: NodeEnvironment,
): Pick<NodeContext<unknown>, 'config' | 'configFor'> {
  const parse = (raw: unknown): unknown => {
    const result = def.config.safeParse(raw);
    if (result.success) return result.data;
    const issue = describeConfigIssue(def.config, raw, result.error.issues[0]);
    throw new ConfigError(configIssueSentence(node.name, issue), issue.setting || undefined);
  };
  if (usesExpressions(node)) {
    const resolve = configResolverFor(def, node);
    // Building $node costs O(upstream nodes): only when an expression could read it.
    const nodeScope = upstreamScope(env.upstream);
    const scopeFor = (item: Item, index: number): ExpressionScope => ({
      $json: item,
      $index: index,
      $items: mainItems,
      $node: nodeScope,
      $trigger: env.trigger?.payload ?? null,
      $run: env.run,
      zone: env.zone,
      $workflow: env.workflow ?? { id: env.run.workflowId, name: '', active: false },
      $now: env.startedAt,
      $vars: env.vars ?? {},
    });
    return { config: parse(resolve(scopeFor(mainItems[0] ?? {}, 0))), configFor: (item, index) => parse(resolve(scopeFor(item, index))) };
  }
  // Without expressions the config is the same for every item: parsed once, here.
  const config = parse(node.config);
  return { config, configFor: () => config };
}

const resolveAsGiven = async (host: string) => host;

/** `$node["id"].json` is the first item of the node's first output, `.items` all of them. */
function upstreamScope(upstream: ReadonlyMap<string, HandleItems>): Record<string, { json: Item; items: Item[] }> {
  const scope: Record<string, { json: Item; items: Item[] }> = {};
  for (const [id, outputs] of upstream) {
    const items = outputs.main ?? Object.values(outputs).find((list) => list.length > 0) ?? [];
    scope[id] = { json: items[0] ?? {}, items };
  }
  return scope;
}

function collectingLogger(logs: LogEntry[]): NodeLogger {
  const push = (level: LogEntry['level']) => (message: string, data?: unknown) => {
    if (logs.length >= MAX_LOG_ENTRIES) return;
    logs.push({ level, message: String(message), ...(data === undefined ? {} : { data }), at: new Date().toISOString() });
    if (logs.length === MAX_LOG_ENTRIES) {
      logs.push({ level: 'warn', message: `Only the first ${MAX_LOG_ENTRIES} log lines are kept.`, at: new Date().toISOString() });
    }
  };
  return { info: push('info'), warn: push('warn'), error: push('error') };
}

/** The step's error when its output passes the limit of Settings, else null. */
function outputTooLarge(node: WorkflowNode, outputs: HandleItems, limitBytes: number | undefined): NodeError | null {
  if (limitBytes === undefined) return null;
  const bytes = outputBytesOver(outputs, limitBytes);
  if (bytes === null) return null;
  return { code: 'node', message: outputTooLargeMessage(node, limitBytes) };
}

/** Why a step's output was refused: it passed the limit of Settings (also said by streamed steps). */
export function outputTooLargeMessage(node: WorkflowNode, limitBytes: number): string {
  const mb = (n: number) => `${Math.round((n / MB) * 10) / 10} MB`;
  return (
    `Step "${node.name}" made an output larger than ${mb(limitBytes)}, the most one step may make (Settings, "Largest output of a step"); it was not kept. ` +
    'Make it smaller (filter the items, keep fewer fields, or work in batches with Split into batches), or ask an administrator to raise the limit.'
  );
}

function normaliseOutputs(outputs: HandleItems): HandleItems {
  const clean: HandleItems = {};
  for (const [handle, items] of Object.entries(outputs ?? {})) {
    if (!Array.isArray(items)) throw new Error(`the step returned something that is not a list on output "${handle}"`);
    clean[handle] = items;
  }
  return clean;
}

export class RunAborted extends Error {
  constructor(readonly why: 'cancelled' | 'shutdown') {
    super(why === 'cancelled' ? 'The run was cancelled.' : 'The worker shut down; the step will run again.');
  }
}

function describeError(err: unknown, signal: { aborted: boolean; reason: unknown }, node: WorkflowNode): NodeError {
  const reason: unknown = signal.aborted ? signal.reason : undefined;
  if (reason instanceof TimeoutSignal) {
    return { code: 'timeout', message: `Step "${node.name}" took longer than its time limit of ${formatMs(reason.ms)} and was stopped.` };
  }
  if (reason instanceof RunAborted) {
    return { code: reason.why === 'cancelled' ? 'cancelled' : 'interrupted', message: reason.message };
  }
  if (err instanceof ExpressionError) {
    return { code: 'expression', message: err.message, field: err.field };
  }
  if (err instanceof ConfigError) {
    return { code: 'config', message: err.message, field: err.field };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'node', message: message || 'The step failed without saying why.' };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
