/**
 * The Database (Postgres) step against a real (embedded) PostgreSQL database of its own: queries
 * with bound parameters, inserts from items, one transaction per step, and plain-word errors.
 */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import postgresCredential from '../../../nodes/credentials/postgres';
import postgresQuery, { postgresQueryConfig } from '../../../nodes/postgres-query';
import type { Item } from '../../../nodes/types';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { fakeCtx, runNode } from '../../unit/nodes/fake-ctx';

let database: TestDatabase;
let credentials: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  credentials = { cred_db: { type: 'postgres', connectionString: database.url, ssl: 'disable' } };
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await database.sql.unsafe(`
    drop table if exists notes, signups;
    create table notes (id serial primary key, body text not null, tags text[], extra jsonb, amount numeric, created timestamptz default '2024-05-01T12:00:00Z');
    create table signups (email text primary key, name text, plan text);
  `);
});

const query = (sql: string, more: Record<string, unknown> = {}) => ({ credential: 'cred_db', operation: 'query', query: sql, ...more });
const insert = (table: string, more: Record<string, unknown> = {}) => ({ credential: 'cred_db', operation: 'insert', table, ...more });
const run = (config: Record<string, unknown>, items: Item[] = [{}]) =>
  runNode(postgresQuery, { config, inputs: { main: items }, credentials });

