/**
 * What changed between two versions of a workflow: steps added, removed or changed, and
 * connections added or removed. Pure: the History panel draws it and the API summarises it.
 *
 * Steps are matched by id (a rename is a change, not a removal plus an addition); connections by
 * what they join (source, output, target, input), so a connection drawn again counts as unchanged.
 */
import { stableJson } from '../nodes/lib/stable-json';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from './document';

/** The parts of a step a change can touch. `position` alone means the step was only moved. */
export type NodeAspect = 'name' | 'type' | 'config' | 'settings' | 'position' | 'notes' | 'disabled' | 'pinned';

export interface NodeChange {
  id: string;
  before: WorkflowNode;
  after: WorkflowNode;
  aspects: NodeAspect[];
  /** True when the step was only moved on the canvas. */
  positionOnly: boolean;
}

export interface WorkflowDiff {
  nodesAdded: WorkflowNode[];
  nodesRemoved: WorkflowNode[];
  nodesChanged: NodeChange[];
  edgesAdded: WorkflowEdge[];
  edgesRemoved: WorkflowEdge[];
  /** Workflow-level changes outside the steps and connections. */
  renamed: { from: string; to: string } | null;
  descriptionChanged: boolean;
  settingsChanged: boolean;
  stickyNotesChanged: boolean;
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

function aspectsOf(before: WorkflowNode, after: WorkflowNode): NodeAspect[] {
  const aspects: NodeAspect[] = [];
  if (before.name !== after.name) aspects.push('name');
  if (before.type !== after.type || before.typeVersion !== after.typeVersion) aspects.push('type');
  if (!same(before.config, after.config)) aspects.push('config');
  if (!same(before.settings, after.settings)) aspects.push('settings');
  if (before.position.x !== after.position.x || before.position.y !== after.position.y) aspects.push('position');
  if ((before.notes ?? '') !== (after.notes ?? '')) aspects.push('notes');
  if (Boolean(before.disabled) !== Boolean(after.disabled)) aspects.push('disabled');
  if (!same(before.pinnedOutput, after.pinnedOutput)) aspects.push('pinned');
  return aspects;
}

/** The identity of a connection: what it joins, not its id. */
export function edgeKey(edge: Pick<WorkflowEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>): string {
  return `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;
}

/** Compares two documents; `before` is the older one. */
export function diffDocuments(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const nodesChanged: NodeChange[] = [];
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) continue;
    const aspects = aspectsOf(old, node);
    if (aspects.length > 0) {
      nodesChanged.push({
        id: node.id,
        before: old,
        after: node,
        aspects,
        positionOnly: aspects.length === 1 && aspects[0] === 'position',
      });
    }
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    nodesAdded: after.nodes.filter((n) => !oldNodes.has(n.id)),
    nodesRemoved: before.nodes.filter((n) => !newNodes.has(n.id)),
    nodesChanged,
    edgesAdded: after.edges.filter((e) => !oldEdges.has(edgeKey(e))),
    edgesRemoved: before.edges.filter((e) => !newEdges.has(edgeKey(e))),
    renamed: before.name === after.name ? null : { from: before.name, to: after.name },
    descriptionChanged: before.description !== after.description,
    settingsChanged: !same(before.settings, after.settings),
    stickyNotesChanged: !same(before.notes, after.notes),
  };
}

export function isEmptyDiff(diff: WorkflowDiff): boolean {
  return (
    diff.nodesAdded.length + diff.nodesRemoved.length + diff.nodesChanged.length + diff.edgesAdded.length + diff.edgesRemoved.length ===
      0 &&
    !diff.renamed &&
    !diff.descriptionChanged &&
    !diff.settingsChanged &&
    !diff.stickyNotesChanged
  );
}

/** Plain words for each aspect: the summary here and the marks on the History canvas use them. */
export const ASPECT_WORDS: Record<NodeAspect, string> = {
  name: 'renamed',
  type: 'type',
  config: 'settings',
  settings: 'error handling',
  position: 'moved',
  notes: 'notes',
  disabled: 'turned on/off',
  pinned: 'sample data',
};

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `"A", "B" and 3 more`: names up to three, then a count. */
function names(nodes: WorkflowNode[]): string {
  const shown = nodes.slice(0, 3).map((n) => `"${n.name}"`);
  return nodes.length > 3 ? `${shown.join(', ')} and ${nodes.length - 3} more` : shown.join(', ');
}

/** One line in plain words, like `Added "Send email"; changed "Fetch" (settings); 1 connection added`. */
export function summarizeDiff(diff: WorkflowDiff): string {
  const parts: string[] = [];
  if (diff.renamed) parts.push(`Renamed the workflow to "${diff.renamed.to}"`);
  if (diff.nodesAdded.length) parts.push(`Added ${names(diff.nodesAdded)}`);
  if (diff.nodesRemoved.length) parts.push(`Removed ${names(diff.nodesRemoved)}`);
  const edited = diff.nodesChanged.filter((c) => !c.positionOnly);
  const moved = diff.nodesChanged.filter((c) => c.positionOnly);
  if (edited.length === 1) {
    const [change] = edited;
    const what = change.aspects.filter((a) => a !== 'position').map((a) => ASPECT_WORDS[a]);
    const label = change.aspects.includes('name') ? `"${change.before.name}" → "${change.after.name}"` : `"${change.after.name}"`;
    parts.push(`Changed ${label} (${what.join(', ')})`);
  } else if (edited.length > 1) {
    parts.push(`Changed ${names(edited.map((c) => c.after))}`);
  }
  if (moved.length) parts.push(`Moved ${count(moved.length, 'step')}`);
  if (diff.edgesAdded.length) parts.push(`${count(diff.edgesAdded.length, 'connection')} added`);
  if (diff.edgesRemoved.length) parts.push(`${count(diff.edgesRemoved.length, 'connection')} removed`);
  if (diff.descriptionChanged) parts.push('New description');
  if (diff.settingsChanged) parts.push('Workflow settings changed');
  if (diff.stickyNotesChanged) parts.push('Notes on the canvas changed');
  return parts.length ? parts.join('; ') : 'No changes';
}
