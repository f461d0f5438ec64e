/**
 * The one-time pass that encrypts secrets typed into steps of workflow versions and runs stored
 * before secrets were kept encrypted: batched, resumable after a crash part-way, done once.
 * Real Postgres; 25 and 1,001 stored versions and runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes';
import { sealStoredTypedSecrets } from '../../server/credentials/seal-stored-secrets';
import { openTypedSecrets } from '../../server/credentials/step-secrets-at-rest';
import { readSealPassMarker, SEAL_PASS_KEY } from '../../server/db/step-secrets';
import type { WorkflowDocument } from '../../core/document';
import { type Harness, startHarness } from '../helpers/harness';

const TOKEN = 'sk_plain_before_sealing_51c2';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

function documentWith(token: string): WorkflowDocument {
  return {
    name: 'Old workflow',
    nodes: [
      { id: 't', type: 'manual-trigger', name: 'Start', config: {}, position: { x: 0, y: 0 } },
      {
        id: 'h',
        type: 'http-request',
        name: 'Call API',
        config: { url: 'https://api.example.com', auth: 'bearer', token },
        position: { x: 200, y: 0 },
      },
    ],
    edges: [{ id: 'e', source: 't', target: 'h' }],
  } as WorkflowDocument;
}

/** `count` workflow versions and runs stored as before sealing existed: plain tokens, straight into the tables. */
async function seedPlain(prefix: string, count: number): Promise<void> {
  const plain = JSON.stringify(documentWith(TOKEN));
  const clean = JSON.stringify({ name: 'No secrets', nodes: [], edges: [] });
  await ctx.sql`insert into workflows (id, name) select ${prefix} || '_wf_' || lpad(g::text, 5, '0'), 'Old' from generate_series(1, ${count}::int) g`;
  await ctx.sql`
    insert into workflow_versions (workflow_id, version, document)
    select ${prefix} || '_wf_' || lpad(g::text, 5, '0'), 1, ${plain}::text::jsonb from generate_series(1, ${count}::int) g`;
  // Every third run holds no secret: it must be left as it is.
  await ctx.sql`
    insert into runs (id, workflow_id, workflow_version, document, status)
    select ${prefix} || '_run_' || lpad(g::text, 5, '0'), ${prefix} || '_wf_' || lpad(g::text, 5, '0'), 1,
           (case when g % 3 = 0 then ${clean}::text else ${plain}::text end)::jsonb, 'succeeded'
    from generate_series(1, ${count}::int) g`;
}

async function plainLeft(): Promise<number> {
  const [row] = await ctx.sql<Array<{ n: number }>>`
    select ((select count(*) from workflow_versions where document::text like ${`%${TOKEN}%`})
          + (select count(*) from runs where document::text like ${`%${TOKEN}%`}))::int as n`;
  return row.n;
}

async function resetPass(): Promise<void> {
  await ctx.sql`delete from settings where key = ${SEAL_PASS_KEY}`;
  await ctx.sql`delete from runs`;
  await ctx.sql`delete from workflows`;
}

describe('sealing typed secrets stored before encryption', () => {
  it('seals 25 stored versions and runs in one pass, leaves documents without secrets alone, and stays done', async () => {
    await resetPass();
    await seedPlain('a', 25);
    const cleanBefore =
      await ctx.sql`select id, document::text as text from runs where document::text not like ${`%${TOKEN}%`} order by id`;
    expect(await plainLeft()).toBe(25 + 17);

    const result = await sealStoredTypedSecrets(ctx.sql, { lookup: getNodeType, keys: ctx.keys });
    expect(result).toEqual({ sealed: 25 + 17, done: true });
    expect(await plainLeft()).toBe(0);
    const cleanAfter =
      await ctx.sql`select id, document::text as text from runs where id = any(${cleanBefore.map((r) => r.id as string)}) order by id`;
    expect(cleanAfter).toEqual(cleanBefore);

    // What was sealed opens to the same token, and the document is otherwise unchanged.
    const [run] = await ctx.sql<Array<{ document: WorkflowDocument }>>`select document from runs where id = 'a_run_00001'`;
    expect(JSON.stringify(run.document)).toContain('tm-sealed:v1:');
    const opened = await openTypedSecrets(run.document, getNodeType, ctx.keys);
    expect(opened.unreadable).toEqual([]);
    expect(opened.document).toEqual(documentWith(TOKEN));

    // Done: a later start does nothing, even if a plain value appeared somehow.
    expect((await readSealPassMarker(ctx.sql)).done).toBe(true);
    await ctx.sql`update runs set document = ${JSON.stringify(documentWith(TOKEN))}::text::jsonb where id = 'a_run_00002'`;
    expect(await sealStoredTypedSecrets(ctx.sql, { lookup: getNodeType, keys: ctx.keys })).toEqual({ sealed: 0, done: true });
  });

  it('goes on where it stopped after a crash part-way through 1,001 versions and runs, sealing each once', async () => {
    await resetPass();
    await seedPlain('b', 1001);
    const plainRuns = 1001 - Math.floor(1001 / 3);
    expect(await plainLeft()).toBe(1001 + plainRuns);

    // The process dies after its third batch of 200 (versions 1–600 sealed, stored with their place).
    let batches = 0;
    const crash = new Error('killed');
    await expect(
      sealStoredTypedSecrets(ctx.sql, {
        lookup: getNodeType,
        keys: ctx.keys,
        batchSize: 200,
        afterBatch: () => {
          if (++batches === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const marker = await readSealPassMarker(ctx.sql);
    expect(marker).toEqual({ done: false, versionsAfter: ['b_wf_00600', 1], runsAfter: null });
    expect(await plainLeft()).toBe(1001 - 600 + plainRuns);
    const [early] = await ctx.sql<
      Array<{ text: string }>
    >`select document::text as text from workflow_versions where workflow_id = 'b_wf_00001'`;

    // The next start goes on from version 601: 3 more batches of versions, 6 of runs.
    const places: Array<string | null> = [];
    const result = await sealStoredTypedSecrets(ctx.sql, {
      lookup: getNodeType,
      keys: ctx.keys,
      batchSize: 200,
      afterBatch: (m) => void places.push(m.runsAfter ?? m.versionsAfter?.[0] ?? null),
    });
    expect(result).toEqual({ sealed: 401 + plainRuns, done: true });
    expect(places).toEqual([
      'b_wf_00800',
      'b_wf_01000',
      'b_wf_01001',
      'b_run_00200',
      'b_run_00400',
      'b_run_00600',
      'b_run_00800',
      'b_run_01000',
      'b_run_01001',
    ]);
    expect(await plainLeft()).toBe(0);
    // What the first pass sealed was not sealed again.
    const [same] = await ctx.sql<
      Array<{ text: string }>
    >`select document::text as text from workflow_versions where workflow_id = 'b_wf_00001'`;
    expect(same.text).toBe(early.text);
  }, 300_000);
});
