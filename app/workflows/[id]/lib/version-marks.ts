/** A version comparison from the API as marks for the read-only canvas. */
import type { GraphMarks } from '../../../components/graph/readonly-graph';
import type { RouterOutputs } from '../../../lib/api-types';
import { ASPECT_WORDS } from '@/core/diff';

export type VersionComparison = RouterOutputs['workflows']['compare'];

type SettingChange = VersionComparison['diff']['nodesChanged'][number]['changes'][number];

/** `Web address (URL): "a" → "b"`: one setting's change in a line. */
export function changeLine(change: SettingChange): string {
  return `${change.setting}: ${change.from} → ${change.to}`;
}

export function marksOf(comparison: VersionComparison): GraphMarks {
  const { diff } = comparison;
  const nodes: GraphMarks['nodes'] = {};
  for (const id of diff.nodesAdded) nodes[id] = { mark: 'added' };
  for (const change of diff.nodesChanged) {
    nodes[change.id] = change.positionOnly
      ? { mark: 'moved' }
      : {
          mark: 'changed',
          detail:
            change.changes.length > 0
              ? changeLine(change.changes[0]) + (change.changes.length > 1 ? ` (+${change.changes.length - 1})` : '')
              : change.aspects.map((a) => ASPECT_WORDS[a]).join(', '),
        };
  }
  return { nodes, removedNodes: diff.nodesRemoved, addedEdges: diff.edgesAdded, removedEdges: diff.edgesRemoved };
}
