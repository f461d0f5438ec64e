// Types of the plugin SDK: the same contracts the built-in steps use (nodes/types.ts).
import type { z } from 'zod';
import type { HandleItems, NodeDefinition, NotificationEntry } from '../nodes/types';

export { z } from 'zod';
export { defineNode, field, MAIN } from '../nodes/types';
export { defineCredentialType } from '../nodes/credentials/types';
export type {
  FieldMeta, HandleItems, HandleSpec, Item, NodeCategory, NodeContext, NodeCredentials, NodeDefinition, NodeGroup,
  NodeLogger, NodeResult, TriggerListenContext, TriggerListener,
} from '../nodes/types';
export type { CredentialType, CredentialTestContext } from '../nodes/credentials/types';

export declare function defineTrigger<S extends z.ZodType>(def: NodeDefinition<S>): NodeDefinition<S>;

export interface RunStepOptions {
  config?: unknown;
  inputs?: HandleItems;
  /** Granted credentials by id: the values `ctx.credentials.get(id)` gives. */
  credentials?: Record<string, Record<string, unknown>>;
  trigger?: { kind: string; payload: unknown } | null;
  fetch?: typeof fetch;
  dataDir?: string;
  signal?: AbortSignal;
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface RunStepResult {
  outputs: HandleItems;
  logs: LogEntry[];
  warnings: string[];
  notifications: NotificationEntry[];
}

export declare function runStep(def: NodeDefinition, options?: RunStepOptions): Promise<RunStepResult>;

export interface StartTriggerOptions {
  config?: unknown;
  state?: unknown;
  filesDir?: string;
  fetch?: typeof fetch;
}

export interface StartedTrigger {
  fired: unknown[];
  logs: LogEntry[];
  stop(): Promise<void>;
}

export declare function startTrigger(def: NodeDefinition, options?: StartTriggerOptions): Promise<StartedTrigger>;
