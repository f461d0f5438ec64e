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

export const profilesRouter = router({
  list: viewerProcedure.use(mapErrors).query(({ ctx }) => listBrowserProfiles(ctx)),

  get: viewerProcedure
    .use(mapErrors)
    .input(idInput)
    .query(({ ctx, input }) => getBrowserProfile(ctx, input.id)),

  create: editorProcedure
    .use(mapErrors)
    .input(profileSettingsSchema.extend({ proxyPassword: password }))
    .mutation(({ ctx, input }) => {
      const { proxyPassword, ...settings } = input;
      return createBrowserProfile(ctx, settings, proxyPassword);
    }),

  /** `proxyPassword` left out keeps the saved one; `clearProxyPassword` forgets it. */
  update: editorProcedure
    .use(mapErrors)
    .input(profileSettingsSchema.extend({ id: z.string().min(1), proxyPassword: password, clearProxyPassword: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => {
      const { id, proxyPassword, clearProxyPassword, ...settings } = input;
      return updateBrowserProfile(ctx, id, settings, proxyPassword, clearProxyPassword);
    }),

  /** Same settings, empty browser folder (no cookies or logins). */
  duplicate: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(({ ctx, input }) => duplicateBrowserProfile(ctx, input.id)),

  delete: editorProcedure
    .use(mapErrors)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await deleteBrowserProfile(ctx, input.id);
      return { deleted: true };
    }),

  /** Opens `url` with the profile and returns a screenshot (a data URL) and what the page saw. */
  testPage: editorProcedure
    .use(mapErrors)
    .input(z.object({ id: z.string().min(1), url: z.string().trim().min(1, 'Enter the address of a page to open.') }))
    .mutation(({ ctx, input, signal }) => openTestPage(ctx, input.id, input.url, signal)),
});
