/** What the n8n import tells the user: what became what, what was left out and what to check. */

export interface ImportedNode {
  name: string;
  n8nType: string;
  /** Our node type; null when the step was left out. */
  type: string | null;
  id: string | null;
  /** Our output handle for each of n8n's outputs, by position. */
  outputs?: string[];
  /** More of our handles that feed n8n output i. */
  alsoOutputs?: Record<number, string[]>;
}

export interface LeftOutNode {
  node: string;
  n8nType: string;
  reason: string;
}

/** A step kept in place that fails when items reach it (only its branch stops) until the user fixes it. */
export interface AttentionNode {
  node: string;
  n8nType: string;
  /** The TaskMaster step it became: "needs-attention", or its equivalent missing a part (an If without conditions). */
  type: string;
  reason: string;
}

export interface DroppedConnection {
  from: string;
  to: string;
  reason: string;
}

/**
 * One setting or expression. `not-converted`: it was left out or kept as it was and will not
 * work as in n8n. `review`: it was converted, but behaves a little differently; worth a look.
 */
export interface ImportIssue {
  node: string;
  field: string;
  reason: string;
  severity: 'not-converted' | 'review';
}

export interface ImportReport {
  nodes: ImportedNode[];
  leftOut: LeftOutNode[];
  needsAttention: AttentionNode[];
  droppedConnections: DroppedConnection[];
  issues: ImportIssue[];
  /** Things done to the graph as a whole, like adding a Manual start. */
  notes: string[];
  /** Something that changes results was dropped: the user should check the workflow before using it. */
  checkBeforeUse: boolean;
}

export function emptyReport(): ImportReport {
  return { nodes: [], leftOut: [], needsAttention: [], droppedConnections: [], issues: [], notes: [], checkBeforeUse: false };
}
