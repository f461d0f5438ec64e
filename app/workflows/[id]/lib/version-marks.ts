/** A version comparison from the API as marks for the read-only canvas. */
import type { GraphMarks } from '../../../components/graph/readonly-graph';
import type { RouterOutputs } from '../../../lib/api-types';

export type VersionComparison = RouterOutputs['workflows']['compare'];

const ASPECT_WORDS: Record<string, string> = {
  name: 'renamed',
  type: 'type',
  config: 'settings',
  settings: 'error handling',
  position: 'moved',
  notes: 'notes',
  disabled: 'turned on/off',
  pinned: 'sample data',
};

export function marksOf(comparison: VersionComparison): GraphMarks {
  const { diff } = comparison;
  const nodes: GraphMarks['nodes'] = {};
  for (const id of diff.nodesAdded) nodes[id] = { mark: 'added' };
  for (const change of diff.nodesChanged) {
    nodes[change.id] = change.positionOnly
      ? { mark: 'moved' }
      : { mark: 'changed', detail: change.aspects.map((a) => ASPECT_WORDS[a] ?? a).join(', ') };
  }
  return { nodes, removedNodes: diff.nodesRemoved, addedEdges: diff.edgesAdded, removedEdges: diff.edgesRemoved };
}
