'use client';
/**
 * A workflow on a read-only canvas: pan and zoom, nothing to edit. With `marks` it shows a
 * version diff: added, removed (drawn ghosted where they were) and changed steps, each with a word.
 */
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { CatalogEntry, WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../lib/api-types';
import { previewNodeTypes, type DiffMark, type PreviewNode } from './preview-node';

export interface GraphMarks {
  nodes: Record<string, { mark: DiffMark; detail?: string }>;
  /** Steps of the other version that are gone: drawn ghosted. */
  removedNodes: WorkflowNode[];
  addedEdges: string[];
  removedEdges: WorkflowEdge[];
}

interface ReadonlyGraphProps {
  document: Pick<WorkflowDocument, 'nodes' | 'edges'>;
  catalog: Map<string, CatalogEntry>;
  marks?: GraphMarks;
  label: string;
}

const FIT = { padding: 0.15, maxZoom: 1 };

function toNode(
  n: WorkflowNode,
  catalog: Map<string, CatalogEntry>,
  edges: WorkflowEdge[],
  mark?: GraphMarks['nodes'][string],
): PreviewNode {
  const type = catalog.get(n.type);
  // Handles the edges use, even of a step type this TaskMaster lacks, so every edge can be drawn.
  const outputs = [
    ...new Set([...(type?.outputs.map((h) => h.id) ?? []), ...edges.filter((e) => e.source === n.id).map((e) => e.sourceHandle)]),
  ];
  const inputs = [
    ...new Set([...(type?.inputs.map((h) => h.id) ?? []), ...edges.filter((e) => e.target === n.id).map((e) => e.targetHandle)]),
  ];
  return {
    id: n.id,
    type: 'preview',
    position: n.position,
    draggable: false,
    data: {
      name: n.name,
      typeLabel: type?.displayName ?? `Unknown step type "${n.type}"`,
      icon: type?.icon ?? 'box',
      trigger: type?.category === 'trigger',
      inputs,
      outputs,
      ...(mark ? { mark: mark.mark, ...(mark.detail ? { detail: mark.detail } : {}) } : {}),
    },
  };
}

function toEdge(e: WorkflowEdge, look: 'plain' | 'added' | 'removed'): Edge {
  const colour = look === 'added' ? '#059669' : look === 'removed' ? '#94a3b8' : '#64748b';
  return {
    id: `${look}:${e.id}`,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    style: { stroke: colour, strokeWidth: 2, ...(look === 'removed' ? { strokeDasharray: '6 4' } : {}) },
    ...(look === 'plain' ? {} : { label: look === 'added' ? 'added' : 'removed', labelStyle: { fontSize: 11, fill: colour } }),
  };
}

function Graph({ document, catalog, marks, label }: ReadonlyGraphProps) {
  const { nodes, edges } = useMemo(() => {
    const allEdges = [...document.edges, ...(marks?.removedEdges ?? [])];
    const added = new Set(marks?.addedEdges ?? []);
    return {
      nodes: [
        ...document.nodes.map((n) => toNode(n, catalog, allEdges, marks?.nodes[n.id])),
        ...(marks?.removedNodes ?? []).map((n) => toNode(n, catalog, allEdges, { mark: 'removed' })),
      ],
      edges: [
        ...document.edges.map((e) => toEdge(e, added.has(e.id) ? 'added' : 'plain')),
        ...(marks?.removedEdges ?? []).map((e) => toEdge(e, 'removed')),
      ],
    };
  }, [document, catalog, marks]);
  return (
    <ReactFlow<PreviewNode, Edge>
      aria-label={label}
      nodes={nodes}
      edges={edges}
      nodeTypes={previewNodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      edgesFocusable={false}
      deleteKeyCode={null}
      fitView
      fitViewOptions={FIT}
      minZoom={0.2}
      maxZoom={2}
      proOptions={{ hideAttribution: false }}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.5} color="#cbd5e1" />
      <Controls showInteractive={false} position="bottom-left" />
    </ReactFlow>
  );
}

/** Its own React Flow store, so it never touches an editor's canvas on the same page. */
export function ReadonlyGraph(props: ReadonlyGraphProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}
