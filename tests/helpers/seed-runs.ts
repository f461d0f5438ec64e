/**
 * Many stored runs in one INSERT … SELECT generate_series (100,000 in about a second): three
 * workflows ("Orders", "Prices", "Stock check"), statuses 60 % succeeded / 30 % failed / 10 %
 * cancelled, triggers manual / webhook / schedule, input `{ "orderId": "A-<n>" }`. Run n is
 * `run_seed_<n, 7 digits>`; runs 2k and 2k+1 share a timestamp (paging must not skip either).
 * Used by the runs-page tests and bench/runs-page.ts.
 */
import type { Sql } from 'postgres';

export const SEED_WORKFLOWS = [
  { id: 'wf_seed_0', name: 'Orders' },
  { id: 'wf_seed_1', name: 'Prices' },
  { id: 'wf_seed_2', name: 'Stock check' },
] as const;

export async function seedRuns(sql: Sql, count: number, { first = 1 } = {}): Promise<void> {
  for (const wf of SEED_WORKFLOWS) {
    await sql`insert into workflows (id, name) values (${wf.id}, ${wf.name}) on conflict (id) do nothing`;
  }
  await sql`
    insert into runs (id, workflow_id, workflow_version, document, status, trigger_kind, trigger_payload, error,
                      created_at, started_at, finished_at)
    select 'run_seed_' || lpad(g::text, 7, '0'),
           'wf_seed_' || (g % 3),
           1,
           '{"name":"seeded","nodes":[],"edges":[]}'::jsonb,
           case when g % 10 < 6 then 'succeeded' when g % 10 < 9 then 'failed' else 'cancelled' end,
           case when g % 7 < 4 then 'manual' when g % 7 < 6 then 'webhook' else 'schedule' end,
           json_build_object('orderId', 'A-' || g),
           case when g % 10 between 6 and 8
                then jsonb_build_object('message', 'connect ECONNREFUSED 127.0.0.1:9', 'nodeId', 'fetch') end,
           t, t + interval '10 ms', t + (20 + g % 500) * interval '1 ms'
    from generate_series(${first}::int, ${first + count - 1}::int) as g,
         lateral (select now() - (g / 2) * interval '1 second' as t) as times`;
  await sql`analyze runs`;
}
