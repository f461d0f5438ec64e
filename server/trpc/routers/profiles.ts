/**
 * Browser profiles (the Browser nodes' cookies, logins, window, language and proxy). The proxy
 * password only comes in: answers say whether one is kept, never what it is.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { BrowserUnavailableError } from '../../browser/chromium-path';
import { ProfileBusyError } from '../../browser/profile-lock';
import { profileSettingsSchema } from '../../browser/profile-settings';
import { openTestPage, TestPageError } from '../../browser/test-page';
import { assertProfileRight, inProfileScope, managedProfiles, profileScope } from '../../auth/profile-access';
import {
  createBrowserProfile,
  deleteBrowserProfile,
  duplicateBrowserProfile,
  getBrowserProfile,
  listBrowserProfiles,
  ProfileInputError,
  updateBrowserProfile,
} from '../../services/browser-profiles';
import { editorProcedure, viewerProcedure, middleware, router } from '../init';
import { profileSharingProcedures } from './profile-sharing';

/** The user's mistakes, a busy profile and a missing browser become 4xx answers with their plain message. */
const mapErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ProfileBusyError) throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
    if (cause instanceof BrowserUnavailableError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: cause.message, cause });
    if (cause instanceof ProfileInputError || cause instanceof TestPageError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
    }
  }
  return result;
});

const idInput = z.object({ id: z.string().min(1) });
const password = z.string().max(1000).optional();

/**
 * Who may do what (server/auth/profile-access.ts): a profile is listed, opened, picked and tested
 * by its owner, admins and the people listed under "Who may use"; changed, copied, deleted and
 * shared only by its owner and admins. Others get a 404, as if it didn't exist.
 */
export const profilesRouter = router({
  /** Only the profiles the person may use; `canManage` says where the page offers Edit, Copy, Delete and "Who may use". */
  list: viewerProcedure.use(mapErrors).query(async ({ ctx }) => {
    const [scope, managed] = await Promise.all([profileScope(ctx, ctx.principal), managedProfiles(ctx, ctx.principal)]);
    return inProfileScope(scope, await listBrowserProfiles(ctx)).map((p) => ({
      ...p,
      canManage: managed.all || managed.ids.has(p.id),
    }));
  }),

  get: viewerProcedure
    .use(mapErrors)
    .input(idInput)
    .query(async ({ ctx, input }) => {
      await assertProfileRight(ctx, ctx.principal, input.id, 'use');
      return getBrowserProfile(ctx, input.id);
    }),

  /** The new profile is the asker's. */
  create: editorProcedure
    .use(mapErrors)
    .input(profileSettingsSchema.extend({ proxyPassword: password }))
    .mutation(({ ctx, input }) => {
      const { proxyPassword, ...settings } = input;
      return createBrowserProfile(ctx, settings, proxyPassword, ctx.principal.userId);
    }),

  /** `proxyPassword` left out keeps the saved one; `clearProxyPassword` forgets it. */
  update: editorProcedure
    .use(mapErrors)
    .input(profileSettingsSchema.extend({ id: z.string().min(1), proxyPassword: password, clearProxyPassword: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const { id, proxyPassword, clearProxyPassword, ...settings } = input;
      await assertProfileRight(ctx, ctx.principal, id, 'manage');
      return updateBrowserProfile(ctx, id, settings, proxyPassword, clearProxyPassword);
    }),

  /** Same settings and proxy password, empty browser folder (no cookies or logins); the copy is the asker's. */
  duplicate: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await assertProfileRight(ctx, ctx.principal, input.id, 'manage');
      return duplicateBrowserProfile(ctx, input.id, ctx.principal.userId);
    }),

  delete: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await assertProfileRight(ctx, ctx.principal, input.id, 'manage');
      await deleteBrowserProfile(ctx, input.id);
      return { deleted: true };
    }),

  /** Opens `url` with the profile and returns a screenshot (a data URL) and what the page saw. */
  testPage: editorProcedure
    .use(mapErrors)
    .input(z.object({ id: z.string().min(1), url: z.string().trim().min(1, 'Enter the address of a page to open.') }))
    .mutation(async ({ ctx, input, signal }) => {
      await assertProfileRight(ctx, ctx.principal, input.id, 'use');
      return openTestPage(ctx, input.id, input.url, signal);
    }),

  ...profileSharingProcedures,
});
