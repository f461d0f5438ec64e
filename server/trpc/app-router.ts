import { createCallerFactory, router } from './init';
import { authRouter } from './routers/auth';
import { alertsRouter } from './routers/alerts';
import { auditRouter } from './routers/audit';
import { apiKeysRouter } from './routers/api-keys';
import { credentialsRouter } from './routers/credentials';
import { dashboardRouter } from './routers/dashboard';
import { nodesRouter } from './routers/nodes';
import { notificationsRouter } from './routers/notifications';
import { pickerRouter } from './routers/picker';
import { pluginsRouter } from './routers/plugins';
import { profilesRouter } from './routers/profiles';
import { resultsRouter } from './routers/results';
import { runsRouter } from './routers/runs';
import { settingsRouter } from './routers/settings';
import { shareRouter } from './routers/share';
import { systemRouter } from './routers/system';
import { templatesRouter } from './routers/templates';
import { usersRouter } from './routers/users';
import { workflowsRouter } from './routers/workflows';

export const appRouter = router({
  auth: authRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
  nodes: nodesRouter,
  credentials: credentialsRouter,
  profiles: profilesRouter,
  picker: pickerRouter,
  templates: templatesRouter,
  share: shareRouter,
  system: systemRouter,
  settings: settingsRouter,
  notifications: notificationsRouter,
  dashboard: dashboardRouter,
  results: resultsRouter,
  alerts: alertsRouter,
  users: usersRouter,
  audit: auditRouter,
  plugins: pluginsRouter,
  apiKeys: apiKeysRouter,
});

/** The client imports only this type. */
export type AppRouter = typeof appRouter;

/** For tests and the SDK: call procedures without HTTP. */
export const createCaller = createCallerFactory(appRouter);
