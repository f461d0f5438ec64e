/**
 * One port for everything: tRPC and hot paths (health, later webhooks) are answered by plain
 * node:http here, every other request goes to Next's handler. Next alone answers ~1,650 req/s
 * on these machines; node:http ~64,000 (docs/benchmarks.md).
 *
 * The server listens before Next is ready: webhooks, health, downloads and uploads are answered
 * at once, while Next's `prepare()` (~0.3 s of the main thread) runs after `gate`; tRPC and page
 * requests that arrive earlier wait for the gate and for Next rather than fail.
 */
import { errorIdOf, loggableDetails } from '../observability/error-id';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../trpc/app-router';
import type { AppContext } from '../context';
import { startWebhooks } from '../triggers/webhook';
import { isSharePath, serveSharePage } from './share-gate';
import { isDownloadPath, serveDownload } from './file-download';
import { isUploadPath, serveUpload } from './file-upload';
import { loadConfig } from '../config';
import type { Principal } from '../auth/principal';
import { principalOf } from '../auth/request';
import { assertRunRight } from '../auth/access';
import { hasRole, type Role } from '../../core/roles';
import type { SignInLimits } from '../auth/rate-limit';
import { listensOnLoopbackOnly, newSetupCode } from '../auth/setup-code';
import { ownerExists } from '../db/users';
import { createAuthRoutes } from './auth-routes';
import { gatePage } from './page-gate';
import { contentSecurityPolicy, crossSiteWrite, hostAllowed, hostName, isJsonBody, refuse, setSecurityHeaders } from './web-security';
import { recordWebhook } from '../observability/metrics';
import { isOpsPath, serveOps } from './ops';
import { createRestApi } from './rest/handler';
import { savedPublicHost } from '../settings/public-address';

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
  /** TASKMASTER_PUBLIC_URL (default: from the environment): allowed Host, Secure cookies, links. */
  publicUrl?: string;
  /**
   * The owner setup's one-time code (TASKMASTER_SETUP_CODE). Default: none on loopback, else a
   * new one printed in the log (server/auth/setup-code.ts).
   */
  setupCode?: string;
  /** Failed sign-ins allowed per account and per address in 5 minutes (default 5 and 20). */
  signInLimits?: SignInLimits;
  /**
   * What tRPC and page requests wait for (and Next's `prepare` starts after), e.g. the worker and
   * the built-in templates. Default: nothing. If it rejects, those requests get a 503.
   */
  gate?: Promise<unknown>;
}

