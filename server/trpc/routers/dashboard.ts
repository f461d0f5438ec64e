/** The home dashboard and the Scheduled page. */
import { z } from 'zod';
import { DASHBOARD_RANGES, dashboard, type DashboardRange } from '../../services/dashboard';
import { scheduledTriggers } from '../../services/scheduled';
import { credentialScope, filterToScope, workflowScope } from '../../auth/access';
import { profileScope } from '../../auth/profile-access';
import { viewerProcedure, router } from '../init';

const ranges = Object.keys(DASHBOARD_RANGES) as [DashboardRange, ...DashboardRange[]];

export const dashboardRouter = router({
  overview: viewerProcedure
    .input(z.object({ range: z.enum(ranges).default('24h') }).default({ range: '24h' }))
    .query(async ({ ctx, input }) => {
      const [scope, credentials, profiles] = await Promise.all([
        workflowScope(ctx, ctx.principal),
        credentialScope(ctx, ctx.principal),
        profileScope(ctx, ctx.principal),
      ]);
      return dashboard(ctx, input.range, scope, credentials.all ? undefined : credentials.ids, profiles.all ? undefined : profiles.ids);
    }),

  /** Every schedule, API poll, database and file trigger with its next times and last run. */
  scheduled: viewerProcedure.query(async ({ ctx }) =>
    filterToScope(await workflowScope(ctx, ctx.principal), await scheduledTriggers(ctx.sql, { count: 3 }), (t) => t.workflowId),
  ),
});
