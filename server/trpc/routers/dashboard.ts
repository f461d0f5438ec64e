/** The home dashboard and the Scheduled page. */
import { z } from 'zod';
import { DASHBOARD_RANGES, type DashboardRange } from '../../db/dashboard';
import { dashboard } from '../../services/dashboard';
import { scheduledTriggers } from '../../services/scheduled';
import { viewerProcedure, router } from '../init';

const ranges = Object.keys(DASHBOARD_RANGES) as [DashboardRange, ...DashboardRange[]];

export const dashboardRouter = router({
  overview: viewerProcedure
    .input(z.object({ range: z.enum(ranges).default('24h') }).default({ range: '24h' }))
    .query(({ ctx, input }) => dashboard(ctx, input.range)),

  /** Every schedule, API poll, database and file trigger with its next times and last run. */
  scheduled: viewerProcedure.query(({ ctx }) => scheduledTriggers(ctx.sql, { count: 3 })),
});
