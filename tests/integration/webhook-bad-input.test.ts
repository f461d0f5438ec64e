/**
 * Webhook bodies built to break the database or the parser: answered 400 with the reason, and
 * nothing is stored (no run, no half-written rows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../server/http/server';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let web: WebServer;
let base: string;

beforeAll(async () => {
  t = await startHarness({ max: 10 });
  ctx = t.ctx;
  web = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  base = web.url.replace('localhost', '127.0.0.1');
  const api = await callerAs(ctx, 'owner');
  const wf = new WorkflowBuilder('bad input');
  wf.add('webhook-trigger', { path: 'in', method: 'POST', maxBodyKb: 1024 }, { id: 'hook' });
  const { id } = await api.workflows.create({ document: wf.toDocument() });
  await api.workflows.setActive({ id, active: true });
  // OPTIONS is answered (204) by a listening webhook and 404 before: a probe that starts no run.
  for (let tries = 0; (await fetch(`${base}/webhook/in`, { method: 'OPTIONS' })).status === 404; tries++) {
    if (tries > 1200) throw new Error('The webhook never started listening (60 s).');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await web?.close();
  await t?.stop();
});

const send = (body: string, type = 'application/json', query = '') =>
  fetch(`${base}/webhook/in${query}`, { method: 'POST', headers: { 'content-type': type }, body });

describe('webhook bodies the database could not store', () => {
  it.each([
    ['JSON nested 10,000 deep', () => send(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), /nested more than \d+ levels/],
    ['a NUL character in JSON', () => send(JSON.stringify({ note: 'a\u0000b' })), /NUL character/],
    ['a lone surrogate in JSON', () => send('{"note": "a\\ud800b"}'), /broken character/],
    ['a NUL character in a key', () => send('{"a\\u0000": 1}'), /NUL character/],
    ['a NUL character in text', () => send('a\u0000b', 'text/plain'), /NUL character/],
    ['a NUL character in the query', () => send('{}', 'application/json', '?x=%00'), /query.*NUL character/],
  ])('answers 400 with the reason for %s, and starts no run', async (_what, request, reason) => {
    const runs = async () => (await ctx.sql<{ n: number }[]>`select count(*)::int as n from runs`)[0].n;
    const before = await runs();
    const res = await request();
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
    expect(await runs()).toBe(before);
  });
});
