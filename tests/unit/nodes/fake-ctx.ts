/**
 * A plain NodeContext for node tests: the config is parsed with the node's own schema (so
 * defaults apply) but expressions are not resolved; `configFor` returns that same config.
 */
import type { z } from 'zod';
import { tmpdir } from 'node:os';
import { abortableSleep } from '../../../nodes/lib/abort';
import type { HandleItems, NodeContext, NodeDefinition, NodePolicy, NotificationEntry } from '../../../nodes/types';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
}

export interface FakeOptions {
  /** Raw config as saved; parsed with the node's schema. */
  config?: unknown;
  inputs?: HandleItems;
  trigger?: NodeContext<unknown>['trigger'];
  fetch?: typeof fetch;
  /** The outbound check of non-HTTP connections (default: every host as given). */
  resolveHost?: (host: string) => Promise<string>;
  /** The data folder for file nodes (default: the OS temp dir). */
  dataDir?: string;
  /** Saved credentials by id, as `ctx.credentials.get` returns them (values plus `type`). */
  credentials?: Record<string, Record<string, unknown>>;
  /** Instance settings (default: shell off). */
  policy?: Partial<NodePolicy>;
  /** What `ctx.credentials.getDefault(type)` gives (the Settings page's default mail server…); default none. */
  defaultCredentials?: Partial<Record<'smtp', Record<string, unknown>>>;
  /** The workflow's time zone (ctx.timezone); default none (UTC). */
  timezone?: string;
}

export interface Fake<C> {
  ctx: NodeContext<C>;
  logs: LogEntry[];
  /** Aborting it aborts `ctx.signal`, like a cancelled run. */
  controller: AbortController;
  /** What the node asked to hide with `ctx.credentials.mask`. */
  masked: string[];
  /** What the node posted with `ctx.notify`. */
  notifications: NotificationEntry[];
  /** The step warnings (`ctx.warn`); each is in `logs` too. */
  warnings: string[];
}

export function fakeCtx<S extends z.ZodType>(def: NodeDefinition<S>, options: FakeOptions = {}): Fake<z.output<S>> {
  const config = def.config.parse(options.config ?? {});
  const logs: LogEntry[] = [];
  const controller = new AbortController();
  const masked: string[] = [];
  const notifications: NotificationEntry[] = [];
  const warnings: string[] = [];
  const push = (level: LogEntry['level']) => (message: string, data?: unknown) => {
    logs.push({ level, message, ...(data === undefined ? {} : { data }) });
  };
  const ctx: NodeContext<z.output<S>> = {
    config,
    configFor: () => config,
    inputs: options.inputs ?? {},
    log: { info: push('info'), warn: push('warn'), error: push('error') },
    warn: (message) => {
      warnings.push(message);
      push('warn')(message);
    },
    signal: controller.signal,
    fetch: options.fetch ?? globalThis.fetch,
    resolveHost: options.resolveHost ?? (async (host) => host),
    trigger: options.trigger ?? null,
    run: { id: 'run-1', workflowId: 'wf-1' },
    timezone: options.timezone,
    node: { id: 'node-1', name: 'Test node' },
    dataDir: options.dataDir ?? tmpdir(),
    sleep: (ms) => abortableSleep(ms, controller.signal),
    credentials: {
      async get(id) {
        const values = options.credentials?.[id];
        if (!values) throw new Error(`No saved credential "${id}" in this test.`);
        return structuredClone(values);
      },
      async getDefault(type) {
        const values = options.defaultCredentials?.[type];
        return values ? structuredClone(values) : null;
      },
      mask: (value) => void masked.push(value),
    },
    policy: { shellEnabled: false, ...options.policy },
    notify: async (entry) => void notifications.push(entry),
  };
  return { ctx, logs, controller, masked, notifications, warnings };
}

/** Runs a node once with a fake ctx and returns its outputs. */
export async function runNode<S extends z.ZodType>(def: NodeDefinition<S>, options: FakeOptions = {}) {
  const { ctx } = fakeCtx(def, options);
  return (await def.execute(ctx)).outputs;
}
