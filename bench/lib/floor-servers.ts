/**
 * HTTP floors for the load benchmarks, served from the benchmark process (idle while wrk
 * runs): a bare node:http server answering JSON; one that also commits one INSERT per request
 * to the same embedded Postgres; and one whose INSERT also sends a pg_notify, as TaskMaster's
 * writes do (Postgres holds a database-wide lock from a notifying commit's start until it is
 * flushed, so such commits cannot share a disk flush).
 */
import http from 'node:http';
import postgres from 'postgres';

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

export async function floorServer(kind: 'bare' | 'insert' | 'notify', databaseUrl?: string): Promise<FloorServer> {
  const sql = kind !== 'bare' && databaseUrl ? postgres(databaseUrl, { max: 10, onnotice: () => {} }) : null;
  if (sql) await sql`create table if not exists bench_floor (id serial primary key, v jsonb)`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      const answer = () => {
        const text = JSON.stringify([{ name: body.name, processed: true }]);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (!sql) return answer();
      const write =
        kind === 'notify'
          ? sql`with i as (insert into bench_floor (v) values (${sql.json(body as never)}) returning id) select pg_notify('bench_floor', i.id::text) from i`
          : sql`insert into bench_floor (v) values (${sql.json(body as never)})`;
      write.then(answer, () => {
        res.writeHead(500);
        res.end();
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql?.end({ timeout: 5 });
    },
  };
}
