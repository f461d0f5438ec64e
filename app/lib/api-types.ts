/** Shapes the API returns, as the browser receives them (dates arrive as ISO strings). */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/app-router';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type CatalogEntry = RouterOutputs['nodes']['catalog'][number];
export type WorkflowSummary = RouterOutputs['workflows']['list'][number];
export type StoredWorkflow = RouterOutputs['workflows']['get'];
export type RunDetail = RouterOutputs['runs']['get'];
export type NodeRunView = RunDetail['attempts'][number];
export type RunSummary = RouterOutputs['runs']['list'][number];
export type ImportResult = RouterOutputs['workflows']['import'];
export type FileProblem = ImportResult['problems'][number];

export type { Problem, WorkflowDocument, WorkflowNode, WorkflowEdge, NodeSettings } from '@/core/document';
export type { RunEvent } from '@/core/run-events';
