import { viewerProcedure, router } from '../init';

export const authRouter = router({
  /** The signed-in person: name, e-mail and role, for the top bar and what the UI offers. */
  me: viewerProcedure.query(({ ctx }) => ({
    id: ctx.principal.userId,
    name: ctx.principal.name,
    email: ctx.principal.email,
    role: ctx.principal.role,
  })),
});
