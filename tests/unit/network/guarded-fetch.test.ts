/**
 * The fetch steps get, against two real local servers: one that redirects wherever its query
 * says, and one that echoes what it received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, notAllowedMessage, type OutboundRules } from '../../../server/network/guarded-fetch';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

let server: http.Server;
let other: http.Server;
let port: number;
let otherPort: number;
const seen: Seen[] = [];

function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body });
    const to = url.searchParams.get('to');
    if (to) {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${req.method} ${url.pathname}`);
  });
}

async function listen(s: http.Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  server = http.createServer(handler);
  other = http.createServer(handler);
  port = await listen(server);
  otherPort = await listen(other);
});

afterAll(async () => {
  await Promise.all([server, other].map((s) => new Promise((resolve) => s.close(resolve))));
});

const rules: OutboundRules = { allowedHosts: [], denyPrivateNetworks: false };
const fetchWith = (r: OutboundRules) => guardedFetch(globalThis.fetch, () => r);

describe('outbound rules in the fetch steps get', () => {
  it('goes straight through without rules', async () => {
    const res = await fetchWith(rules)(`http://127.0.0.1:${port}/plain`);
    expect(await res.text()).toBe('GET /plain');
  });

  it('refuses a host that is not on the list, naming it and pointing to Settings', async () => {
    const strict = fetchWith({ allowedHosts: ['localhost'], denyPrivateNetworks: false });
    await expect(strict(`http://127.0.0.1:${port}/x`)).rejects.toThrow(notAllowedMessage('127.0.0.1'));
    expect(notAllowedMessage('127.0.0.1')).toBe(
      'The address "127.0.0.1" is not on the list of sites steps may call. An administrator can add it in Settings, under "Sites steps may call".',
    );
    const res = await strict(`http://localhost:${port}/ok`);
    expect(await res.text()).toBe('GET /ok');
  });

  it('checks every redirect: an allowed host can’t send a request to one that is not', async () => {
    const strict = fetchWith({ allowedHosts: ['localhost'], denyPrivateNetworks: false });
    const before = seen.length;
    const away = `http://localhost:${port}/hop?to=${encodeURIComponent(`http://127.0.0.1:${otherPort}/secret`)}`;
    await expect(strict(away)).rejects.toThrow(notAllowedMessage('127.0.0.1'));
    expect(seen.slice(before).map((s) => s.path)).toEqual(['/hop']);
  });

  it('follows redirects between allowed hosts as fetch would (a POST after 302 becomes a GET)', async () => {
    const strict = fetchWith({ allowedHosts: ['localhost'], denyPrivateNetworks: false });
    const res = await strict(`http://localhost:${port}/form?to=/done`, { method: 'POST', body: 'a=1' });
    expect(await res.text()).toBe('GET /done');
    const kept = await strict(`http://localhost:${port}/form?to=/kept&status=307`, { method: 'POST', body: 'a=1' });
    expect(await kept.text()).toBe('POST /kept');
    expect(seen.at(-1)?.body).toBe('a=1');
  });

  it('does not carry sign-in headers on to another site', async () => {
    const strict = fetchWith({ allowedHosts: ['localhost'], denyPrivateNetworks: false });
    await strict(`http://localhost:${port}/same?to=/next`, { headers: { authorization: 'Bearer t0ken' } });
    expect(seen.at(-1)).toMatchObject({ path: '/next', authorization: 'Bearer t0ken' });
    await strict(`http://localhost:${port}/cross?to=${encodeURIComponent(`http://localhost:${otherPort}/there`)}`, {
      headers: { authorization: 'Bearer t0ken' },
    });
    expect(seen.at(-1)).toMatchObject({ path: '/there', authorization: undefined });
  });

  it('hands back the redirect itself when the request asks not to follow', async () => {
    const strict = fetchWith({ allowedHosts: ['localhost'], denyPrivateNetworks: false });
    const res = await strict(`http://localhost:${port}/m?to=https://elsewhere.example/`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([302, 'https://elsewhere.example/']);
  });

  it('blocks private and local addresses, typed as numbers or behind a name', async () => {
    const closed = fetchWith({ allowedHosts: [], denyPrivateNetworks: true });
    await expect(closed(`http://127.0.0.1:${port}/`)).rejects.toThrow(
      '"127.0.0.1" is a private or local address, and Settings block those.',
    );
    // localhost and the names below it are this computer whatever DNS says (browsers never ask it).
    await expect(closed(`http://localhost:${port}/`)).rejects.toThrow(/"localhost" is a private or local address/);
    await expect(closed(`http://shop.localhost:${port}/`)).rejects.toThrow(/"shop.localhost" is a private or local address/);
    await expect(closed(`http://[::ffff:127.0.0.1]:${port}/`)).rejects.toThrow('is a private or local address');
  });

  it('reads the rules at every request, so a change applies to the next one', async () => {
    const live: OutboundRules = { allowedHosts: [], denyPrivateNetworks: false };
    const f = fetchWith(live);
    expect((await f(`http://127.0.0.1:${port}/a`)).status).toBe(200);
    live.allowedHosts = ['api.example.com'];
    await expect(f(`http://127.0.0.1:${port}/a`)).rejects.toThrow(notAllowedMessage('127.0.0.1'));
  });
});
