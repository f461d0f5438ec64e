/**
 * Reads from and writes to a PostgreSQL database chosen as a saved credential: a query with
 * values bound as parameters ($1, $2… sent apart from the SQL, so no value can change the
 * statement), or rows inserted from items. All statements of one step run in one transaction.
 */
import type postgres from 'postgres';
import { z } from 'zod';
import postgresCredential from './credentials/postgres';
import { defineNode, field, MAIN, type Item, type NodeContext } from './types';
import { requiredCredentialField } from './lib/credential-field';
import { connectPostgres, explainConnectError } from './lib/postgres-connection';
import { explainQueryError, rowsToItems, toDatabaseValue } from './lib/postgres-data';

const onlyFor = (operation: 'query' | 'insert') => ({ operation: [operation] });

const parameter = z.object({
  value: field(z.unknown().optional(), { label: 'Value', placeholder: '{{ $json.email }}' }),
});

const column = z.object({
  column: field(z.string().trim().default(''), { label: 'Column', placeholder: 'email' }),
  value: field(z.unknown().optional(), { label: 'Value', placeholder: '{{ $json.email }}' }),
});

export const postgresQueryConfig = z
  .object({
    credential: requiredCredentialField(
      ['postgres'],
      {
        label: 'Database',
        help: 'A PostgreSQL database saved under Credentials: its address and password stay encrypted and out of the workflow.',
      },
      'Choose the database (a saved PostgreSQL credential), or create one under Credentials.',
    ),
    operation: field(z.enum(['query', 'insert']).default('query'), {
      label: 'What to do',
      widget: 'select',
      optionLabels: { query: 'Run a query (SQL)', insert: 'Insert rows into a table' },
    }),
    query: field(z.string().default(''), {
      label: 'Query (SQL)',
      help: 'One SQL statement. Where a value from the items goes, write $1, $2… and list the values below: they are sent apart from the SQL, so no value can change the statement.',
      placeholder: 'select * from orders where customer_email = $1',
      widget: 'textarea',
      // Values come in through the parameters, never pasted into the SQL text.
      expressions: false,
      showWhen: onlyFor('query'),
    }),
    parameters: field(z.array(parameter).default([]), {
      label: 'Query parameters',
      help: 'The first value is $1, the second $2… Use {{ }} for values from the item, like {{ $json.email }}. A list of plain values is sent as an array (for = any($1)), an object as JSON.',
      widget: 'list',
      showWhen: onlyFor('query'),
    }),
    runFor: field(z.enum(['each', 'once']).default('each'), {
      label: 'Run the query',
      widget: 'select',
      optionLabels: { each: 'Once for each item', once: 'Once (values from the first item)' },
      showWhen: onlyFor('query'),
    }),
    table: field(z.string().trim().default(''), {
      label: 'Table',
      help: 'The table to add rows to, like signups or shop.orders.',
      placeholder: 'signups',
      expressions: false,
      showWhen: onlyFor('insert'),
    }),
    columns: field(z.array(column).default([]), {
      label: 'Columns',
      help: 'Each column to fill and its value, like email = {{ $json.email }}. Leave empty to put every field of the item into the column of the same name.',
      widget: 'list',
      showWhen: onlyFor('insert'),
    }),
    onConflict: field(z.enum(['fail', 'skip']).default('fail'), {
      label: 'When the row already exists',
      help: 'A row "already exists" when a unique column (like an id or email with a unique key) has the same value.',
      widget: 'select',
      optionLabels: { fail: 'Stop with an error', skip: 'Skip it and keep the row that is there' },
      showWhen: onlyFor('insert'),
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.operation === 'query' && cfg.query.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['query'], message: 'Write the query (SQL) to run.' });
    }
    if (cfg.operation === 'insert') {
      if (cfg.table === '') ctx.addIssue({ code: 'custom', path: ['table'], message: 'Enter the table to add rows to.' });
      cfg.columns.forEach((c, i) => {
        if (c.column === '')
          ctx.addIssue({ code: 'custom', path: ['columns', i, 'column'], message: 'Enter the column name, or remove the row.' });
      });
    }
  });
type QueryConfig = z.output<typeof postgresQueryConfig>;
type Ctx = NodeContext<QueryConfig>;

const savedDatabase = postgresCredential.schema.extend({ type: z.literal('postgres') });

/** postgres.js sends at most 65,535 values per statement; rows go in batches below that. */
const MAX_VALUES = 60_000;

