/**
 * What every automatic trigger's listener gets and gives. A listener type (schedule, webhook,
 * file, poll, postgres) starts one listener per active trigger node; the supervisor
 * (supervisor.ts) starts and stops them as workflows are turned on, off or saved.
 */
import type { Sql, TransactionSql } from 'postgres';
import type { z } from 'zod';
import type { WorkflowDocument, WorkflowNode } from '../../core/document';

/** The workflow version a listener fires: replaced on save without restarting the listener. */
export interface TriggerTarget {
  workflowId: string;
  workflowName: string;
  workflowVersion: number;
  document: WorkflowDocument;
  node: WorkflowNode;
}

/**
 * Decides, inside the run's transaction, whether a fire starts a run and with what payload:
 * null means no run (another process already took this fire, or nothing is new).
 */
export type FireDecision = (
  tx: TransactionSql,
) => Promise<{ payload: unknown; after?: (tx: TransactionSql, runId: string) => Promise<void> } | null>;

export interface ListenerContext<C> {
  config: C;
  workflowId: string;
  nodeId: string;
  /** The workflow's time zone (its own, else the instance's): for settings that leave the zone empty. */
  zone: string;
  /** The current version to run (a save updates it in place). */
  target(): TriggerTarget;
  /** Queues a run with this payload; resolves with the run id. */
  fire(payload: unknown): Promise<string>;
  /** Queues a run only if `decide` says so, in one transaction with the decision's own writes. */
  fireIn(decide: FireDecision): Promise<string | null>;
  /** This trigger's remembered state (trigger_state), or null. */
  readState(): Promise<unknown>;
  /** Replaces the state only if it is still `expected` (another process may have moved it on). */
  swapState(expected: unknown, next: unknown, tx?: TransactionSql): Promise<boolean>;
  /** TaskMaster's database, for the few listeners that keep their own rows (schedule fires). */
  sql: Sql;
  /** TASKMASTER_DATA_DIR/files: where relative folder paths point. */
  filesDir: string;
  /** HTTP obeying the Settings page's outbound rules. */
  fetch: typeof fetch;
  /** The checked address to connect to for a host (other protocols), like a step's `ctx.resolveHost`. */
  resolveHost(host: string): Promise<string>;
  /** Aborted when the listener is stopped. */
  signal: AbortSignal;
  /** A message about this trigger, prefixed with the workflow and node names. */
  log(message: string): void;
}

export interface Listener {
  /** Resolves when the listener is really listening (watcher ready, first poll done). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ListenerType<C = unknown> {
  /** The node type id this listens for, e.g. `schedule-trigger`. */
  nodeType: string;
  config: z.ZodType<C>;
  /** The kind stored on runs it starts (`runs.trigger_kind`). */
  kind: string;
  start(lc: ListenerContext<C>): Listener;
}

export interface ListenerStatus {
  workflowId: string;
  nodeId: string;
  nodeType: string;
  state: 'starting' | 'listening' | 'failed';
  /** Why it failed, in plain words. */
  message?: string;
}
