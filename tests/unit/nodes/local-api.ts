/**
 * A real HTTP server on 127.0.0.1 for node tests that call an API (GitHub, OpenAI): each test
 * answers requests with its own handler and reads back what the node sent.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, like `/repos/o/r/issues?page=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON when it is JSON, else the text ('' for none). */
  body: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

export interface LocalApi {
  /** Address of the server, like `http://127.0.0.1:41234`. */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startLocalApi(handler: (req: ReceivedRequest, n: number) => Reply | Promise<Reply>): Promise<LocalApi> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : '';
      } catch {
        // kept as text
      }
      const received: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(received);
      Promise.resolve(handler(received, requests.length))
        .then((reply) => {
          const payload = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
          const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
          res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
          res.end(payload);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
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
