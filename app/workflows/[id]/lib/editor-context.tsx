'use client';
/**
 * What node components need besides their own data: the catalog, run states, problems, which
 * outputs are connected and the actions they offer. Kept out of `node.data` so the graph stays
 * plain, saveable values.
 *
 * Run states, problems and connections change often (every run event, every save, every edge)
 * and each step needs only its own part. A context value that changes re-renders every
 * consumer, which on a 1,000-step canvas costs a frame or more per change; so these live in a
 * small store instead, and each step subscribes to its own entry and re-renders only when that
 * entry changes. The context holds the store and the values that rarely change.
 */
import { createContext, useContext, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { CatalogEntry, Problem } from '../../../lib/api-types';
import type { NodeRunState, StepEdge } from './types';

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
  /** Steps in a group a Repeat until step repeats: step id → that step's name (changes rarely). */
  repeatedBy?: ReadonlyMap<string, string>;
}

/** The parts of the view that change often, per step. */
interface CanvasState {
  runStates: Record<string, NodeRunState>;
  problemsByNode: Map<string, Problem[]>;
  /** `nodeId` + NUL + `sourceHandle` of every output that has an edge. */
  connected: Set<string>;
}

const EMPTY_STATE: CanvasState = { runStates: {}, problemsByNode: new Map(), connected: new Set() };
const NO_PROBLEMS: Problem[] = [];
const NO_EDGES: StepEdge[] = [];

function sameCounts(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function sameRunState(a: NodeRunState, b: NodeRunState): boolean {
  return (
    a.status === b.status &&
    a.attempt === b.attempt &&
    a.durationMs === b.durationMs &&
    a.reused === b.reused &&
    a.warnings === b.warnings &&
    sameCounts(a.outputCounts, b.outputCounts)
  );
}

function sameProblems(a: Problem[], b: Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i] || JSON.stringify(p) === JSON.stringify(b[i]));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

/** `next`, reusing the previous objects wherever nothing changed, so subscribers can compare by reference. */
function reuse(prev: CanvasState, next: CanvasState): CanvasState {
  let runStates = next.runStates;
  const runKeys = Object.keys(next.runStates);
  let sameRuns = runKeys.length === Object.keys(prev.runStates).length;
  const mergedRuns: Record<string, NodeRunState> = {};
  for (const id of runKeys) {
    const before = prev.runStates[id];
    const after = next.runStates[id];
    if (before && sameRunState(before, after)) mergedRuns[id] = before;
    else {
      mergedRuns[id] = after;
      sameRuns = false;
    }
  }
  runStates = sameRuns ? prev.runStates : mergedRuns;

  let sameGroups = next.problemsByNode.size === prev.problemsByNode.size;
  const mergedProblems = new Map<string, Problem[]>();
  for (const [id, list] of next.problemsByNode) {
    const before = prev.problemsByNode.get(id);
    if (before && sameProblems(before, list)) mergedProblems.set(id, before);
    else {
      mergedProblems.set(id, list);
      sameGroups = false;
    }
  }
  const problemsByNode = sameGroups ? prev.problemsByNode : mergedProblems;
  const connected = sameSet(prev.connected, next.connected) ? prev.connected : next.connected;
  if (runStates === prev.runStates && problemsByNode === prev.problemsByNode && connected === prev.connected) return prev;
  return { runStates, problemsByNode, connected };
}

const handleKey = (nodeId: string, handleId: string) => `${nodeId}\u0000${handleId}`;

function connectedOutputs(edges: StepEdge[]): Set<string> {
  const set = new Set<string>();
  for (const e of edges) set.add(handleKey(e.source, e.sourceHandle ?? 'main'));
  return set;
}

