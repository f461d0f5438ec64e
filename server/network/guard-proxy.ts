/**
 * A local proxy that a guarded browser sends everything through (pages, redirects, scripts,
 * WebSockets), so the outbound rules hold for the connections Chromium makes by itself: each one
 * is checked by the connector's `resolveHost` and made to the address that was checked, never to
 * the name again (Chromium resolving it a second time would let DNS rebinding pass).
 *
 * Listens on 127.0.0.1 on a free port, for one browser; closed with it.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { OutboundBlockedError } from './guarded-fetch';

export interface GuardProxy {
  /** For Chromium's proxy setting: http://127.0.0.1:<port>. */
  server: string;
  close(): Promise<void>;
}

type ResolveHost = (host: string) => Promise<string>;

/** "example.com:443" or "[::1]:443" (a CONNECT target) → host and port. */
function splitTarget(target: string): { host: string; port: number } | null {
  const match = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(target);
  if (!match) return null;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: match[1], port } : null;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startGuardProxy(resolveHost: ResolveHost, onBlocked: (message: string) => void = () => {}): Promise<GuardProxy> {
  const sockets = new Set<net.Socket | Duplex>();
  const track = <T extends net.Socket | Duplex>(socket: T): T => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };

  /** The checked address, or null after answering the browser with the refusal. */
  const checked = async (host: string, refuse: (message: string) => void): Promise<string | null> => {
    try {
      return await resolveHost(host);
    } catch (error) {
      const message = reasonOf(error);
      if (error instanceof OutboundBlockedError) onBlocked(message);
      refuse(message);
      return null;
    }
  };

  const server = http.createServer(async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.protocol !== 'http:') {
      res.writeHead(400).end();
      return;
    }
    const address = await checked(url.hostname.replace(/^\[|\]$/g, ''), (message) => {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`Blocked by TaskMaster's Settings: ${message}`);
    });
    if (address === null) return;
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: address, port: Number(url.port || 80), method: req.method, path: `${url.pathname}${url.search}`, headers, setHost: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  const tunnel = async (target: { host: string; port: number }, client: Duplex, head: Buffer, opening: string | null) => {
    track(client);
    client.on('error', () => {});
    const address = await checked(target.host, () => client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'));
    if (address === null) return;
    const remote = track(net.connect(target.port, address));
    remote.on('error', () => client.destroy());
    client.on('close', () => remote.destroy());
    remote.once('connect', () => {
      if (opening === null) client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      else remote.write(opening);
      if (head.length) remote.write(head);
      remote.pipe(client);
      client.pipe(remote);
    });
  };

  // HTTPS and WebSockets (Chromium tunnels both with CONNECT).
  server.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    const target = splitTarget(req.url ?? '');
    if (!target) return void client.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    void tunnel(target, client, head, null);
  });

  // A plain ws:// upgrade sent to the proxy as an absolute URL: passed on as it came.
  server.on('upgrade', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return void client.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    }
    const lines = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!/^proxy-/i.test(req.rawHeaders[i])) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    const port = Number(url.port || (url.protocol === 'wss:' || url.protocol === 'https:' ? 443 : 80));
    void tunnel({ host: url.hostname.replace(/^\[|\]$/g, ''), port }, client, head, `${lines.join('\r\n')}\r\n\r\n`);
  });
  server.on('connection', (socket) => track(socket));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
