/** The canvas's view of a workflow: React Flow nodes whose `data` is plain, saveable values. */
import type { Edge, Node } from '@xyflow/react';
import type { NodeSettings, WorkflowDocument, WorkflowNode } from '../../../lib/api-types';
import type { Status } from '../../../components/status-badge';

export type StepData = {
  type: string;
  typeVersion: number;
  name: string;
  config: Record<string, unknown>;
  settings: NodeSettings;
  notes?: string;
  disabled?: boolean;
  pinnedOutput?: WorkflowNode['pinnedOutput'];
};

export type StepNode = Node<StepData, 'step'>;
export type StepEdge = Edge;

/** Everything in a document that is not a node or an edge. */
export type DocumentMeta = Omit<WorkflowDocument, 'nodes' | 'edges'>;

/** What a node's badge shows during and after a run. */
export interface NodeRunState {
  status: Status;
  attempt?: number;
  outputCounts?: Record<string, number>;
  durationMs?: number | null;
}
