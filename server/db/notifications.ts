/**
 * The notification centre (the bell in the top bar): entries posted by the "Show a notification"
 * step. Each insert announces itself on the live events channel in the same statement, so an
 * open page learns of it without polling.
 */
import type { Sql } from 'postgres';
import { z } from 'zod';
import { EVENTS_CHANNEL, type RunEvent } from '../../core/run-events';
import { newId } from '../ids';

export const NOTIFICATION_LEVELS = ['info', 'success', 'warning', 'error'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export interface NewNotification {
  level: NotificationLevel;
  title: string;
  message: string;
  workflowId: string | null;
  runId: string | null;
  nodeId: string | null;
}

/** Long texts are cut: the bell is a list, not a log viewer. */
const MAX_TITLE = 200;
const MAX_MESSAGE = 2000;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Stores one entry and announces it; returns its id. */
export async function insertNotification(sql: Sql, entry: NewNotification): Promise<string> {
  const id = newId('ntf');
  const event: RunEvent = { type: 'notification', id, runId: entry.runId, workflowId: entry.workflowId };
  // A run may outlive its workflow (deleted while running): then the entry keeps no link to it
  // instead of failing the step on the foreign key.
  await sql`
    with ins as (
      insert into notifications (id, level, title, message, workflow_id, run_id, node_id)
      values (${id}, ${entry.level}, ${cut(entry.title, MAX_TITLE)}, ${cut(entry.message, MAX_MESSAGE)},
              (select w.id from workflows w where w.id = ${entry.workflowId}), ${entry.runId}, ${entry.nodeId})
      returning id)
    select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)}) from ins`;
  return id;
}

const rowSchema = z.object({
  id: z.string(),
  level: z.enum(NOTIFICATION_LEVELS).catch('info'),
  title: z.string(),
  message: z.string(),
  workflow_id: z.string().nullable(),
  workflow_name: z.string().nullable(),
  run_id: z.string().nullable(),
  node_id: z.string().nullable(),
  created_at: z.date(),
  read_at: z.date().nullable(),
});

export interface NotificationView {
  id: string;
  level: NotificationLevel;
  title: string;
  message: string;
  workflowId: string | null;
  /** The workflow's current name, for the entry's link. */
  workflowName: string | null;
  runId: string | null;
  nodeId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The newest entries and how many are unread in all (not only among those returned). */
/**
 * `workflowIds`: only entries about these workflows, plus those about none (the system's);
 * undefined: every entry (server/auth/access.ts decides who reaches which workflows).
 */
export async function listNotifications(
  sql: Sql,
  limit: number,
  workflowIds?: string[],
): Promise<{ entries: NotificationView[]; unread: number }> {
  const only =
    workflowIds === undefined
      ? sql`true`
      : workflowIds.length
        ? sql`(workflow_id is null or workflow_id in ${sql(workflowIds)})`
        : sql`workflow_id is null`;
  const [rows, [count]] = await Promise.all([
    sql`
      select n.id, n.level, n.title, n.message, n.workflow_id, w.name as workflow_name, n.run_id, n.node_id,
             n.created_at, n.read_at
      from notifications n left join workflows w on w.id = n.workflow_id
      where ${only}
      order by n.created_at desc, n.id desc
      limit ${limit}`,
    sql`select count(*)::int as unread from notifications where read_at is null and ${only}`,
  ]);
  const entries = rows.map((raw) => {
    const r = rowSchema.parse(raw);
    return {
      id: r.id,
      level: r.level,
      title: r.title,
      message: r.message,
      workflowId: r.workflow_id,
      workflowName: r.workflow_name,
      runId: r.run_id,
      nodeId: r.node_id,
      createdAt: r.created_at,
      readAt: r.read_at,
    };
  });
  return { entries, unread: z.number().int().parse(count.unread) };
}

/** Marks the given entries read, or every unread one when `ids` is absent; returns how many changed. */
export async function markNotificationsRead(sql: Sql, ids?: string[]): Promise<number> {
  if (ids && ids.length === 0) return 0;
  const rows = ids
    ? await sql`update notifications set read_at = now() where read_at is null and id in ${sql(ids)} returning id`
    : await sql`update notifications set read_at = now() where read_at is null returning id`;
  return rows.length;
}
