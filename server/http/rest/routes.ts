/**
 * The REST API's routes: one table that the handler serves and the OpenAPI document describes.
 * Routes are thin: each calls the tRPC procedure the app uses, as the key's user, so roles,
 * sharing rules and error mapping are the same as in the app. The route adds the key's scope:
 * read for GETs, run to start and cancel runs, write to create, change and delete.
 */
import type { z } from 'zod';
import type { ApiKeyScope } from '../../auth/api-keys';
import type { Principal } from '../../auth/principal';
import type { createCaller } from '../../trpc/app-router';
import * as s from './schemas';

type Caller = ReturnType<typeof createCaller>;
type Empty = z.ZodObject<{}>;

export interface RestRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style, below /api/v1: `/workflows/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Workflows' | 'Runs' | 'Credentials' | 'Templates' | 'Account';
  scope: ApiKeyScope;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  status: 200 | 201;
  response: z.ZodType;
  call(api: Caller, input: { params: unknown; query: unknown; body: unknown }, who: Principal): Promise<unknown>;
}

interface RouteDef<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>
  extends Omit<RestRoute, 'call' | 'params' | 'query' | 'body' | 'status'> {
  params?: P;
  query?: Q;
  body?: B;
  status?: 200 | 201;
  call(api: Caller, input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, who: Principal): Promise<unknown>;
}

/** Types a route's `call` by its schemas; the handler parses with the same schemas before calling. */
function route<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty>(def: RouteDef<P, Q, B>): RestRoute {
  return { ...def, status: def.status ?? 200, call: def.call as RestRoute['call'] };
}

export const REST_ROUTES: RestRoute[] = [
  route({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    tag: 'Account',
    scope: 'read',
    response: s.Me,
    summary: "The key's user, role and scopes",
    call: async (api, _input, who) => ({ ...(await api.auth.me()), scopes: who.scopes ?? [] }),
  }),
  // Workflows.
  route({
    method: 'get',
    path: '/workflows',
    operationId: 'listWorkflows',
    tag: 'Workflows',
    scope: 'read',
    response: s.WorkflowSummary.array(),
    summary: 'List workflows',
    call: (api) => api.workflows.list(),
  }),
  route({
    method: 'post',
    path: '/workflows',
    operationId: 'createWorkflow',
    tag: 'Workflows',
    scope: 'write',
    body: s.createWorkflowBody,
    status: 201,
    response: s.Created,
    summary: 'Create a workflow',
    call: (api, { body }) => api.workflows.create(body),
  }),
  route({
    method: 'post',
    path: '/workflows/import',
    operationId: 'importWorkflow',
    tag: 'Workflows',
    scope: 'write',
    body: s.importBody,
    response: s.Imported,
    summary: 'Import a workflow file (JSON or YAML)',
    call: (api, { body }) => api.workflows.import(body),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}',
    operationId: 'getWorkflow',
    tag: 'Workflows',
    scope: 'read',
    params: s.workflowIdParams,
    response: s.Workflow,
    summary: 'Get a workflow with its document and problems',
    call: (api, { params }) => api.workflows.get({ id: params.id }),
  }),
  route({
    method: 'put',
    path: '/workflows/{id}',
    operationId: 'saveWorkflow',
    tag: 'Workflows',
    scope: 'write',
    params: s.workflowIdParams,
    body: s.saveWorkflowBody,
    response: s.Saved,
    summary: 'Save a new version of a workflow',
    call: (api, { params, body }) => api.workflows.save({ id: params.id, ...body }),
  }),
  route({
    method: 'delete',
    path: '/workflows/{id}',
    operationId: 'deleteWorkflow',
    tag: 'Workflows',
    scope: 'write',
    params: s.workflowIdParams,
    response: s.Deleted,
    summary: 'Delete a workflow',
    call: (api, { params }) => api.workflows.delete({ id: params.id }),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}/export',
    operationId: 'exportWorkflow',
    tag: 'Workflows',
    scope: 'read',
    params: s.workflowIdParams,
    query: s.exportQuery,
    response: s.Exported,
    summary: 'Export a workflow as a file (secrets left out)',
    call: (api, { params, query }) => api.workflows.export({ id: params.id, format: query.format }),
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/activate',
    operationId: 'activateWorkflow',
    tag: 'Workflows',
    scope: 'write',
    params: s.workflowIdParams,
    response: s.ActiveState,
    summary: 'Switch on automatic triggers (schedules, webhooks, …)',
    call: (api, { params }) => api.workflows.setActive({ id: params.id, active: true }),
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/deactivate',
    operationId: 'deactivateWorkflow',
    tag: 'Workflows',
    scope: 'write',
    params: s.workflowIdParams,
    response: s.ActiveState,
    summary: 'Switch off automatic triggers',
    call: (api, { params }) => api.workflows.setActive({ id: params.id, active: false }),
  }),
  // Runs.
  route({
    method: 'post',
    path: '/workflows/{id}/runs',
    operationId: 'startRun',
    tag: 'Runs',
    scope: 'run',
    params: s.workflowIdParams,
    body: s.startRunBody,
    status: 201,
    response: s.RunStarted,
    summary: "Start a run of a workflow's saved version",
    call: (api, { params, body }) => api.runs.start({ workflowId: params.id, input: body.input, triggerNodeId: body.triggerNodeId }),
  }),
  route({
    method: 'get',
    path: '/runs',
    operationId: 'listRuns',
    tag: 'Runs',
    scope: 'read',
    query: s.runsQuery,
    response: s.RunPage,
    summary: 'List runs, newest first, filtered, a page at a time',
    call: (api, { query }) => {
      const { status, from, to, ...rest } = query;
      return api.runs.search({ ...rest, statuses: status, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    },
  }),
  route({
    method: 'get',
    path: '/runs/{runId}',
    operationId: 'getRun',
    tag: 'Runs',
    scope: 'read',
    params: s.runIdParams,
    response: s.Run,
    summary: "Get a run: status, error and each step's result",
    call: (api, { params }) => api.runs.get({ runId: params.runId }),
  }),
  route({
    method: 'post',
    path: '/runs/{runId}/cancel',
    operationId: 'cancelRun',
    tag: 'Runs',
    scope: 'run',
    params: s.runIdParams,
    response: s.RunCancelled,
    summary: 'Cancel a queued or running run',
    call: (api, { params }) => api.runs.cancel({ runId: params.runId }),
  }),
  route({
    method: 'get',
    path: '/runs/{runId}/steps/{nodeId}/output',
    operationId: 'getStepOutput',
    tag: 'Runs',
    scope: 'read',
    params: s.stepParams,
    query: s.outputQuery,
    response: s.OutputPage,
    summary: "A page of one step's output items",
    call: (api, { params, query }) => api.runs.outputPage({ runId: params.runId, nodeId: params.nodeId, ...query }),
  }),
  // Credentials.
  route({
    method: 'get',
    path: '/credentials',
    operationId: 'listCredentials',
    tag: 'Credentials',
    scope: 'read',
    response: s.Credential.array(),
    summary: 'List credentials (names and types; never a secret)',
    call: (api) => api.credentials.list(),
  }),
  route({
    method: 'post',
    path: '/credentials',
    operationId: 'createCredential',
    tag: 'Credentials',
    scope: 'write',
    body: s.createCredentialBody,
    status: 201,
    response: s.CredentialSaved,
    summary: 'Create a credential',
    call: (api, { body }) => api.credentials.create(body),
  }),
  route({
    method: 'patch',
    path: '/credentials/{id}',
    operationId: 'updateCredential',
    tag: 'Credentials',
    scope: 'write',
    params: s.credentialIdParams,
    body: s.updateCredentialBody,
    response: s.CredentialSaved,
    summary: "Change a credential's name or values",
    call: (api, { params, body }) => api.credentials.update({ id: params.id, ...body }),
  }),
  route({
    method: 'delete',
    path: '/credentials/{id}',
    operationId: 'deleteCredential',
    tag: 'Credentials',
    scope: 'write',
    params: s.credentialIdParams,
    query: s.deleteCredentialQuery,
    response: s.CredentialDeleted,
    summary: 'Delete a credential (refused while workflows use it, unless force=true)',
    call: (api, { params, query }) => api.credentials.delete({ id: params.id, force: query.force }),
  }),
  // Templates.
  route({
    method: 'get',
    path: '/templates',
    operationId: 'listTemplates',
    tag: 'Templates',
    scope: 'read',
    response: s.Template.array(),
    summary: 'List templates',
    call: (api) => api.templates.list(),
  }),
];
