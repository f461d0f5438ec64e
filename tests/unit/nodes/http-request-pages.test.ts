/**
 * The HTTP request step reading an API that answers in pages, against a real local server
 * that serves the 406 cars of vega-datasets' cars.json (counted with a node one-liner) in pages.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpRequest from '../../../nodes/http-request';
import { nextLinkFromHeader } from '../../../nodes/lib/http-pagination';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';
import { VEGA } from '../../helpers/vega';

const cars = JSON.parse(readFileSync(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];
const PER_PAGE = 50;

let server: Server;
let base: string;
/** Every path and query the server was asked for, in order. */
let asked: string[] = [];
let authHeaders: Array<string | undefined> = [];

function slice(page: number): Item[] {
  return cars.slice((page - 1) * PER_PAGE, page * PER_PAGE);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    asked.push(url.pathname + url.search);
    authHeaders.push(req.headers.authorization);
    const json = (value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const page = Number(url.searchParams.get('page') ?? '1');
    switch (url.pathname) {
      case '/cars': // a bare list per page, empty after the last
        return json(slice(page));
      case '/wrapped': // the list inside the answer, pages counted from 0
        return json({ data: cars.slice(page * PER_PAGE, (page + 1) * PER_PAGE), page });
      case '/cursor': {
        // A relative "next" address in the answer, null on the last page.
        const after = Number(url.searchParams.get('after') ?? '0');
        const results = cars.slice(after, after + 100);
        return json({ results, links: { next: after + 100 < cars.length ? `/cursor?after=${after + 100}` : null } });
      }
      case '/linked': {
        // GitHub style: the next address in the Link header.
        const last = Math.ceil(cars.length / PER_PAGE);
        const link: Record<string, string> =
          page < last ? { link: `<${base}/linked?page=${page + 1}>; rel="next", <${base}/linked?page=${last}>; rel="last"` } : {};
        return json(slice(page), link);
      }
      case '/secure':
        if (req.headers.authorization !== 'Bearer s3cret') {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"error":"who are you?"}');
        }
        return json(slice(page));
      case '/loop':
        return json({ results: [{ n: 1 }], next: '/loop' });
      case '/elsewhere':
        return json({ results: [{ n: 1 }], next: base.replace('127.0.0.1', 'localhost') + '/cars' });
      case '/object':
        return json({ total: 406 });
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function get(config: Record<string, unknown>) {
  asked = [];
  authHeaders = [];
  return runNode(httpRequest, { config: { method: 'GET', ...config }, inputs: { main: [{}] } });
}

describe('http-request pages', () => {
  it('counts up the page number until a page is empty, and passes on all 406 cars in order', async () => {
    const out = await get({ url: `${base}/cars?per=50`, pagination: 'pageNumber', splitArray: true });
    expect(out.main).toEqual(cars);
    // 9 pages hold the cars (8 of 50 and one of 6); the 10th is empty and ends it.
    expect(asked).toEqual(Array.from({ length: 10 }, (_, i) => `/cars?per=50&page=${i + 1}`));
  });

  it('reads the list from a field of the answer, with pages counted from 0', async () => {
    const out = await get({
      url: `${base}/wrapped`,
      pagination: 'pageNumber',
      firstPage: 0,
      pageParameter: 'page',
      itemsField: 'data',
      splitArray: true,
    });
    expect(out.main).toHaveLength(406);
    expect(out.main[405]).toEqual(cars[405]);
    expect(asked[0]).toBe('/wrapped?page=0');
  });

  it('passes on one item per page when entries are not split', async () => {
    const out = await get({ url: `${base}/cars`, pagination: 'pageNumber', splitArray: false });
    expect(out.main).toHaveLength(9);
    expect(out.main.map((page) => (page.body as Item[]).length)).toEqual([50, 50, 50, 50, 50, 50, 50, 50, 6]);
    expect(out.main[0]).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
  });

  it('follows a relative next-page address in a field of the answer until it is null', async () => {
    const out = await get({
      url: `${base}/cursor`,
      pagination: 'nextLink',
      nextLinkField: 'links.next',
      itemsField: 'results',
      splitArray: true,
    });
    expect(out.main).toEqual(cars);
    expect(asked).toEqual(['/cursor', '/cursor?after=100', '/cursor?after=200', '/cursor?after=300', '/cursor?after=400']);
  });

  it('follows the Link header when no field is named', async () => {
    const out = await get({ url: `${base}/linked?page=1`, pagination: 'nextLink', splitArray: true });
    expect(out.main).toEqual(cars);
    expect(asked).toHaveLength(9);
  });

  it('sends the authentication with every page', async () => {
    const out = await get({ url: `${base}/secure`, pagination: 'pageNumber', auth: 'bearer', token: 's3cret', splitArray: true });
    expect(out.main).toHaveLength(406);
    expect(authHeaders).toHaveLength(10);
    expect(authHeaders.every((h) => h === 'Bearer s3cret')).toBe(true);
  });

  it('stops at the page limit and says so in its logs', async () => {
    const { ctx, logs } = fakeCtx(httpRequest, {
      config: { url: `${base}/cars`, pagination: 'pageNumber', maxPages: 3, splitArray: true },
      inputs: { main: [{}] },
    });
    const { outputs } = await httpRequest.execute(ctx);
    expect(outputs.main).toEqual(cars.slice(0, 150));
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'Stopped after 3 pages ("At most this many pages"); there were more.',
    ]);
    expect(logs.at(-1)).toEqual({ level: 'info', message: 'Read 3 pages.' });
  });

  it('stops when a page links back to itself', async () => {
    const { ctx, logs } = fakeCtx(httpRequest, {
      config: { url: `${base}/loop`, pagination: 'nextLink', nextLinkField: 'next' },
      inputs: { main: [{}] },
    });
    const { outputs } = await httpRequest.execute(ctx);
    expect(outputs.main).toHaveLength(1);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('links back to a page already read'))).toBe(true);
  });

  it('refuses to follow a next page on another site, where the login would go too', async () => {
    await expect(
      get({ url: `${base}/elsewhere`, pagination: 'nextLink', nextLinkField: 'next', auth: 'bearer', token: 't' }),
    ).rejects.toThrow(/The next page is on another site \(http:\/\/localhost:\d+\)/);
  });

  it('explains that page numbers need a list to know where the pages end', async () => {
    await expect(get({ url: `${base}/object`, pagination: 'pageNumber' })).rejects.toThrow('set "Field with the list of entries"');
    await expect(get({ url: `${base}/object`, pagination: 'pageNumber', itemsField: 'rows' })).rejects.toThrow(
      'Page 1 has no list in the field "rows"',
    );
  });

  it('reads the next address of a Link header among several relations', () => {
    expect(nextLinkFromHeader('<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"')).toBe(
      'https://api.github.com/x?page=3',
    );
    expect(nextLinkFromHeader('<https://a.example/1>; rel="prev"')).toBeNull();
    expect(nextLinkFromHeader(null)).toBeNull();
  });

  it('splits a list inside the answer without pages too', async () => {
    const out = await get({ url: `${base}/wrapped?page=2`, itemsField: 'data', splitArray: true });
    expect(out.main).toEqual(cars.slice(100, 150));
  });
});