export interface WebServer {
  url: string;
  /** Resolves when the gate has passed and Next is prepared; rejects if either fails. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { ctx, host, port } = options;
  const config = loadConfig();
  const filesDir = options.filesDir ?? path.join(config.dataDir, 'files');
  const publicUrl = options.publicUrl ?? config.publicUrl;
  const authOptions = { publicUrl };
  const security = { publicUrl, listenHost: host, dev: options.dev };
  const csp = contentSecurityPolicy(options.dev);
  const setupCode = options.setupCode ?? config.setupCode ?? (listensOnLoopbackOnly(host) ? null : newSetupCode());
  const authRoutes = createAuthRoutes({ ctx, auth: authOptions, setupCode, log: options.log, limits: options.signInLimits });
  if (setupCode !== null && !options.setupCode && !config.setupCode) {
    void ownerExists(ctx.db).then(
      (has) => !has && options.log?.(`No owner yet. To create the owner account, open TaskMaster and enter this setup code: ${setupCode}`),
      () => {},
    );
  }
  const principal = (req: http.IncomingMessage) => principalOf(ctx, req, authOptions);
  /** Runs `then` when the request's principal has at least `role`; else a 401 or 403 answer. */
  const withRole = (req: http.IncomingMessage, res: http.ServerResponse, role: Role, then: (who: Principal) => Promise<void>) => {
    principal(req)
      .then((who) => {
        if (!who) return refuse(res, 401, 'Sign in to do this.');
        if (!hasRole(who.role, role)) return refuse(res, 403, `Your role (${who.role}) can't do this.`);
        return then(who);
      })
      .catch((err: unknown) => {
        options.log?.(`request error: ${String(err)}`);
        if (!res.headersSent) refuse(res, 500, 'Internal error');
        else res.end();
      });
  };
  const rest = createRestApi({ ctx, publicUrl, log: options.log });
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: async ({ req }) => ({
      ...ctx,
      principal: await principal(req),
      publicUrl,
      requestOrigin: req.headers.host ? `http://${req.headers.host}` : undefined,
    }),
    onError: ({ error, path: procedure }) => {
      // Details and the id the client was given; never the statement's parameters (postgres.js
      // keeps those on the error, and they can hold a whole document with its secrets).
      if (error.code === 'INTERNAL_SERVER_ERROR')
        options.log?.(`API error in ${procedure ?? '?'} (error id ${errorIdOf(error)}): ${loggableDetails(error)}`);
    },
  });

  const gate = options.gate ?? Promise.resolve();
  // Next's handler once the gate has passed and Next is prepared (null with noUi or when closed first).
  let closeNext: (() => Promise<void>) | null = null;
  let closing = false;
  const nextReady: Promise<((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null> = gate.then(async () => {
    if (options.noUi || closing) return null;
    const { default: next } = await import('next');
    const app = next({ dev: options.dev ?? false, dir: REPO_ROOT, hostname: host, port });
    closeNext = () => app.close();
    await app.prepare();
    const handle = app.getRequestHandler();
    return (req, res) => handle(req, res);
  });
  // Handled here; the caller sees failures through `ready`.
  nextReady.catch(() => {});

  // Requests that must wait for the gate (and Next): answered 503 if starting failed.
  const afterReady = <T>(res: http.ServerResponse, waitFor: Promise<T>, then: (value: T) => void) => {
    waitFor.then(then, (err: unknown) => {
      options.log?.(`request before start-up failed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('TaskMaster did not start; see the server log.');
    });
  };

  // Every web server answers webhooks itself: the hot path never reaches Next.
  const webhooks = await startWebhooks({ ctx, log: options.log });

  // Settings → Public address: its host passes the Host check too (read a few times a minute).
  const publicHost = savedPublicHost(ctx.sql);
  const server = http.createServer((req, res) => {
    // Before anything else (server/http/web-security.ts): headers, Host, cross-site writes.
    setSecurityHeaders(res, security, csp);
    if (hostAllowed(req.headers.host, security)) return handle(req, res);
    const name = hostName(req.headers.host);
    publicHost().then(
      (saved) => {
        if (name !== null && name === saved) return handle(req, res);
        refuse(
          res,
          421,
          `This TaskMaster does not answer for the address "${name ?? '(none)'}". Open it at localhost, or set the public address (Settings, or TASKMASTER_PUBLIC_URL) to the address people use.`,
        );
      },
      (err: unknown) => {
        options.log?.(`Host check failed: ${String(err)}`);
        refuse(res, 503, 'TaskMaster could not check the address; try again.');
      },
    );
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    // Webhooks are public by design: other services call them, with their own authentication.
    if (webhooks.matches(url)) {
      const started = performance.now();
      res.once('finish', () => recordWebhook(res.statusCode, (performance.now() - started) / 1000));
      return webhooks.handle(req, res);
    }
    // Health and metrics (server/http/ops.ts decides who may read metrics).
    if (isOpsPath(url)) {
      return void serveOps(ctx.sql, req, res).catch((err: unknown) => {
        options.log?.(`health or metrics failed: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    }
    if (crossSiteWrite(req)) return refuse(res, 403, 'This request came from another site and was refused.');
    // The REST API (API keys only, no cookies: server/http/rest/); it waits for start-up like tRPC.
    if (rest.matches(url)) return afterReady(res, gate, () => rest.handle(req, res));
    if (url.startsWith('/api/trpc/') || authRoutes.matches(url)) {
      // Forms (multipart, urlencoded, text/plain) can be posted by any site without a preflight.
      if (!isJsonBody(req)) return refuse(res, 415, 'This address accepts JSON only (content-type: application/json).');
      if (authRoutes.matches(url)) return void authRoutes.handle(req, res);
      return afterReady(res, gate, () => void trpc(req, res));
    }
    if (isDownloadPath(url)) {
      const mayRead = (who: Principal) => (runId: string) =>
        assertRunRight(ctx, who, runId, 'view').then(
          () => true,
          () => false,
        );
      return withRole(req, res, 'viewer', (who) => serveDownload(ctx.sql, filesDir, req, res, mayRead(who)));
    }
    if (isUploadPath(url)) return withRole(req, res, 'editor', () => serveUpload(filesDir, req, res));
    const toNext = options.noUi
      ? null
      : () =>
          afterReady(res, nextReady, (nextHandler) => {
            if (!nextHandler) {
              if (!res.headersSent) res.writeHead(503);
              return void res.end('TaskMaster is shutting down.');
            }
            nextHandler(req, res).catch((err: unknown) => {
              options.log?.(`page error: ${String(err)}`);
              if (!res.headersSent) res.writeHead(500);
              res.end('Internal error');
            });
          });
    // Share links that are off answer 404 before the page is rendered.
    if (isSharePath(url)) {
      serveSharePage(ctx, req, res, toNext).catch((err: unknown) => {
        options.log?.(`share page error: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end('Internal error');
      });
      return;
    }
    if (toNext) {
      gatePage(ctx, req, res, () => principal(req)).then(
        (go) => go && toNext(),
        (err: unknown) => {
          options.log?.(`page error: ${String(err)}`);
          if (!res.headersSent) refuse(res, 500, 'Internal error');
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found');
  }
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use. Stop the other program or set PORT to another number.`)
          : err,
      );
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
    ready: nextReady.then(() => undefined),
    close: async () => {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await webhooks.close();
      // A prepare still running is let finish, so Next is closed rather than left half started.
      await nextReady.catch(() => {});
      await closeNext?.();
    },
  };
}
