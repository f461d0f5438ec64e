import { createCallerFactory, router } from './init';
import { nodesRouter } from './routers/nodes';
import { runsRouter } from './routers/runs';
import { workflowsRouter } from './routers/workflows';

export const appRouter = router({
  workflows: workflowsRouter,
  runs: runsRouter,
  nodes: nodesRouter,
});

/** The client imports only this type. */
export type AppRouter = typeof appRouter;

/** For tests and the SDK: call procedures without HTTP. */
export const createCaller = createCallerFactory(appRouter);
