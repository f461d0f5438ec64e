'use client';
/**
 * The editing state of one workflow: steps, notes, connections and the rest of the document,
 * undo/redo over it, what was last saved (to show "Unsaved changes") and the save itself.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  addEdge,
  applyNodeChanges,
  useEdgesState,
  useNodesState,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { nodeSettingsSchema } from '@/core/document';
import { useToast } from '../../../components/toast';
import type { CatalogEntry, Problem, StoredWorkflow, WorkflowDocument } from '../../../lib/api-types';
import { errorMessage, isConflict, shortProblemMessage } from '../../../lib/errors';
import { plural } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { newId } from '../../lib/ids';
import { shapeProblems } from './check-document';
import { pasteNodes, type ClipboardContent } from './clipboard';
import { sameContent, sameDocument, toDocument, toFlow, uniqueName, type FlowState } from './document';
import { DRAW_ONLY_VISIBLE_FROM, dropHandleEstimates, withEstimate } from './node-geometry';
import { loadTidyUp } from './tidy-up';
import { REPEAT_TYPE, repeatGroup } from './repeat-group';
import { defaultConfig } from './schema-fields';
import { useHistory } from './use-history';
import { isStep, type CanvasNode, type DocumentMeta, type StepData, type StepEdge, type StepNode } from './types';

/** How long after the last change the document is checked again (typing stays smooth). */
const CHECK_DELAY_MS = 400;

const unselect = (n: CanvasNode): CanvasNode => (n.selected ? { ...n, selected: false } : n);

/** `value` as it was when `busy` was last false (the nodes as they were before a drag began). */
function useSettled<T>(value: T, busy: boolean): T {
  const settled = useRef(value);
  if (!busy) settled.current = value;
  return busy ? settled.current : value;
}

