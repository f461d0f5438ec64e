/** Settings → Audit log (owner and admins): who did what, filtered by person, action and time. */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../audit/record';
import { auditFilterSchema, auditPage, auditPeople } from '../../services/audit';
import { adminProcedure, router } from '../init';

export const auditRouter = router({
  /** A page of entries, newest first; pass `nextBefore` back as `cursor` for the next page. */
  list: adminProcedure
    .input(
      auditFilterSchema.extend({ limit: z.number().int().min(1).max(500).default(100), cursor: z.number().int().positive().nullish() }),
    )
    .query(({ ctx, input }) => {
      const { limit, cursor, ...filter } = input;
      return auditPage(ctx.sql, filter, limit, cursor ?? undefined);
    }),

  /** The filter's choices: people who appear in the log, and the actions by family. */
  choices: adminProcedure.query(async ({ ctx }) => ({ actors: await auditPeople(ctx.sql), actions: AUDIT_ACTIONS })),
});
