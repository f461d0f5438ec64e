/** The audit log as the Settings page reads it: a page of entries and the filter's choices. */
import { auditActors, auditFilterSchema, listAudit, type AuditFilter } from '../db/audit';
import type { Sql } from 'postgres';

export { auditFilterSchema, type AuditFilter };

export const auditPage = (sql: Sql, filter: AuditFilter, limit: number, cursor?: number) => listAudit(sql, filter, limit, cursor);

export const auditPeople = (sql: Sql) => auditActors(sql);
