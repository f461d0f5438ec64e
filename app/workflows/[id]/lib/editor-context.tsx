'use client';
/**
 * What node components need besides their own data: the catalog, run states, problems and the
 * actions they offer. Kept out of `node.data` so the graph stays plain, saveable values.
 */
import { createContext, useContext } from 'react';
import type { CatalogEntry, Problem } from '../../../lib/api-types';
import type { NodeRunState } from './types';

/** What a step on the canvas can ask the editor to do (absent when read only). */
export interface NodeActions {
  /** The "+" next to an output: choose a step to add after this one, connected from `handle`. */
  addAfter: (nodeId: string, handle: string) => void;
  /** Re-runs this step and what follows it, reusing the last run's results for the rest; null until a run has finished. */
  runFrom: ((nodeId: string) => void) | null;
  /** Keeps the last run's output on the step (or drops it); null when there is no output to pin. */
  togglePin: (nodeId: string) => void;
  toggleDisabled: (nodeId: string) => void;
  updateNote: (noteId: string, text: string) => void;
  removeNote: (noteId: string) => void;
}

export interface EditorView {
  catalog: Map<string, CatalogEntry>;
  runStates: Record<string, NodeRunState>;
  problemsByNode: Map<string, Problem[]>;
  readOnly: boolean;
  actions: NodeActions | null;
}

export const EditorViewContext = createContext<EditorView>({
  catalog: new Map(),
  runStates: {},
  problemsByNode: new Map(),
  readOnly: false,
  actions: null,
});

export function useEditorView(): EditorView {
  return useContext(EditorViewContext);
}

export function groupProblems(problems: Problem[]): Map<string, Problem[]> {
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  return byNode;
}
