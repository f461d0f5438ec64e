/**
 * One port for everything: tRPC and hot paths (health, later webhooks) are answered by plain
 * node:http here, every other request goes to Next's handler. Next alone answers ~1,650 req/s
 * on these machines; node:http ~64,000 (docs/benchmarks.md).
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../trpc/app-router';
import type { AppContext } from '../services/context';
import { startWebhooks } from '../triggers/webhook';
import { isSharePath, serveSharePage } from './share-gate';
import { isDownloadPath, serveDownload } from './file-download';
import { isUploadPath, serveUpload } from './file-upload';
import { loadConfig } from '../config';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WebServerOptions {
  ctx: AppContext;
  host: string;
  port: number;
  /** Serve the UI with `next dev` (hot reload) instead of the production build. */
  dev?: boolean;
  /** Skip Next entirely (API only): for tests and headless workers. */
  noUi?: boolean;
  /** The data folder: Save steps' downloads, Load steps' uploads (default: TASKMASTER_DATA_DIR/files, as the worker). */
  filesDir?: string;
  log?: (message: string) => void;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { ctx, host, port } = options;
  const filesDir = options.filesDir ?? path.join(loadConfig().dataDir, 'files');
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: () => ctx,
    onError: ({ error, path: procedure }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') options.log?.(`API error in ${procedure ?? '?'}: ${error.message}`);
    },
  });

  let nextHandler: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  let closeNext: (() => Promise<void>) | null = null;
  if (!options.noUi) {
    const { default: next } = await import('next');
    const app = next({ dev: options.dev ?? false, dir: REPO_ROOT, hostname: host, port });
    await app.prepare();
    const handle = app.getRequestHandler();
    nextHandler = (req, res) => handle(req, res);
    closeNext = () => app.close();
  }

  // Every web server answers webhooks itself: the hot path never reaches Next.
  const webhooks = await startWebhooks({ ctx, log: options.log });

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/trpc/')) return trpc(req, res);
    if (webhooks.matches(url)) return webhooks.handle(req, res);
    if (isDownloadPath(url)) return void serveDownload(ctx.sql, filesDir, req, res);
    if (isUploadPath(url)) return void serveUpload(filesDir, req, res);
    if (url === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"ok":true}');
    }
    const toNext = nextHandler
      ? () =>
          void nextHandler(req, res).catch((err: unknown) => {
            options.log?.(`page error: ${String(err)}`);
            if (!res.headersSent) res.writeHead(500);
            res.end('Internal error');
          })
      : null;
    // Share links that are off answer 404 before the page is rendered.
    if (isSharePath(url)) {
      serveSharePage(ctx, req, res, toNext).catch((err: unknown) => {
        options.log?.(`share page error: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end('Internal error');
      });
      return;
    }
    if (toNext) return toNext();
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use. Stop the other program or set PORT to another number.`) : err);
    });
    server.listen(port, host, () => resolve());
  }).catch(async (err: unknown) => {
    await webhooks.close();
    throw err;
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${actualPort}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await webhooks.close();
      await closeNext?.();
    },
  };
}