export function useWorkflowEditor(initial: StoredWorkflow, catalog: Map<string, CatalogEntry>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  // On a large canvas steps carry an estimate of their size until measured, so only those in
  // view need drawing.
  const [start] = useState(() => {
    const flow = toFlow(initial.document);
    if (initial.document.nodes.length < DRAW_ONLY_VISIBLE_FROM) return flow;
    return { ...flow, nodes: flow.nodes.map((n) => (isStep(n) ? withEstimate(n, catalog) : n)) };
  });
  const [nodes, setNodes] = useNodesState<CanvasNode>(start.nodes);
  // React Flow has taken the estimated handle positions in by now (its effects run first) and
  // keeps them until it measures the step; left on the nodes, they would override the measured ones.
  useEffect(() => setNodes(dropHandleEstimates), [setNodes]);
  const [edges, setEdges, applyEdgeChanges] = useEdgesState<StepEdge>(start.edges);
  const [meta, setMeta] = useState<DocumentMeta>(start.meta);
  const [version, setVersion] = useState(initial.version);
  const [problems, setLiveProblems] = useState<Problem[]>(initial.problems);
  // Problems a save or a refused run reported: they open the list of problems. The checks made
  // while editing only move the marks (see below), or the list would open at every keystroke.
  const [problemsReported, setProblemsReported] = useState(0);
  const setProblems = useCallback((list: Problem[]) => {
    setLiveProblems(list);
    setProblemsReported((n) => n + 1);
  }, []);
  const [savedSnapshot, setSavedSnapshot] = useState(() => JSON.stringify(toDocument(start.meta, start.nodes, start.edges)));

  const steps = useMemo(() => nodes.filter(isStep), [nodes]);
  const moving = nodes.some((n) => n.dragging || n.resizing);
  // A drag moves a step every frame: the document (unsaved changes, undo, checks) catches up when
  // it ends, rather than being written out whole 60 times a second.
  const settledNodes = useSettled(nodes, moving);
  const document = useMemo(() => toDocument(meta, settledNodes, edges), [meta, settledNodes, edges]);
  // A new selection makes a new document object but the same text: keep the text.
  const written = useRef<{ meta: DocumentMeta; document: WorkflowDocument; text: string } | null>(null);
  const snapshot = useMemo(() => {
    const before = written.current;
    if (before && before.meta === meta && sameDocument(before.document, document)) return before.text;
    const text = JSON.stringify(document);
    written.current = { meta, document, text };
    return text;
  }, [meta, document]);
  const dirty = snapshot !== savedSnapshot;
  const flow: FlowState = useMemo(() => ({ meta, nodes: settledNodes, edges }), [meta, settledNodes, edges]);

  const restore = useCallback(
    (text: string) => {
      const flow = toFlow(JSON.parse(text) as WorkflowDocument);
      setNodes((current) => {
        const before = new Map(current.map((n) => [n.id, n]));
        return flow.nodes.map((n) => {
          const old = before.get(n.id);
          return old ? { ...n, selected: old.selected, measured: old.measured } : n;
        });
      });
      setEdges(flow.edges);
      setMeta(flow.meta);
    },
    [setNodes, setEdges],
  );
  const history = useHistory(snapshot, moving, restore);
  const { checkpoint } = history;

  // Keyboard shortcuts and the leave guard read the latest values without re-subscribing.
  const latest = useRef({ document, snapshot, version, dirty, nodes, edges, flow });
  latest.current = { document, snapshot, version, dirty, nodes, edges, flow };

  // Problem marks follow the edits: a moment after each change the document is checked again, so
  // a mark goes away as soon as its problem is fixed (and a new one shows) without saving.
  const { mutateAsync: checkDocument } = useMutation(trpc.workflows.check.mutationOptions());
  const checkedSnapshot = useRef(snapshot);
  const checkedFlow = useRef(flow);
  useEffect(() => {
    if (moving || snapshot === checkedSnapshot.current) return;
    // Only moved: the problems are those of the last check (a check of 5,000 steps is a long task).
    if (sameContent(checkedFlow.current, flow)) {
      checkedSnapshot.current = snapshot;
      checkedFlow.current = flow;
      return;
    }
    const timer = window.setTimeout(() => {
      const { document: doc, snapshot: snap, flow: checking } = latest.current;
      const shape = shapeProblems(doc);
      if (shape.length) {
        checkedSnapshot.current = snap;
        checkedFlow.current = checking;
        setLiveProblems(shape);
        return;
      }
      checkDocument({ document: doc })
        .then((result) => {
          // An answer about an older document than the one on screen is dropped.
          if (latest.current.snapshot !== snap) return;
          checkedSnapshot.current = snap;
          checkedFlow.current = checking;
          setLiveProblems(result.problems);
        })
        .catch(() => {
          // Not reachable just now: the marks stay as they were; saving says what is wrong.
        });
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [snapshot, moving, flow, checkDocument]);

  const saveMutation = useMutation(trpc.workflows.save.mutationOptions());
  const save = useCallback(async (): Promise<boolean> => {
    const { document: doc, snapshot: snap, version: expectedVersion, flow: saving } = latest.current;
    const shape = shapeProblems(doc);
    if (shape.length) {
      setProblems(shape);
      toast(`Not saved: ${shortProblemMessage(shape[0].message)}`, 'error');
      return false;
    }
    try {
      const result = await saveMutation.mutateAsync({ id: initial.id, document: doc, expectedVersion });
      setVersion(result.version);
      setSavedSnapshot(snap);
      checkedSnapshot.current = snap;
      checkedFlow.current = saving;
      setProblems(result.problems);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.triggerInfo.queryKey({ id: initial.id }) });
      toast(
        result.problems.length ? `Saved. ${plural(result.problems.length, 'problem')} still to fix before it can run.` : 'Saved.',
        result.problems.length ? 'info' : 'success',
      );
      return true;
    } catch (error) {
      toast(isConflict(error) ? errorMessage(error) : `Not saved: ${errorMessage(error)}`, 'error');
      return false;
    }
  }, [initial.id, saveMutation, queryClient, trpc, toast, setProblems]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      if (changes.some((c) => c.type === 'remove' || c.type === 'add')) checkpoint();
      setNodes((list) => applyNodeChanges(changes, list));
    },
    [setNodes, checkpoint],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<StepEdge>[]) => {
      if (changes.some((c) => c.type === 'remove' || c.type === 'add')) checkpoint();
      applyEdgeChanges(changes);
    },
    [applyEdgeChanges, checkpoint],
  );

  /** Changes a step's data. `step: true` makes it an undo step of its own (not merged with typing). */
  const updateNodeData = useCallback(
    (id: string, patch: Partial<StepData>, options?: { step?: boolean }) => {
      if (options?.step) checkpoint();
      setNodes((list) => list.map((n) => (n.id === id && isStep(n) ? { ...n, data: { ...n.data, ...patch } } : n)));
    },
    [setNodes, checkpoint],
  );

  /** Adds a step, selected so its settings open; connected after `after` (from `handle`) when given. */
  const addNode = useCallback(
    (typeId: string, position: XYPosition, after?: StepNode, handle?: string) => {
      const type = catalog.get(typeId);
      if (!type) return;
      checkpoint();
      const id = newId('n');
      setNodes((list) => [
        ...list.map(unselect),
        {
          id,
          type: 'step',
          position,
          selected: true,
          data: {
            type: type.id,
            typeVersion: type.version,
            name: uniqueName(type.displayName, list),
            config: defaultConfig(type.configSchema),
            settings: nodeSettingsSchema.parse({}),
          },
        },
      ]);
      const afterType = after ? catalog.get(after.data.type) : undefined;
      const sourceHandle = handle ?? afterType?.outputs[0]?.id;
      if (after && sourceHandle && type.inputs.length > 0) {
        const connection: Connection = { source: after.id, sourceHandle, target: id, targetHandle: type.inputs[0].id };
        setEdges((list) => addEdge({ ...connection, id: newId('e') }, list));
      }
    },
    [catalog, setNodes, setEdges, checkpoint],
  );

  /** Adds steps in a row after `after`, each connected to the one before (the recorder's steps). */
  const addStepsAfter = useCallback(
    (after: StepNode, steps: Array<{ type: string; config: Record<string, unknown> }>) => {
      const made: StepNode[] = [];
      for (const step of steps) {
        const type = catalog.get(step.type);
        if (!type) continue;
        const position = { x: after.position.x + 280 * (made.length + 1), y: after.position.y + 140 };
        made.push({
          id: newId('n'),
          type: 'step',
          position,
          selected: false,
          data: {
            type: type.id,
            typeVersion: type.version,
            name: '',
            config: { ...defaultConfig(type.configSchema), ...step.config },
            settings: nodeSettingsSchema.parse({}),
          },
        });
      }
      if (made.length === 0) return;
      checkpoint();
      setNodes((list) => {
        const named: StepNode[] = [];
        for (const node of made) {
          const name = uniqueName(catalog.get(node.data.type)!.displayName, [...list, ...named]);
          named.push({ ...node, data: { ...node.data, name } });
        }
        return [...list, ...named];
      });
      setEdges((list) => {
        let next = list;
        made.forEach((node, i) => {
          const source = i === 0 ? after.id : made[i - 1].id;
          next = addEdge({ id: newId('e'), source, sourceHandle: 'main', target: node.id, targetHandle: 'main' }, next);
        });
        return next;
      });
    },
    [catalog, setNodes, setEdges, checkpoint],
  );

  const connect = useCallback(
    (c: Connection) => {
      checkpoint();
      setEdges((list) =>
        addEdge({ ...c, id: newId('e'), sourceHandle: c.sourceHandle ?? 'main', targetHandle: c.targetHandle ?? 'main' }, list),
      );
    },
    [setEdges, checkpoint],
  );

  const removeNodes = useCallback(
    (ids: string[]) => {
      const gone = new Set(ids);
      checkpoint();
      setNodes((list) => list.filter((n) => !gone.has(n.id)));
      setEdges((list) => list.filter((e) => !gone.has(e.source) && !gone.has(e.target)));
    },
    [setNodes, setEdges, checkpoint],
  );

  const removeEdge = useCallback(
    (edgeId: string) => {
      checkpoint();
      setEdges((list) => list.filter((e) => e.id !== edgeId));
    },
    [setEdges, checkpoint],
  );

  /** Adds copied steps (selected afterwards), moved by `offset`. */
  const paste = useCallback(
    (content: ClipboardContent, offset: XYPosition) => {
      const pasted = pasteNodes(content, latest.current.nodes, offset);
      if (pasted.nodes.length === 0) return 0;
      checkpoint();
      setNodes((list) => [...list.map(unselect), ...pasted.nodes]);
      setEdges((list) => [...list.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges]);
      return pasted.nodes.length;
    },
    [setNodes, setEdges, checkpoint],
  );

  const addNote = useCallback(
    (position: XYPosition) => {
      checkpoint();
      setNodes((list) => [
        { id: newId('note'), type: 'sticky', position, width: 240, height: 160, zIndex: -1, selected: true, data: { text: '' } },
        ...list.map(unselect),
      ]);
    },
    [setNodes, checkpoint],
  );

  const updateNote = useCallback(
    (id: string, text: string) => setNodes((list) => list.map((n) => (n.id === id && n.type === 'sticky' ? { ...n, data: { text } } : n))),
    [setNodes],
  );

  /** Lays the steps out left to right; resolves false when there is nothing to tidy. */
  const tidy = useCallback(async () => {
    if (latest.current.nodes.filter(isStep).length < 2) return false;
    const tidyPositions = await loadTidyUp();
    // The steps as they are now, after the layout code loaded.
    const current = latest.current.nodes.filter(isStep);
    if (current.length < 2) return false;
    const positions = tidyPositions(current, latest.current.edges);
    checkpoint();
    setNodes((list) => list.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)));
    return true;
  }, [setNodes, checkpoint]);

  /** "Repeat these steps until…": a Repeat until step in the selection's place repeats it. Returns a reason when it can't. */
  const repeatSteps = useCallback(
    (ids: string[]): string | null => {
      const { nodes: current, edges: currentEdges } = latest.current;
      const type = catalog.get(REPEAT_TYPE);
      const made = repeatGroup(ids, current.filter(isStep), currentEdges, catalog, {
        newId,
        name: uniqueName(type?.displayName ?? 'Repeat until', current),
        defaults: type ? defaultConfig(type.configSchema) : {},
      });
      if (typeof made === 'string') return made;
      checkpoint();
      setNodes((list) => [...list.map((n) => ({ ...unselect(n), position: made.moved.get(n.id) ?? n.position })), made.loop]);
      setEdges(made.edges);
      return null;
    },
    [catalog, setNodes, setEdges, checkpoint],
  );

  const select = useCallback(
    (which: 'all' | 'none') => {
      setNodes((list) => list.map((n) => (n.selected === (which === 'all') ? n : { ...n, selected: which === 'all' })));
      setEdges((list) => list.map((e) => (e.selected === (which === 'all') ? e : { ...e, selected: which === 'all' })));
    },
    [setNodes, setEdges],
  );

  return {
    workflowId: initial.id,
    nodes,
    steps,
    /** The nodes as they were before the drag under way (the current nodes when nothing moves). */
    settledNodes,
    edges,
    onNodesChange,
    onEdgesChange,
    meta,
    setMeta,
    document,
    dirty,
    latest,
    save,
    saving: saveMutation.isPending,
    problems,
    problemsReported,
    setProblems,
    updateNodeData,
    addNode,
    addStepsAfter,
    connect,
    removeNodes,
    removeEdge,
    paste,
    addNote,
    updateNote,
    tidy,
    repeatSteps,
    select,
    history,
  };
}

export type WorkflowEditor = ReturnType<typeof useWorkflowEditor>;
