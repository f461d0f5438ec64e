/** The notification centre's reads and writes (the bell). */
import type { Sql } from 'postgres';
import { listNotifications, markNotificationsRead } from '../db/notifications';

/** Newest first; `workflowIds` limits them to those workflows' entries (plus instance-wide ones). */
export const notificationsFor = (sql: Sql, limit: number, workflowIds?: string[]) => listNotifications(sql, limit, workflowIds);

/** Without `ids`, every entry. Answers how many changed. */
export const markRead = (sql: Sql, ids?: string[]) => markNotificationsRead(sql, ids);
