/**
 * The contract every node type fulfils. A node file imports only this module, zod and
 * plain libraries: never `server/` or a database, so each node can be tested with a
 * plain fake `ctx` (see tests/unit/nodes).
 */
import { z } from 'zod';
import type { BrowserAccess } from './lib/browser-types';
import type { SubflowAccess } from './lib/subflow-types';

/** One item flowing between nodes: a JSON object. */
export type Item = Record<string, unknown>;

/** Items per handle, e.g. `{ main: [...] }` or `{ true: [...], false: [...] }`. */
export type HandleItems = Record<string, Item[]>;

export type NodeCategory = 'trigger' | 'action';

/** Palette groups, in the order the palette shows them. */
export const NODE_GROUPS = ['Triggers', 'Data', 'Flow', 'API', 'Code', 'Browser', 'Notify', 'Plugins'] as const;
export type NodeGroup = (typeof NODE_GROUPS)[number];

export interface HandleSpec {
  /** Stable handle id stored in edges: `main`, `true`, `false`, `error`… */
  id: string;
  /** What the canvas shows next to the handle. */
  label: string;
}

/** UI hints attached to a config field with `.meta(...)`; the settings form reads them. */
export interface FieldMeta {
  label?: string;
  help?: string;
  placeholder?: string;
  /**
   * 'step': the field holds another step's id (stable across renames), chosen by name; `placeholder` says what the empty choice means.
   * 'field-name' / 'field-names': the name of a field of the items coming in (one, or a comma-separated list), like `amount`:
   * the data picker puts the plain name there, not a `{{ }}` reference (which would give the field's value).
   */
  widget?:
    | 'text'
    | 'textarea'
    | 'number'
    | 'switch'
    | 'select'
    | 'json'
    | 'code'
    | 'secret'
    | 'keyvalue'
    | 'list'
    | 'credential'
    | 'browser-profile'
    | 'step'
    | 'workflow'
    /** Ids of this workflow's steps that form a group (Repeat until), shown by name; set from the canvas. */
    | 'steps'
    | 'field-name'
    | 'field-names';
  /** A selector field: a "Pick on page" button beside it finds the selector on the live page. */
  pick?: boolean;
  /** For widget 'code': the language the editor colours (default JavaScript). */
  language?: 'javascript' | 'python';
  /** Whether `{{ }}` expressions are allowed in this field (default: true for strings). */
  expressions?: boolean;
  /** Plain words for a select's values, e.g. `{ gte: 'is at least' }`; raw values are unreadable for most users. */
  optionLabels?: Record<string, string>;
  /**
   * For widget 'credential': the credential type ids (nodes/credentials/) the field accepts. The
   * field holds a saved credential's id; only ids chosen this way are granted to the node.
   */
  credentialTypes?: string[];
  /**
   * Show the field only while other fields have one of the listed values, like
   * `{ operation: ['createIssue'] }` (an operation select that drives the form). Hidden fields
   * keep their value; the schema's own checks should ask for a field only where it is shown.
   */
  showWhen?: Record<string, string[]>;
  /**
   * For a data-folder path field: an Upload button beside it stores the chosen file in the data
   * folder (under uploads/) and puts its path in the field.
   */
  upload?: boolean;
}

/** Attach form hints to a schema field: `field(z.string(), { label: 'URL' })`. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return schema.meta(meta as Record<string, unknown>) as T;
}

export interface NodeLogger {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface NodeContext<C> {
  /** Config parsed by the node's schema, with expressions resolved against the first input item. */
  config: C;
  /**
   * Config resolved against one item (`$json` = item). Nodes that work item by item (Set, IF,
   * HTTP request) call this so each item can use its own values in expressions.
   */
  configFor(item: Item, index: number): C;
  /** Items per input handle. A node with one input reads `inputs.main`. */
  inputs: HandleItems;
  log: NodeLogger;
  /**
   * A step warning: the step worked, but its result is likely not what the user meant (a field
   * no item has, a join that matched nothing). Shown on the step and counted in the run's
   * summary; a workflow can be set to fail on warnings. Also written to the log.
   */
  warn(message: string): void;
  /** Aborted on timeout, cancel or shutdown: long work must listen to it. */
  signal: AbortSignal;
  /** HTTP, obeying the Settings page's outbound rules (allowed hosts, private addresses), every redirect checked. */
  fetch: typeof fetch;
  /**
   * For any other connection (mail, databases): the address to connect to for `host`, checked
   * against the same rules. Connect to the address it gives, never to the name again (DNS could
   * answer differently the second time); keep the name for TLS (servername). Rejects in plain
   * words when the rules refuse the host.
   */
  resolveHost(host: string): Promise<string>;
  /** For triggers: the event that fired the run (manual input, webhook request…). */
  trigger: { kind: string; payload: unknown } | null;
  run: { id: string; workflowId: string | null };
  /** The workflow's time zone (Details → Time zone), e.g. for dates in Code steps; absent: UTC. */
  timezone?: string;
  node: { id: string; name: string };
  /**
   * The data folder (TASKMASTER_DATA_DIR/files) where Load and Save nodes read and write.
   * Resolve user paths with `resolveDataPath` (nodes/lib/files.ts) so they stay inside it.
   */
  dataDir: string;
  /**
   * A folder on disk for a step's temporary files (a Sort too large for memory spills its
   * parts there), outside the data folder; the step removes what it writes, also when it fails
   * or is stopped. Absent: the system's temporary folder.
   */
  tempDir?: string;
  /** Sleeps, but wakes early (rejecting) when `signal` aborts. */
  sleep(ms: number): Promise<void>;
  /** The run's browser, for the Browser nodes. Missing where no browser can run (then they fail). */
  browser?: BrowserAccess;
  /** Runs other saved workflows (Run another workflow); missing where there is no database. */
  subflows?: SubflowAccess;
  /** Saved credentials: only those chosen in this node's credential fields are granted. */
  credentials: NodeCredentials;
  /** Instance settings a node must obey (the Settings page), as they were when the node started. */
  policy: NodePolicy;
  /** Posts an entry to the in-app notification centre (the bell in the top bar). */
  notify(entry: NotificationEntry): Promise<void>;
}

