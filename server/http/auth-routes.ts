/**
 * `/api/auth/*`: the owner setup, sign-in and sign-out the pages post to (JSON only, so a form on
 * another site can't post here), and the state the pages read. The work is better-auth's
 * (server/auth/accounts.ts); this file turns it into HTTP answers with plain messages.
 */
import type http from 'node:http';
import { z } from 'zod';
import { AccountError, createOwner, createUser, signIn, signOut } from '../auth/accounts';
import type { AuthOptions } from '../auth/better-auth';
import { headersOf, principalOf } from '../auth/request';
import { recordAudit } from '../audit/record';
import { createSignInLimiter, TooManyAttempts, type SignInLimits } from '../auth/rate-limit';
import { setupCodeMatches } from '../auth/setup-code';
import { markInviteAccepted, openInvite } from '../db/invites';
import { endSessionsOf, findUserByEmail, ownerExists } from '../db/users';
import type { AppContext } from '../context';
import { readBody } from '../triggers/webhook-request';
import { refuse } from './web-security';

export const AUTH_PREFIX = '/api/auth/';

export interface AuthRoutesOptions {
  ctx: AppContext;
  auth: AuthOptions;
  /** Asked by the setup page while no owner exists; null on loopback (server/auth/setup-code.ts). */
  setupCode: string | null;
  log?: (message: string) => void;
  /** Failed sign-ins allowed per account and per address in 5 minutes (tests lower them). */
  limits?: SignInLimits;
}

const setupInput = z.object({
  name: z.string().max(200),
  email: z.string().max(320),
  password: z.string().max(1000),
  code: z.string().max(100).optional(),
});
const acceptInput = z.object({ token: z.string().max(200), name: z.string().max(200), password: z.string().max(1000) });
const signInInput = z.object({ email: z.string().max(320), password: z.string().max(1000) });

function send(res: http.ServerResponse, status: number, body: unknown, cookies: string[] = []): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(cookies.length ? { 'set-cookie': cookies } : {}),
  });
  res.end(JSON.stringify(body));
}

async function jsonBody<T>(req: http.IncomingMessage, schema: z.ZodType<T>): Promise<T | string> {
  const read = await readBody(req, 64 * 1024);
  if (!read.ok) return read.tooLarge ? 'The request is too large.' : read.message;
  try {
    const parsed = schema.safeParse(JSON.parse(read.raw.toString('utf8')));
    return parsed.success ? parsed.data : 'Fill in every field.';
  } catch {
    return 'The request is not JSON.';
  }
}

