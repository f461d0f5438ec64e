/**
 * A small website on 127.0.0.1 for the browser tests: each path answers with the page (or the
 * handler) the test gives, and every request is recorded.
 */
import http from 'node:http';

export type Route = string | ((req: http.IncomingMessage, res: http.ServerResponse, body: string) => void);

export interface TestSite {
  url: string;
  /** Paths requested so far, in order (with query strings). */
  requests: Array<{ method: string; path: string; cookie: string }>;
  close(): Promise<void>;
}

/** Wraps a body in a minimal HTML page. */
export function html(body: string, title = 'Test page'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

export async function startTestSite(routes: Record<string, Route>): Promise<TestSite> {
  const requests: TestSite['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, cookie: req.headers.cookie ?? '' });
      const route = routes[path.split('?')[0]];
      if (route === undefined) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end(html('<h1>Not found</h1>', 'Not found'));
      } else if (typeof route === 'string') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(route);
      } else {
        route(req, res, Buffer.concat(chunks).toString('utf8'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
