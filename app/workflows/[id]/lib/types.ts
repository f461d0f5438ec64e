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

/** A sticky note: text on the canvas that is not a step (document `notes`). */
export type StickyData = { text: string };
export type StickyNode = Node<StickyData, 'sticky'>;

/** Everything React Flow draws as a node. */
export type CanvasNode = StepNode | StickyNode;
export type StepEdge = Edge;

export function isStep(node: CanvasNode): node is StepNode {
  return node.type === 'step';
}

export function isSticky(node: CanvasNode): node is StickyNode {
  return node.type === 'sticky';
}

/** Everything in a document that is not drawn on the canvas. */
export type DocumentMeta = Omit<WorkflowDocument, 'nodes' | 'edges' | 'notes'>;

/** What a node's badge shows during and after a run. */
export interface NodeRunState {
  status: Status;
  attempt?: number;
  outputCounts?: Record<string, number>;
  durationMs?: number | null;
  /** "Run from here": the result was taken from the earlier run, the step did not run again. */
  reused?: boolean;
  /** Step warnings stored with its result (a field no item has…). */
  warnings?: number;
}
