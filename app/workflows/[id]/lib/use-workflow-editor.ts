'use client';
/**
 * The editing state of one workflow: nodes, edges and the rest of the document, what was last
 * saved (to show "Unsaved changes"), the save itself and the problems it reported.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { addEdge, useEdgesState, useNodesState, type Connection, type XYPosition } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { nodeSettingsSchema } from '@/server/engine/document';
import { useToast } from '../../../components/toast';
import type { CatalogEntry, Problem, StoredWorkflow } from '../../../lib/api-types';
import { errorMessage, isConflict, shortProblemMessage } from '../../../lib/errors';
import { plural } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { newId } from '../../lib/ids';
import { shapeProblems } from './check-document';
import { toDocument, toFlow, uniqueName } from './document';
import { defaultConfig } from './schema-fields';
import type { DocumentMeta, StepData, StepEdge, StepNode } from './types';

export function useWorkflowEditor(initial: StoredWorkflow, catalog: Map<string, CatalogEntry>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [start] = useState(() => toFlow(initial.document));
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>(start.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<StepEdge>(start.edges);
  const [meta, setMeta] = useState<DocumentMeta>(start.meta);
  const [version, setVersion] = useState(initial.version);
  const [problems, setProblems] = useState<Problem[]>(initial.problems);
  const [savedSnapshot, setSavedSnapshot] = useState(() => JSON.stringify(toDocument(start.meta, start.nodes, start.edges)));

  const document = useMemo(() => toDocument(meta, nodes, edges), [meta, nodes, edges]);
  const snapshot = useMemo(() => JSON.stringify(document), [document]);
  const dirty = snapshot !== savedSnapshot;

  // Keyboard shortcuts and the leave guard read the latest values without re-subscribing.
  const latest = useRef({ document, snapshot, version, dirty });
  latest.current = { document, snapshot, version, dirty };

  const saveMutation = useMutation(trpc.workflows.save.mutationOptions());
  const save = useCallback(async (): Promise<boolean> => {
    const { document: doc, snapshot: snap, version: expectedVersion } = latest.current;
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
      setProblems(result.problems);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      toast(
        result.problems.length
          ? `Saved. ${plural(result.problems.length, 'problem')} still to fix before it can run.`
          : 'Saved.',
        result.problems.length ? 'info' : 'success',
      );
      return true;
    } catch (error) {
      toast(isConflict(error) ? errorMessage(error) : `Not saved: ${errorMessage(error)}`, 'error');
      return false;
    }
  }, [initial.id, saveMutation, queryClient, trpc, toast]);

  const updateNodeData = useCallback(
    (id: string, patch: Partial<StepData>) =>
      setNodes((list) => list.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n))),
    [setNodes],
  );

  /** Adds a step, selected so its settings open; connected after `after` when given. */
  const addNode = useCallback(
    (typeId: string, position: XYPosition, after?: StepNode) => {
      const type = catalog.get(typeId);
      if (!type) return;
      const id = newId('n');
      setNodes((list) => [
        ...list.map((n) => (n.selected ? { ...n, selected: false } : n)),
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
      if (after && afterType && afterType.outputs.length > 0 && type.inputs.length > 0) {
        const connection: Connection = { source: after.id, sourceHandle: afterType.outputs[0].id, target: id, targetHandle: type.inputs[0].id };
        setEdges((list) => addEdge({ ...connection, id: newId('e') }, list));
      }
    },
    [catalog, setNodes, setEdges],
  );

  const connect = useCallback(
    (c: Connection) => setEdges((list) => addEdge({ ...c, id: newId('e'), sourceHandle: c.sourceHandle ?? 'main', targetHandle: c.targetHandle ?? 'main' }, list)),
    [setEdges],
  );

  const removeNode = useCallback(
    (id: string) => {
      setNodes((list) => list.filter((n) => n.id !== id));
      setEdges((list) => list.filter((e) => e.source !== id && e.target !== id));
    },
    [setNodes, setEdges],
  );

  return {
    workflowId: initial.id,
    nodes,
    edges,
    onNodesChange,
    onEdgesChange,
    setEdges,
    meta,
    setMeta,
    document,
    dirty,
    latest,
    save,
    saving: saveMutation.isPending,
    problems,
    setProblems,
    updateNodeData,
    addNode,
    connect,
    removeNode,
  };
}

export type WorkflowEditor = ReturnType<typeof useWorkflowEditor>;
