/**
 * Every tRPC procedure needs a session, except the short allow-list below, and no viewer can call
 * a mutation. The whole router is walked, so a procedure added later without its guard (or with
 * the read-only guard on a mutation) fails here.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../../server/trpc/app-router';
import { createCallerFactory, openProcedure, router, viewerProcedure, type TrpcContext } from '../../server/trpc/init';
import { anonymous, contextAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

/** Procedures anyone may call: the public share page (its workflow and the step catalogue). */
const OPEN_PROCEDURES = ['nodes.catalog', 'share.get'];
/**
 * Mutations a viewer may call: only on their own API keys (a viewer's key still only reads, as
 * their role; server/trpc/routers/api-keys.ts).
 */
const VIEWER_MUTATIONS = ['apiKeys.create', 'apiKeys.revoke'];

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

type AnyRouter = typeof appRouter;
interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
}

function proceduresOf(r: { _def: { procedures: Record<string, unknown> } }): ProcedureInfo[] {
  return Object.entries(r._def.procedures).map(([path, procedure]) => ({
    path,
    type: (procedure as { _def: { type: ProcedureInfo['type'] } })._def.type,
  }));
}

/** Calls a procedure by its dotted path with an empty input; resolves to the tRPC error code or 'OK'. */
async function codeOf(r: AnyRouter, context: TrpcContext, path: string): Promise<string> {
  let target: unknown = createCallerFactory(r)(context);
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  try {
    const result = await (target as (input: unknown) => Promise<unknown>)({});
    // A subscription that was let in: stop it again.
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

/** Paths that answered something other than UNAUTHORIZED without a session and are not allowed to. */
async function openWithoutSession(r: AnyRouter, allowed: string[]): Promise<string[]> {
  const open: string[] = [];
  for (const { path } of proceduresOf(r)) {
    if (allowed.includes(path)) continue;
    if ((await codeOf(r, anonymous(ctx), path)) !== 'UNAUTHORIZED') open.push(path);
  }
  return open;
}

/** Mutations a viewer is not turned away from with FORBIDDEN. */
async function mutationsForViewers(r: AnyRouter): Promise<string[]> {
  const viewer = await contextAs(ctx, 'viewer');
  const let_in: string[] = [];
  for (const { path, type } of proceduresOf(r)) {
    if (type !== 'mutation' || VIEWER_MUTATIONS.includes(path)) continue;
    if ((await codeOf(r, viewer, path)) !== 'FORBIDDEN') let_in.push(path);
  }
  return let_in;
}

describe('the whole tRPC router', () => {
  it('has procedures of every kind to check (the walk sees the real router)', () => {
    const all = proceduresOf(appRouter);
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((p) => p.type === 'subscription')).toBe(true);
    for (const open of OPEN_PROCEDURES) expect(all.map((p) => p.path)).toContain(open);
  });

  it('answers 401 (UNAUTHORIZED) without a session for every procedure except the allow-list', async () => {
    expect(await openWithoutSession(appRouter, OPEN_PROCEDURES)).toEqual([]);
  });

  it('answers the allow-list without a session (no UNAUTHORIZED)', async () => {
    for (const path of OPEN_PROCEDURES) expect(await codeOf(appRouter, anonymous(ctx), path)).not.toBe('UNAUTHORIZED');
  });

  it('answers 403 (FORBIDDEN) to a viewer for every mutation', async () => {
    expect(await mutationsForViewers(appRouter)).toEqual([]);
  });

  it('lets a viewer read and an editor change', async () => {
    expect(await codeOf(appRouter, await contextAs(ctx, 'viewer'), 'workflows.list')).toBe('OK');
    expect(await codeOf(appRouter, await contextAs(ctx, 'editor'), 'workflows.create')).toBe('OK');
    expect(await codeOf(appRouter, await contextAs(ctx, 'editor'), 'settings.get')).toBe('FORBIDDEN');
    expect(await codeOf(appRouter, await contextAs(ctx, 'admin'), 'settings.get')).toBe('OK');
  });

  it('catches a new procedure that forgets its guard, and a mutation guarded only for reading', async () => {
    const careless = router({
      ...appRouter._def.record,
      forgot: router({ open: openProcedure.query(() => 'everything') }),
      sloppy: router({ change: viewerProcedure.input(z.object({}).optional()).mutation(() => 'changed') }),
    }) as unknown as AnyRouter;
    expect(await openWithoutSession(careless, OPEN_PROCEDURES)).toEqual(['forgot.open']);
    expect(await mutationsForViewers(careless)).toEqual(['sloppy.change']);
  });
});