/** Exported for its unit test. */
export function createCanvasStore(initial: CanvasState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: CanvasState) {
      const merged = reuse(state, next);
      if (merged === state) return;
      state = merged;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type CanvasStore = ReturnType<typeof createCanvasStore>;

interface ContextValue {
  catalog: Map<string, CatalogEntry>;
  readOnly: boolean;
  actions: NodeActions | null;
  repeatedBy: ReadonlyMap<string, string>;
  store: CanvasStore;
}

const NOT_REPEATED: ReadonlyMap<string, string> = new Map();

const defaultStore = createCanvasStore(EMPTY_STATE);
const EditorViewContext = createContext<ContextValue>({
  catalog: new Map(),
  readOnly: false,
  actions: null,
  repeatedBy: NOT_REPEATED,
  store: defaultStore,
});

/**
 * The actions change with every refresh of the shown run (they close over it); steps only need
 * to know whether there are actions and whether "run from here" is possible yet. So the steps get
 * functions that call the latest actions, and a new object only when one of those two changes.
 */
function useStableActions(actions: NodeActions | null): NodeActions | null {
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });
  const present = actions !== null;
  const canRunFrom = actions?.runFrom != null;
  return useMemo<NodeActions | null>(
    () =>
      present
        ? {
            addAfter: (nodeId, handle) => latest.current?.addAfter(nodeId, handle),
            runFrom: canRunFrom ? (nodeId) => latest.current?.runFrom?.(nodeId) : null,
            togglePin: (nodeId) => latest.current?.togglePin(nodeId),
            toggleDisabled: (nodeId) => latest.current?.toggleDisabled(nodeId),
            updateNote: (noteId, text) => latest.current?.updateNote(noteId, text),
            removeNote: (noteId) => latest.current?.removeNote(noteId),
          }
        : null,
    [present, canRunFrom],
  );
}

/** Gives the canvas below it the editor's view; `edges` tell which outputs are connected. */
export function EditorViewProvider({ value, edges = NO_EDGES, children }: { value: EditorView; edges?: StepEdge[]; children: ReactNode }) {
  const { catalog, readOnly, actions, runStates, problemsByNode, repeatedBy = NOT_REPEATED } = value;
  // Worked out once per change of the edges, not per handle.
  const connected = useMemo(() => connectedOutputs(edges), [edges]);
  const [store] = useState(() => createCanvasStore({ runStates, problemsByNode, connected }));
  // Subscribers are told after the commit (never during render), before the browser paints.
  useLayoutEffect(() => store.set({ runStates, problemsByNode, connected }), [store, runStates, problemsByNode, connected]);
  const stableActions = useStableActions(actions);
  const current = useMemo<ContextValue>(
    () => ({ catalog, readOnly, actions: stableActions, repeatedBy, store }),
    [catalog, readOnly, stableActions, repeatedBy, store],
  );
  return <EditorViewContext.Provider value={current}>{children}</EditorViewContext.Provider>;
}

/** The catalog, whether the canvas is read only, and the steps' actions (values that rarely change). */
export function useEditorView(): Omit<ContextValue, 'store'> {
  return useContext(EditorViewContext);
}

function useCanvasState<T>(pick: (state: CanvasState) => T): T {
  const { store } = useContext(EditorViewContext);
  return useSyncExternalStore(
    store.subscribe,
    () => pick(store.get()),
    () => pick(store.get()),
  );
}

/** The run state of one step (re-renders its step only when that state changes). */
export function useNodeRunState(nodeId: string): NodeRunState | undefined {
  return useCanvasState((s) => s.runStates[nodeId]);
}

/** The problems found on one step. */
export function useNodeProblems(nodeId: string): Problem[] {
  return useCanvasState((s) => s.problemsByNode.get(nodeId) ?? NO_PROBLEMS);
}

/** Whether an edge leaves this output of this step. */
export function useOutputConnected(nodeId: string, handleId: string): boolean {
  return useCanvasState((s) => s.connected.has(handleKey(nodeId, handleId)));
}

/** Every step's run state (for the overview map). */
export function useRunStates(): Record<string, NodeRunState> {
  return useCanvasState((s) => s.runStates);
}

export function groupProblems(problems: Problem[]): Map<string, Problem[]> {
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  return byNode;
}
