/**
 * The audit log's rows: appended by server/audit/record.ts, read by Settings → Audit log
 * (newest first, keyset-paged by (at, id)), pruned by the retention setting's days.
 */
import type { Sql } from 'postgres';
import { z } from 'zod';

export interface AuditInsert {
  actorId: string | null;
  actorName: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetName?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export async function insertAudit(sql: Sql, e: AuditInsert): Promise<void> {
  await sql`
    insert into audit_log (actor_id, actor_name, action, target_type, target_id, target_name, details, ip)
    values (${e.actorId}, ${e.actorName}, ${e.action}, ${e.targetType ?? null}, ${e.targetId ?? null},
            ${e.targetName ?? null}, ${sql.json((e.details ?? {}) as never)}, ${e.ip ?? null})`;
}

export const auditFilterSchema = z.object({
  actorId: z.string().min(1).max(100).optional(),
  /** An action (`workflow.save`) or a family of them (`workflow`). */
  action: z.string().min(1).max(60).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const rowSchema = z.object({
  id: z.coerce.number(),
  at: z.date(),
  actor_id: z.string().nullable(),
  actor_name: z.string(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  target_name: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).catch({}),
  ip: z.string().nullable(),
});

/** A page of entries, newest first; `before`: the id of the last entry of the page before. */
export async function listAudit(
  sql: Sql,
  filter: AuditFilter,
  limit = 100,
  before?: number,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const where = [sql`true`];
  if (filter.actorId) where.push(sql`actor_id = ${filter.actorId}`);
  if (filter.action) where.push(filter.action.includes('.') ? sql`action = ${filter.action}` : sql`action like ${`${filter.action}.%`}`);
  if (filter.from) where.push(sql`at >= ${filter.from}`);
  if (filter.to) where.push(sql`at < ${filter.to}`);
  if (before !== undefined) where.push(sql`id < ${before}`);
  const conditions = where.reduce((all, next) => sql`${all} and ${next}`);
  // Ids grow with time (bigserial), so id order is time order and pages by id are exact.
  const rows = await sql`select * from audit_log where ${conditions} order by id desc limit ${limit + 1}`;
  const entries = rows.slice(0, limit).map((r) => {
    const p = rowSchema.parse(r);
    return {
      id: p.id,
      at: p.at,
      actorId: p.actor_id,
      actorName: p.actor_name,
      action: p.action,
      targetType: p.target_type,
      targetId: p.target_id,
      targetName: p.target_name,
      details: p.details,
      ip: p.ip,
    };
  });
  return { entries, nextBefore: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

/** The people who appear in the log (the filter's choices). */
export async function auditActors(sql: Sql): Promise<Array<{ id: string; name: string }>> {
  const rows = await sql`
    select distinct on (actor_id) actor_id, actor_name from audit_log where actor_id is not null order by actor_id, id desc`;
  return rows.map((r) => ({ id: String(r.actor_id), name: String(r.actor_name) })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Deletes entries older than `days` (0: keep all). */
export async function pruneAudit(sql: Sql, days: number): Promise<number> {
  const d = Math.max(0, Math.floor(days));
  if (d === 0) return 0;
  const rows = await sql`delete from audit_log where at < now() - make_interval(days => ${d}::int) returning id`;
  return rows.length;
}
