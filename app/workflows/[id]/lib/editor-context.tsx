'use client';
/**
 * What node components need besides their own data: the catalog, run states and problems.
 * Kept out of `node.data` so the graph stays plain, saveable values.
 */
import { createContext, useContext } from 'react';
import type { CatalogEntry, Problem } from '../../../lib/api-types';
import type { NodeRunState } from './types';

export interface EditorView {
  catalog: Map<string, CatalogEntry>;
  runStates: Record<string, NodeRunState>;
  problemsByNode: Map<string, Problem[]>;
  readOnly: boolean;
}

export const EditorViewContext = createContext<EditorView>({
  catalog: new Map(),
  runStates: {},
  problemsByNode: new Map(),
  readOnly: false,
});

export function useEditorView(): EditorView {
  return useContext(EditorViewContext);
}

export function groupProblems(problems: Problem[]): Map<string, Problem[]> {
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  return byNode;
}
