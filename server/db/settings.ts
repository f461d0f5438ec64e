/**
 * The `settings` table: one row per saved setting (core/settings-schema.ts). Every change
 * sends a NOTIFY in its transaction, so each process's settings store (server/settings/store.ts)
 * reloads right after the commit.
 */
import type { Sql } from 'postgres';

export const SETTINGS_CHANNEL = 'taskmaster_settings';

export interface SettingRow {
  key: string;
  value: unknown;
  updatedAt: Date;
}

export async function readSettingRows(sql: Sql): Promise<SettingRow[]> {
  const rows = await sql<Array<{ key: string; value: unknown; updated_at: Date }>>`select key, value, updated_at from settings`;
  return rows.map((r) => ({ key: r.key, value: r.value, updatedAt: r.updated_at }));
}

/** Saves the given settings (values already validated) in one transaction and tells every process. */
export async function writeSettingRows(sql: Sql, values: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(values);
  if (entries.length === 0) return;
  await sql.begin(async (tx) => {
    for (const [key, value] of entries) {
      await tx`
        insert into settings (key, value, updated_at) values (${key}, ${JSON.stringify(value)}::text::jsonb, now())
        on conflict (key) do update set value = excluded.value, updated_at = now()`;
    }
    await tx`select pg_notify(${SETTINGS_CHANNEL}, ${entries.map(([key]) => key).join(',')})`;
  });
}