async function runQueries(ctx: Ctx, tx: postgres.TransactionSql): Promise<Item[]> {
  const items = ctx.inputs.main ?? [];
  const configs = ctx.config.runFor === 'once' || items.length === 0 ? [ctx.config] : items.map((item, i) => ctx.configFor(item, i));
  const out: Item[] = [];
  for (const cfg of configs) {
    const values = cfg.parameters.map((p) => toDatabaseValue(p.value));
    let result: postgres.RowList<postgres.Row[]>;
    try {
      // `unsafe` only means "SQL text not written as a tagged template": the values are still bound parameters.
      result = await tx.unsafe(cfg.query, values as postgres.ParameterOrJSON<never>[]);
    } catch (error) {
      throw explainQueryError(error, { parameters: values.length });
    }
    // Statements that return rows (select, … returning) give those; others say what they did.
    if (result.columns?.length) out.push(...rowsToItems(result, result.columns));
    else out.push({ command: result.command, rowCount: result.count ?? 0 });
  }
  const runs = configs.length === 1 ? 'once' : `${configs.length} times`;
  ctx.log.info(`Ran the query ${runs}: ${out.length} ${out.length === 1 ? 'item' : 'items'} out.`);
  return out;
}

function rowFor(ctx: Ctx, item: Item, index: number): Record<string, unknown> {
  const mapping = ctx.config.columns.length ? ctx.configFor(item, index).columns : null;
  const entries = mapping ? mapping.map((c) => [c.column, c.value] as const) : Object.entries(item);
  return Object.fromEntries(entries.map(([key, value]) => [key, toDatabaseValue(value)]));
}

async function insertRows(ctx: Ctx, tx: postgres.TransactionSql): Promise<Item[]> {
  const items = ctx.inputs.main ?? [];
  const rows = items.map((item, i) => rowFor(ctx, item, i));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length === 0) return [];
  if (columns.length === 0) throw new Error('The items have no fields to insert: list the columns and their values under "Columns".');
  // Every row names every column; a field an item lacks is NULL (the driver refuses undefined).
  // Values are item JSON; the driver serialises each as its column's type (see toDatabaseValue).
  const complete = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) as Array<
    Record<string, postgres.ParameterOrJSON<never>>
  >;
  const size = Math.max(1, Math.floor(MAX_VALUES / columns.length));
  const inserted: Item[] = [];
  for (let start = 0; start < complete.length; start += size) {
    const batch = complete.slice(start, start + size);
    const conflict = ctx.config.onConflict === 'skip' ? tx`on conflict do nothing` : tx``;
    try {
      const result = await tx`insert into ${tx(ctx.config.table)} ${tx(batch, columns)} ${conflict} returning *`;
      inserted.push(...rowsToItems(result, result.columns));
    } catch (error) {
      throw explainQueryError(error);
    }
  }
  const skipped = rows.length - inserted.length;
  ctx.log.info(
    `Inserted ${inserted.length} ${inserted.length === 1 ? 'row' : 'rows'} into ${ctx.config.table}${skipped ? `; skipped ${skipped} already there` : ''}.`,
  );
  return inserted;
}

export default defineNode({
  id: 'postgres-query',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Database (Postgres)',
  description: 'Runs a query on a PostgreSQL database, with values from the items as parameters, or inserts the items as rows.',
  icon: 'database',
  config: postgresQueryConfig,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    credential: 'cred_example',
    operation: 'query',
    query: 'select id, total from orders where customer_email = $1',
    parameters: [{ value: '{{ $json.email }}' }],
  },
  async execute(ctx) {
    const saved = savedDatabase.safeParse(await ctx.credentials.get(ctx.config.credential));
    if (!saved.success) {
      throw new Error(
        'The saved database is incomplete: open it under Credentials, fill in the connection string or the server, database and user, and save it again.',
      );
    }
    const db = connectPostgres(saved.data, ctx.signal, ctx.resolveHost);
    let connected = false;
    try {
      const work = ctx.config.operation === 'insert' ? insertRows : runQueries;
      // One transaction: when a statement fails, nothing of this step is kept, so a retry starts clean.
      const items = await db.sql.begin((tx) => {
        connected = true;
        return work(ctx, tx);
      });
      return { outputs: { main: items } };
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      // Before the transaction began, the failure is the connection's (the statements explain their own).
      throw connected ? error : explainConnectError(error, db.where);
    } finally {
      await db.close();
    }
  },
});