export interface NodePolicy {
  /** The Run shell command step works only when an administrator turned it on in Settings. */
  shellEnabled: boolean;
  /** The most memory one Code step may ask for (Settings), whatever its own form says. */
  codeMemoryLimitMb?: number;
}

export interface NotificationEntry {
  level: 'info' | 'success' | 'warning' | 'error';
  title: string;
  message: string;
}

export interface NodeCredentials {
  /**
   * The decrypted values of a granted credential, plus `type` (its credential type id), for the
   * node to parse with its own schema. Rejects with a plain message for any other id.
   */
  get(id: string): Promise<Record<string, unknown>>;
  /**
   * The credential an administrator chose in Settings as the default of a type (so far only
   * 'smtp': the default mail server), granted to every step, in the shape `get` gives; null
   * when none is chosen. For steps whose own fields name no credential or server.
   */
  getDefault(type: 'smtp'): Promise<Record<string, unknown> | null>;
  /**
   * Hides a value derived from a secret (a fetched access token, a built Basic header) wherever
   * the secrets themselves are hidden: logs, error messages and output items.
   */
  mask(value: string): void;
}

export interface NodeResult {
  outputs: HandleItems;
}

/**
 * What `stream` gets: everything `execute` gets, but the main input comes page by page
 * (`inputs` is empty). Each call of `pages()` reads the input again from its start, for steps
 * that need two passes (Save CSV's column list).
 */
export interface StreamContext<C> extends NodeContext<C> {
  pages(): AsyncIterable<Item[]>;
}

export interface NodeDefinition<S extends z.ZodType = z.ZodType> {
  /** Stable id = file name; saved graphs reference it, so it never changes. */
  id: string;
  version: number;
  category: NodeCategory;
  group: NodeGroup;
  displayName: string;
  /** One line, for the palette and catalogue. */
  description: string;
  /** Icon key the UI maps to a glyph. */
  icon: string;
  config: S;
  inputs: HandleSpec[];
  outputs: HandleSpec[];
  /**
   * True when running the node twice has effects outside TaskMaster (HTTP, email, files).
   * The engine commits such a node's result durably before anything after it starts.
   */
  sideEffects?: boolean;
  /** Example config shown in the catalogue and used by the registry test. */
  example?: z.input<S>;
  /** Longer help for the catalogue (plain text; blank lines separate paragraphs). */
  docs?: string;
  /**
   * Upgrades a config saved with an older `version` of this step to the current one: it gets
   * the saved config and its version and returns the config for `version`. Saved workflows and
   * imports are upgraded when opened.
   */
  migrate?(config: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  /**
   * For triggers that listen by themselves (a timer, a folder, a queue): starts listening for one
   * active workflow's trigger and fires runs through `ctx.fire`. The trigger host calls it in
   * exactly one process per database and stops it when the workflow is turned off or saved.
   */
  listen?(ctx: TriggerListenContext<z.output<S>>): TriggerListener;
  /** The kind stored on runs a listening trigger starts (default: the step id). */
  triggerKind?: string;
  /**
   * For a step that can run once per incoming item, taking the steps of its group right after it
   * along (Browser: open page and the Browser steps on its page; core/each-item.ts): the items its
   * saved config runs at once, or null when it runs once as usual. Its fields take no expressions.
   */
  eachItem?(config: Record<string, unknown>): { atOnce: number } | null;
  execute(ctx: NodeContext<z.output<S>>): Promise<NodeResult>;
  /**
   * Optional: the same work as `execute`, page by page, so a step over a million items holds
   * only the pages in flight. Yields output items per handle in order (appended per handle;
   * every handle `execute` returns must be yielded at least once, even empty). Must give
   * exactly `execute`'s items, logs and warnings: tests/unit/nodes/streaming.test.ts checks it.
   */
  stream?(ctx: StreamContext<z.output<S>>): AsyncIterable<HandleItems>;
}

/** What a trigger's `listen` gets: its parsed settings and a way to start runs. */
export interface TriggerListenContext<C> {
  config: C;
  workflowId: string;
  nodeId: string;
  /** Queues a run with this payload (the trigger step's `ctx.trigger.payload`); resolves with the run id. */
  fire(payload: unknown): Promise<string>;
  /** This trigger's remembered state, or null (for "what is new since last time"). */
  readState(): Promise<unknown>;
  /** Replaces the state only if it is still `expected` (another process may have moved it on). */
  swapState(expected: unknown, next: unknown): Promise<boolean>;
  /** TASKMASTER_DATA_DIR/files: where relative folder paths point. */
  filesDir: string;
  /** HTTP obeying the Settings page's outbound rules. */
  fetch: typeof fetch;
  /** The checked address to connect to for a host, like a step's `ctx.resolveHost`. */
  resolveHost(host: string): Promise<string>;
  /** Aborted when the listener is stopped. */
  signal: AbortSignal;
  /** A message about this trigger, prefixed with the workflow and step names. */
  log(message: string): void;
}

export interface TriggerListener {
  /** Resolves when really listening (watcher ready, first check done); rejects with a plain reason. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Identity helper that keeps the config type inferred from the schema. */
export function defineNode<S extends z.ZodType>(def: NodeDefinition<S>): NodeDefinition<S> {
  return def;
}

export const MAIN: HandleSpec = { id: 'main', label: '' };
