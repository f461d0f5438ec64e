/**
 * A failure inside the server reaches the client as a plain message with an error id, never in
 * the database's own words (an audit once saw SQL text, and a whole document with its secrets,
 * in a 500 answer); the log carries the same id with the details, and no statement parameters.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { cookieAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true, log: (line: string) => logs.push(line) });
  base = web.url.replace('localhost', '127.0.0.1');
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

it('answers a database failure with an error id and keeps the details for the log', async () => {
  const cookie = await cookieAs(ctx, 'owner');
  const secret = 'sk_live_do_not_show_this';
  // The database refuses the statement: its table is gone under the server.
  await ctx.sql`alter table workflow_versions rename to workflow_versions_away`;
  try {
    const res = await fetch(`${base}/api/trpc/workflows.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ document: { name: `Token ${secret}`, nodes: [], edges: [] } }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    const message = (JSON.parse(text) as { error: { message: string } }).error.message;
    expect(message).toMatch(/^Something went wrong on the server \(error id err_[0-9a-f]{10}\)\./);
    expect(text).not.toMatch(/workflow_versions|relation|insert|select|postgres/i);
    expect(text).not.toContain(secret);

    const id = /error id (err_[0-9a-f]+)/.exec(message)?.[1];
    const line = logs.find((l) => l.includes(`error id ${id}`));
    expect(line).toMatch(/workflow_versions/);
    expect(logs.join('\n')).not.toContain(secret);
  } finally {
    await ctx.sql`alter table workflow_versions_away rename to workflow_versions`;
  }
});
