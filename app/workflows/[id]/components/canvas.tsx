'use client';
/**
 * The React Flow canvas: pan, zoom, snap to grid, minimap; drops from the palette; connection
 * rules with the reason shown when a connection is refused.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type OnEdgesChange,
  type OnNodesChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import { useToast } from '../../../components/toast';
import { connectionProblem } from '../lib/connections';
import { useEditorView, useRunStates } from '../lib/editor-context';
import { DRAW_ONLY_VISIBLE_FROM } from '../lib/node-geometry';
import { LEGIBLE_ZOOM, OPEN_PADDING, openingViewport } from '../lib/open-view';
import { isStep, type CanvasNode, type StepEdge } from '../lib/types';
import { OverviewMap } from './overview-map';
import { PALETTE_MIME } from './palette';
import { nodeTypes } from './step-node';

interface CanvasProps {
  nodes: CanvasNode[];
  edges: StepEdge[];
  onNodesChange: OnNodesChange<CanvasNode>;
  onEdgesChange?: OnEdgesChange<StepEdge>;
  onConnect?: (connection: Connection) => void;
  onDropType?: (typeId: string, position: { x: number; y: number }) => void;
  label: string;
}

const SNAP: [number, number] = [20, 20];
// Props React Flow compares by reference: defined once, not per render.
// A connection reacts to the pointer 32 px wide (the line is 2 px): easy to hit, so a click meant for
// it selects it, and Delete then removes it rather than the step that was selected before.
// Its look (and the selected look) is in globals.css: an inline width would override it.
const EDGE_OPTIONS = { interactionWidth: 32 };
const DELETE_KEYS = ['Backspace', 'Delete'];
// Shift+click adds to the selection (Ctrl/Cmd too); Shift+drag draws a selection box.
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
/** The overview map only repeats what the steps already say in words, so colour alone is fine here. */
const MINIMAP_COLORS: Record<string, string> = {
  none: '#cbd5e1',
  queued: '#cbd5e1',
  running: '#7dd3fc',
  succeeded: '#6ee7b7',
  failed: '#fca5a5',
  skipped: '#e2e8f0',
  cancelled: '#fcd34d',
};
/** Half a node's size, so a dropped node lands centred under the pointer. */
const NODE_HALF = { x: 120, y: 30 };

function pointOf(event: MouseEvent | TouchEvent): { x: number; y: number } | null {
  if ('changedTouches' in event) {
    const touch = event.changedTouches[0];
    return touch ? { x: touch.clientX, y: touch.clientY } : null;
  }
  return { x: event.clientX, y: event.clientY };
}