describe('postgres-query: queries', () => {
  it('binds values as parameters, so a value full of SQL is stored as text and runs nothing', async () => {
    const evil = "x'); drop table notes; --";
    const out = await run(query('insert into notes (body) values ($1) returning id, body', { parameters: [{ value: evil }] }));
    expect(out.main).toEqual([{ id: 1, body: evil }]);
    expect(await database.sql`select body from notes`).toEqual([{ body: evil }]);
  });

  it('gives rows as items: counts and decimals as numbers, times as ISO text, JSON as objects', async () => {
    await database.sql`insert into notes (body, amount, extra, tags) values ('a', 29.90, ${database.sql.json({ city: 'Oslo' })}, '{x,y}')`;
    const out = await run(query('select count(*) over () as n, amount, created, extra, tags from notes'));
    expect(out.main).toEqual([{ n: 1, amount: 29.9, created: '2024-05-01T12:00:00.000Z', extra: { city: 'Oslo' }, tags: ['x', 'y'] }]);
  });

  it('runs once for each item with that item’s values, or once when asked', async () => {
    const items = [{ body: 'one' }, { body: 'two' }];
    const { ctx } = fakeCtx(postgresQuery, {
      config: query('insert into notes (body) values ($1)', { parameters: [{ value: 'first' }] }),
      inputs: { main: items },
      credentials,
    });
    // The engine resolves {{ $json.body }} per item; here each item's own config is built by hand.
    ctx.configFor = (item) =>
      postgresQueryConfig.parse(query('insert into notes (body) values ($1)', { parameters: [{ value: item.body }] }));
    expect((await postgresQuery.execute(ctx)).outputs.main).toEqual([
      { command: 'INSERT', rowCount: 1 },
      { command: 'INSERT', rowCount: 1 },
    ]);
    expect((await database.sql`select body from notes order by id`).map((r) => r.body)).toEqual(['one', 'two']);

    await run(query('insert into notes (body) values ($1)', { parameters: [{ value: 'once' }], runFor: 'once' }), items);
    expect(await database.sql`select count(*)::int as n from notes where body = 'once'`).toEqual([{ n: 1 }]);
  });

  it('sends a list of plain values as an array and an object as JSON', async () => {
    await database.sql`insert into notes (body) values ('a'), ('b'), ('c')`;
    const out = await run(query('select body from notes where body = any($1) order by body', { parameters: [{ value: ['a', 'c'] }] }));
    expect(out.main).toEqual([{ body: 'a' }, { body: 'c' }]);
    const json = await run(query("select $1::jsonb ->> 'city' as city", { parameters: [{ value: { city: 'Oslo' } }] }));
    expect(json.main).toEqual([{ city: 'Oslo' }]);
    const text = await run(query('select $1::text as t', { parameters: [{ value: { city: 'Oslo' } }] }));
    expect(text.main).toEqual([{ t: '{"city":"Oslo"}' }]);
  });

  it('keeps nothing of the step when one statement fails (one transaction)', async () => {
    const { ctx } = fakeCtx(postgresQuery, {
      config: query('insert into notes (body) values ($1)'),
      inputs: { main: [{ body: 'kept?' }, { body: null }] },
      credentials,
    });
    ctx.configFor = (item) =>
      postgresQueryConfig.parse(query('insert into notes (body) values ($1)', { parameters: [{ value: item.body }] }));
    await expect(postgresQuery.execute(ctx)).rejects.toThrow('The column "body" must have a value, but a row had none.');
    expect(await database.sql`select count(*)::int as n from notes`).toEqual([{ n: 0 }]);
  });

  it('says in plain words what is wrong with a query', async () => {
    await expect(run(query('select * from nowhere'))).rejects.toThrow(/^The database has no table "nowhere": check its name/);
    await expect(run(query('select $1::int + $2::int as sum', { parameters: [{ value: 1 }] }))).rejects.toThrow(
      /placeholders and the 1 values under "Query parameters" do not match/,
    );
    await expect(run(query('selec 1'))).rejects.toThrow(/^The SQL has a mistake near character 1\./);
    await expect(run(query('select $1::int as n', { parameters: [{ value: 'ten' }] }))).rejects.toThrow(
      /^A value does not fit its column's type/,
    );
  });

  it('stops a running query when the run is cancelled', async () => {
    const { ctx, controller } = fakeCtx(postgresQuery, { config: query('select pg_sleep(30)'), inputs: { main: [{}] }, credentials });
    const running = postgresQuery.execute(ctx);
    // Cancel once the statement is really running on the server.
    while ((await database.sql`select 1 from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'`).length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    controller.abort(new Error('The run was cancelled.'));
    await expect(running).rejects.toThrow('The run was cancelled.');
  });
});

describe('postgres-query: inserting rows', () => {
  it('puts every field of each item into the column of the same name; missing fields are NULL', async () => {
    const out = await run(insert('notes'), [{ body: 'hello', tags: ['a', 'b'], extra: { n: 1 } }, { body: 'bare' }]);
    expect(out.main).toMatchObject([
      { id: 1, body: 'hello', tags: ['a', 'b'], extra: { n: 1 }, amount: null },
      { id: 2, body: 'bare', tags: null, extra: null },
    ]);
  });

  it('fills the chosen columns from each item’s values', async () => {
    const items = [{ mail: 'ada@example.com', who: 'Ada' }];
    const config = insert('signups', {
      columns: [
        { column: 'email', value: 'x' },
        { column: 'name', value: 'y' },
      ],
    });
    const { ctx } = fakeCtx(postgresQuery, { config, inputs: { main: items }, credentials });
    ctx.configFor = (item) =>
      postgresQueryConfig.parse({
        ...config,
        columns: [
          { column: 'email', value: item.mail },
          { column: 'name', value: item.who },
        ],
      });
    expect((await postgresQuery.execute(ctx)).outputs.main).toEqual([{ email: 'ada@example.com', name: 'Ada', plan: null }]);
  });

  it('stops on a row already there, or skips it when asked', async () => {
    await database.sql`insert into signups (email, name) values ('ada@example.com', 'Ada')`;
    const rows = [
      { email: 'ada@example.com', name: 'Ada again' },
      { email: 'bob@example.com', name: 'Bob' },
    ];
    await expect(run(insert('signups'), rows)).rejects.toThrow(
      /^A row with the same key is already in the table\. Key \(email\)=\(ada@example.com\) already exists/,
    );
    expect(await database.sql`select count(*)::int as n from signups`).toEqual([{ n: 1 }]);

    const out = await run(insert('signups', { onConflict: 'skip' }), rows);
    expect(out.main).toEqual([{ email: 'bob@example.com', name: 'Bob', plan: null }]);
    expect((await database.sql`select name from signups order by email`).map((r) => r.name)).toEqual(['Ada', 'Bob']);
  });

  it('quotes table and column names, so a name cannot smuggle SQL in', async () => {
    await expect(run(insert('signups; drop table notes'), [{ email: 'x' }])).rejects.toThrow(
      /^The database has no table "signups; drop table notes"/,
    );
    await expect(run(insert('signups'), [{ 'email) values (1); drop table notes; --': 'x' }])).rejects.toThrow(/^There is no column/);
    expect(await database.sql`select count(*)::int as n from notes`).toEqual([{ n: 0 }]);
  });

  it('inserts nothing and passes nothing on when no items come in', async () => {
    expect(await run(insert('signups'), [])).toEqual({ main: [] });
  });
});

describe('postgres-query: connection and settings', () => {
  it('explains a database that does not answer', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const down = {
      cred_down: { type: 'postgres', host: '127.0.0.1', port: closed, database: 'shop', user: 'u', password: 'p', ssl: 'disable' },
    };
    await expect(
      runNode(postgresQuery, { config: { ...query('select 1'), credential: 'cred_down' }, inputs: { main: [{}] }, credentials: down }),
    ).rejects.toThrow(`Nothing answers at 127.0.0.1:${closed}: check the server and port, and that the database is running.`);
  });

  it('lets the saved credential’s Test button reach the same database', async () => {
    const values = postgresCredential.schema.parse({ connectionString: database.url, ssl: 'disable' });
    await expect(
      postgresCredential.test!(values, { fetch, resolveHost: async (host: string) => host, signal: new AbortController().signal }),
    ).resolves.toMatch(/^Connected: PostgreSQL \d+/);
  });

  it('asks for what each operation needs, in plain words', () => {
    const messages = (raw: Record<string, unknown>) =>
      postgresQueryConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({})).toEqual(['credential: Choose the database (a saved PostgreSQL credential), or create one under Credentials.']);
    expect(messages({ credential: 'cred_db' })).toEqual(['query: Write the query (SQL) to run.']);
    expect(messages({ credential: 'cred_db', operation: 'insert', columns: [{ column: '', value: 1 }] })).toEqual([
      'table: Enter the table to add rows to.',
      'columns.0.column: Enter the column name, or remove the row.',
    ]);
  });
});