export function createAuthRoutes(options: AuthRoutesOptions) {
  const { ctx } = options;
  const limiter = createSignInLimiter(options.limits);
  const addressOf = (req: http.IncomingMessage) => req.socket.remoteAddress ?? 'unknown';
  // One setup at a time in this process, so two clicks can't make two owners.
  let setupQueue: Promise<unknown> = Promise.resolve();

  async function state(req: http.IncomingMessage, res: http.ServerResponse) {
    const principal = await principalOf(ctx, req, options.auth);
    const needsSetup = !(await ownerExists(ctx.db));
    send(res, 200, {
      needsSetup,
      setupCodeRequired: needsSetup && options.setupCode !== null,
      user: principal && { name: principal.name, email: principal.email, role: principal.role },
    });
  }

  async function setup(req: http.IncomingMessage, res: http.ServerResponse) {
    const input = await jsonBody(req, setupInput);
    if (typeof input === 'string') return send(res, 400, { error: { code: 400, message: input } });
    const run = setupQueue.then(async () => {
      await limiter.check(`setup ${addressOf(req)}`, addressOf(req));
      if (await ownerExists(ctx.db)) throw new AccountError('This TaskMaster already has an owner. Sign in instead.', 409);
      if (options.setupCode !== null && !setupCodeMatches(input.code, options.setupCode)) {
        // Guessing the code counts like guessing a password.
        await limiter.failed(`setup ${addressOf(req)}`, addressOf(req));
        throw new AccountError('The setup code is wrong. It is printed in the log of the TaskMaster server.', 403);
      }
      const owner = await createOwner(ctx, input, options.auth);
      options.log?.(`Owner account created for ${input.email.trim().toLowerCase()}.`);
      await recordAudit(ctx, { action: 'auth.setup', actor: { id: owner.id, name: input.name }, ip: addressOf(req) });
      return signIn(ctx, input.email, input.password, headersOf(req), options.auth);
    });
    setupQueue = run.catch(() => {});
    const session = await run;
    send(res, 200, { ok: true }, session.setCookie);
  }

  async function signInRoute(req: http.IncomingMessage, res: http.ServerResponse) {
    const input = await jsonBody(req, signInInput);
    if (typeof input === 'string') return send(res, 400, { error: { code: 400, message: input } });
    const address = addressOf(req);
    await limiter.check(input.email, address);
    let session;
    try {
      session = await signIn(ctx, input.email, input.password, headersOf(req), options.auth);
    } catch (error) {
      if (error instanceof AccountError) {
        await limiter.failed(input.email, address);
        const known = await findUserByEmail(ctx.db, input.email);
        // The e-mail tried is kept (also when it has no account): that is what an admin looks for.
        await recordAudit(ctx, {
          action: 'auth.sign-in-failed',
          actor: { id: known?.id ?? null, name: known?.name ?? input.email.slice(0, 320) },
          details: { email: input.email.slice(0, 320) },
          ip: address,
        });
      }
      throw error;
    }
    await limiter.succeeded(input.email);
    const user = await findUserByEmail(ctx.db, input.email);
    await recordAudit(ctx, { action: 'auth.sign-in', actor: { id: user?.id ?? null, name: user?.name ?? input.email }, ip: address });
    send(res, 200, { ok: true }, session.setCookie);
  }

  async function signOutRoute(req: http.IncomingMessage, res: http.ServerResponse) {
    const principal = await principalOf(ctx, req, options.auth);
    const cookies = await signOut(ctx, headersOf(req), options.auth);
    if (principal) await recordAudit({ ...ctx, principal }, { action: 'auth.sign-out', ip: addressOf(req) });
    send(res, 200, { ok: true }, cookies);
  }

  /** What an invitation link is for, so the page can show it ("You are invited as editor"). */
  async function invite(req: http.IncomingMessage, res: http.ServerResponse) {
    const token = new URL(req.url ?? '', 'http://x').searchParams.get('token') ?? '';
    const found = token ? await openInvite(ctx.db, token) : null;
    if (!found)
      return send(res, 404, {
        error: { code: 404, message: 'This invitation link is used, expired or was cancelled. Ask for a new one.' },
      });
    send(res, 200, { email: found.email, role: found.role });
  }

  async function acceptInvite(req: http.IncomingMessage, res: http.ServerResponse) {
    const input = await jsonBody(req, acceptInput);
    if (typeof input === 'string') return send(res, 400, { error: { code: 400, message: input } });
    const found = await openInvite(ctx.db, input.token);
    if (!found) throw new AccountError('This invitation link is used, expired or was cancelled. Ask for a new one.', 400);
    await createUser(ctx, { name: input.name, email: found.email, password: input.password, role: found.role }, options.auth);
    await markInviteAccepted(ctx.db, found.id);
    const session = await signIn(ctx, found.email, input.password, headersOf(req), options.auth);
    const joined = await findUserByEmail(ctx.db, found.email);
    await recordAudit(ctx, {
      action: 'user.join',
      actor: { id: joined?.id ?? null, name: joined?.name ?? found.email },
      target: { type: 'user', id: joined?.id ?? found.id, name: found.email },
      details: { role: found.role },
      ip: addressOf(req),
    });
    send(res, 200, { ok: true }, session.setCookie);
  }

  /** "Sign out everywhere": every session of the signed-in person, this one included. */
  async function signOutEverywhere(req: http.IncomingMessage, res: http.ServerResponse) {
    const principal = await principalOf(ctx, req, options.auth);
    if (!principal) return send(res, 401, { error: { code: 401, message: 'You are not signed in.' } });
    const ended = await endSessionsOf(ctx.db, principal.userId);
    send(res, 200, { ok: true, ended }, await signOut(ctx, headersOf(req), options.auth));
  }

  const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>> = {
    'GET state': state,
    'POST setup': setup,
    'POST sign-in': signInRoute,
    'POST sign-out': signOutRoute,
    'POST sign-out-everywhere': signOutEverywhere,
    'GET invite': invite,
    'POST accept-invite': acceptInvite,
  };

  return {
    matches: (url: string) => url.startsWith(AUTH_PREFIX),
    async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
      const name = (req.url ?? '').slice(AUTH_PREFIX.length).split(/[?#]/)[0];
      const route = routes[`${req.method} ${name}`];
      if (!route) return refuse(res, 404, 'No such sign-in address.');
      try {
        await route(req, res);
      } catch (error) {
        if (error instanceof AccountError) return send(res, error.status, { error: { code: error.status, message: error.message } });
        if (error instanceof TooManyAttempts) {
          res.setHeader('retry-after', String(Math.ceil(error.retryAfterSeconds)));
          return send(res, 429, { error: { code: 429, message: error.message } });
        }
        options.log?.(`sign-in error: ${String(error)}`);
        if (!res.headersSent) refuse(res, 500, 'Signing in failed; see the server log.');
      }
    },
  };
}