export function Canvas({ nodes, edges, onNodesChange, onEdgesChange, onConnect, onDropType, label }: CanvasProps) {
  const { catalog, readOnly } = useEditorView();
  const runStates = useRunStates();
  // A new function would make the overview map redraw all its nodes.
  const nodeColor = useCallback(
    (n: { id: string }) => MINIMAP_COLORS[runStates[n.id]?.status ?? 'none'] ?? MINIMAP_COLORS.none,
    [runStates],
  );
  const { screenToFlowPosition, getNodesBounds, setViewport, fitView } = useReactFlow<CanvasNode, StepEdge>();
  const steps = useMemo(() => nodes.filter(isStep), [nodes]);
  const toast = useToast();
  // Fit an existing graph on open; on an empty canvas a late fit would jump to the first drop.
  const [fitOnOpen] = useState(() => nodes.length > 0);
  const store = useStoreApi<CanvasNode, StepEdge>();
  // React Flow fits once the steps are measured; when the whole graph is then too small to read,
  // look at its start (the triggers) at a readable zoom instead.
  useEffect(() => {
    if (!fitOnOpen) return;
    let cancelled = false;
    void fitView({ padding: OPEN_PADDING, maxZoom: 1 }).then(() => {
      const { nodes, width, height, transform } = store.getState();
      if (cancelled || transform[2] >= LEGIBLE_ZOOM || nodes.length === 0) return;
      const triggers = nodes.filter((n) => isStep(n) && catalog.get(n.data.type)?.category === 'trigger');
      const leftmost = nodes.reduce((a, b) => (b.position.x < a.position.x ? b : a));
      void setViewport(
        openingViewport(getNodesBounds(nodes), getNodesBounds(triggers.length > 0 ? triggers : [leftmost]), { width, height }),
      );
    });
    return () => {
      cancelled = true;
    };
    // Once, on open: later edits must not move the view.
  }, []);

  // React Flow hands callbacks on to every node wrapper or puts them in its store (which runs
  // every node's selector): a callback that changed with each edit or drag step would re-render
  // all of them. They read the latest graph from a ref instead and never change.
  const latest = useRef({ nodes, steps, edges, catalog, readOnly, onNodesChange, toast });
  useLayoutEffect(() => {
    latest.current = { nodes, steps, edges, catalog, readOnly, onNodesChange, toast };
  });

  const isValidConnection = useCallback((c: Connection | Edge) => {
    const { steps, edges, catalog } = latest.current;
    return connectionProblem(c, steps, edges, catalog) === null;
  }, []);

  // isValidConnection only says yes or no while dragging; when a drop is refused, say why.
  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false && state.toNode) return;
    const from = state.fromNode?.id;
    let to = state.toNode?.id;
    if (!to) {
      const point = pointOf(event);
      const element = point ? document.elementFromPoint(point.x, point.y) : null;
      to = element?.closest('.react-flow__node')?.getAttribute('data-id') ?? undefined;
    }
    if (!from || !to) return;
    const fromTarget = state.fromHandle?.type === 'target';
    const proposal = fromTarget
      ? { source: to, target: from, targetHandle: state.fromHandle?.id, sourceHandle: state.toHandle?.id }
      : { source: from, target: to, sourceHandle: state.fromHandle?.id, targetHandle: state.toHandle?.id };
    const { steps, edges, catalog, toast } = latest.current;
    const reason = connectionProblem(proposal, steps, edges, catalog);
    if (reason) toast(reason, 'error');
  }, []);

  // Right-click on a step selects it alone, which shows its actions (run from here, pin, turn off).
  const onNodeContextMenu = useCallback((event: ReactMouseEvent, node: CanvasNode) => {
    const { readOnly, nodes, onNodesChange } = latest.current;
    if (readOnly || node.type !== 'step') return;
    event.preventDefault();
    onNodesChange(nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id === node.id })));
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const typeId = event.dataTransfer.getData(PALETTE_MIME);
      if (!typeId || !onDropType) return;
      event.preventDefault();
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onDropType(typeId, {
        x: Math.round((p.x - NODE_HALF.x) / SNAP[0]) * SNAP[0],
        y: Math.round((p.y - NODE_HALF.y) / SNAP[1]) * SNAP[1],
      });
    },
    [onDropType, screenToFlowPosition],
  );

  return (
    <ReactFlow<CanvasNode, StepEdge>
      aria-label={label}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={readOnly ? undefined : onConnect}
      onConnectEnd={readOnly ? undefined : onConnectEnd}
      onNodeContextMenu={onNodeContextMenu}
      isValidConnection={isValidConnection}
      onDragOver={readOnly ? undefined : onDragOver}
      onDrop={readOnly ? undefined : onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={false}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionKeyCode="Shift"
      snapToGrid
      snapGrid={SNAP}
      minZoom={0.2}
      maxZoom={2}
      defaultEdgeOptions={EDGE_OPTIONS}
      attributionPosition="bottom-center"
      // On a large canvas only the steps in view are drawn: panning and dragging then cost what is
      // on screen, not the whole graph (see lib/node-geometry.ts).
      onlyRenderVisibleElements={steps.length >= DRAW_ONLY_VISIBLE_FROM}
    >
      <Background variant={BackgroundVariant.Dots} gap={SNAP[0]} size={1.5} color="#cbd5e1" />
      <Controls showInteractive={false} position="bottom-left" />
      {steps.length >= DRAW_ONLY_VISIBLE_FROM ? (
        <OverviewMap colorOf={nodeColor} ariaLabel="Overview of the whole workflow" />
      ) : (
        nodes.length > 0 && (
          <MiniMap
            pannable
            zoomable
            position="bottom-right"
            ariaLabel="Overview of the whole workflow"
            nodeColor={nodeColor}
            nodeBorderRadius={6}
          />
        )
      )}
    </ReactFlow>
  );
}
