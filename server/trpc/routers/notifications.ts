/** The notification centre behind the bell: the newest entries, marking them read, live news of new ones. */
import { z } from 'zod';
import { markRead, notificationsFor } from '../../services/notifications';
import { runEvents } from '../../services/live';
import { inScope, workflowScope } from '../../auth/access';
import { editorProcedure, viewerProcedure, router } from '../init';

export const notificationsRouter = router({
  /** Newest first, with the count of unread entries in all. */
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(30) }).default({ limit: 30 }))
    .query(async ({ ctx, input }) => {
      const scope = await workflowScope(ctx, ctx.principal);
      return notificationsFor(ctx.sql, input.limit, scope.all ? undefined : scope.ids);
    }),

  /** Marks the given entries read; without `ids`, every entry ("Mark all read"). */
  markRead: editorProcedure
    .input(z.object({ ids: z.array(z.string().min(1)).max(500).optional() }).default({}))
    .mutation(async ({ ctx, input }) => ({ changed: await markRead(ctx.sql, input.ids) })),

  /** One event per new entry; the client re-reads `list` (events stay small). */
  events: viewerProcedure.subscription(async function* ({ ctx, signal }) {
    const scope = await workflowScope(ctx, ctx.principal);
    const mine = (e: { workflowId: string | null }) => e.workflowId === null || inScope(scope, e.workflowId);
    for await (const event of runEvents(ctx.sql, (e) => e.type === 'notification' && mine(e), signal)) {
      if (event.type === 'notification') yield event;
    }
  }),
});
