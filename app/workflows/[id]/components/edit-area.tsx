'use client';
/** The editable canvas with its right-hand panel (step settings and output, or the workflow). */
import { useReactFlow } from '@xyflow/react';
import { EyeOff, MousePointerClick } from 'lucide-react';
import { useCallback, useEffect, useMemo, type ReactNode, type RefObject } from 'react';
import { Button } from '../../../components/button';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toast';
import type { CatalogEntry, RunDetail } from '../../../lib/api-types';
import { EditorViewProvider, groupProblems, type EditorView, type NodeActions } from '../lib/editor-context';
import { isFinal, mergeRunStates } from '../lib/use-run-state';
import { plural } from '../../../lib/format';
import type { WorkflowEditor } from '../lib/use-workflow-editor';
import { isStep, type NodeRunState, type StepNode } from '../lib/types';
import { Canvas } from './canvas';
import { CanvasTools } from './canvas-tools';
import { ConnectionsEditor } from './connections-editor';
import { NodePanel, type PanelTab } from './node-panel';
import { WorkflowPanel } from './workflow-panel';
import { dataSourcesFor, loopOf, runValueSources } from '../lib/data-sources';
import { useQuery } from '@tanstack/react-query';
import { OffStepsNote } from './off-steps-note';
import { SelectionBar } from './selection-bar';
import { repeatedByOf, repeatedGroupsKey } from '../lib/repeat-group';
import { browserStepsBefore, PickerContext } from '../lib/picker-context';
import { useTRPC } from '../../../lib/trpc';

const NO_VARIABLES: never[] = [];

/** Selected steps the selection bar offers to repeat: one trigger alone can't be, so no bar for it. */
function repeatableCount(selected: StepNode[], catalog: Map<string, CatalogEntry>): number {
  if (selected.length === 1 && catalog.get(selected[0].data.type)?.category === 'trigger') return 0;
  return selected.length;
}

interface EditAreaProps {
  editor: WorkflowEditor;
  catalog: Map<string, CatalogEntry>;
  run: { runId: string; detail: RunDetail | undefined; liveNodes: Record<string, NodeRunState> } | null;
  onHideRun: () => void;
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  canvasRef: RefObject<HTMLDivElement | null>;
  /** Whether the workflow panel (description, problems, tips) shows when no step is selected. */
  detailsOpen: boolean;
  onCloseDetails: () => void;
  actions: NodeActions;
  /** Panel content shown above the connections for the selected step (trigger details). */
  stepExtras: (nodeId: string) => ReactNode;
  onPaste: () => void;
  onHelp: () => void;
  onAddNote: () => void;
  /** Shared with this person as viewer: nothing moves, connects or changes. */
  viewOnly?: boolean;
}

export function EditArea(props: EditAreaProps) {
  const { editor, catalog, run, onHideRun, tab, onTab, canvasRef, detailsOpen, onCloseDetails, actions, viewOnly = false } = props;
  const { fitView, getViewport, setCenter, getInternalNode } = useReactFlow();
  const toast = useToast();
  const { nodes, steps, onNodesChange } = editor;
  // The steps as they were before a drag under way: what needs no positions uses these, so it is
  // not worked out again at every frame of a drag.
  const settledSteps = useMemo(() => editor.settledNodes.filter(isStep), [editor.settledNodes]);
  const runStates = useMemo(
    () =>
      run
        ? mergeRunStates(
            run.detail,
            run.liveNodes,
            settledSteps.map((n) => n.id),
          )
        : {},
    [run, settledSteps],
  );
  const problemsByNode = useMemo(() => groupProblems(editor.problems), [editor.problems]);
  const trpc = useTRPC();
  const instanceVariables = useQuery(trpc.settings.get.queryOptions()).data?.settings.variables;
  const workflowVariables = editor.meta.variables;
  const runValues = useMemo(
    () => runValueSources([...(instanceVariables ?? []), ...(workflowVariables ?? [])]),
    [instanceVariables, workflowVariables],
  );
  const stepChoices = useMemo(() => settledSteps.map((n) => ({ id: n.id, name: n.data.name })), [settledSteps]);
  // Worked out again only when a group or its step's name changes, not at every drag.
  const groupsKey = useMemo(() => repeatedGroupsKey(settledSteps), [settledSteps]);
  const repeatedBy = useMemo(() => repeatedByOf(groupsKey), [groupsKey]);
  const view = useMemo<EditorView>(
    () => ({ catalog, runStates, problemsByNode, readOnly: viewOnly, actions: viewOnly ? null : actions, repeatedBy }),
    [catalog, runStates, problemsByNode, actions, viewOnly, repeatedBy],
  );

  const selected = nodes.filter((n) => n.selected);
  const only = selected.length === 1 ? selected[0] : undefined;
  const node = only && isStep(only) ? only : undefined;
  // The step panel needs no positions either: its lists of earlier steps and of steps to connect to.
  const panelNode = useMemo(
    () => (node ? (settledSteps.find((n) => n.id === node.id && n.data === node.data) ?? node) : undefined),
    [node, settledSteps],
  );
  const runDetail = run?.detail;
  // A step of a repeated group ran in the rounds' own runs: the data picker reads the last round.
  const loopId = useMemo(() => (panelNode ? loopOf(panelNode.id, settledSteps)?.id : undefined), [panelNode, settledSteps]);
  const lastRoundId = loopId ? runDetail?.links.children[loopId]?.at(-1)?.runId : undefined;
  const lastRound = useQuery({
    ...trpc.runs.get.queryOptions({ runId: lastRoundId ?? '' }),
    enabled: lastRoundId !== undefined,
    refetchInterval: (query) => (isFinal(query.state.data?.status) ? false : 2000),
  }).data;
  const stepSources = useMemo(
    () => (panelNode ? dataSourcesFor(panelNode.id, settledSteps, editor.edges, runDetail, lastRound) : []),
    [panelNode, settledSteps, editor.edges, runDetail, lastRound],
  );
  const browserSteps = useMemo(
    () => (panelNode ? browserStepsBefore(panelNode.id, settledSteps, editor.edges) : []),
    [panelNode, settledSteps, editor.edges],
  );
  const { connect, removeEdge } = editor;
  const connectFromPanel = useCallback(
    (source: string, sourceHandle: string, target: string, targetHandle: string) => connect({ source, sourceHandle, target, targetHandle }),
    [connect],
  );
  const selectOnly = useCallback(
    (id: string | null) => {
      onNodesChange(nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id === id })));
      if (id) void fitView({ nodes: [{ id }], duration: 300, maxZoom: 1 });
    },
    [nodes, onNodesChange, fitView],
  );

  // Opening the step panel narrows the canvas, and a step added by a click may land past its
  // edge: bring the selected step into view if any of it is hidden.
  const selectedId = node?.id;
  useEffect(() => {
    if (!selectedId) return;
    let frame = 0;
    let tries = 0;
    const reveal = () => {
      const box = canvasRef.current?.getBoundingClientRect();
      const internal = getInternalNode(selectedId);
      // A step just added has no size until React Flow has measured it: wait a few frames.
      if (box && (!internal || internal.measured.width === undefined) && tries++ < 10) {
        frame = requestAnimationFrame(reveal);
        return;
      }
      if (!box || !internal) return;
      const { x, y, zoom } = getViewport();
      const width = internal.measured.width ?? 240;
      const height = internal.measured.height ?? 60;
      const { x: nx, y: ny } = internal.internals.positionAbsolute;
      const left = nx * zoom + x;
      const top = ny * zoom + y;
      const hidden = left < 0 || top < 0 || left + width * zoom > box.width || top + height * zoom > box.height;
      if (hidden) void setCenter(nx + width / 2, ny + height / 2, { zoom, duration: 250 });
    };
    frame = requestAnimationFrame(reveal);
    return () => cancelAnimationFrame(frame);
  }, [selectedId, canvasRef, getInternalNode, getViewport, setCenter]);

  return (
    <EditorViewProvider value={view} edges={editor.edges}>
      <section ref={canvasRef} id="canvas" aria-label="Canvas" className="relative min-w-0 flex-1">
        <div className="pointer-events-none absolute inset-x-3 top-3 z-10 flex flex-wrap-reverse items-start justify-between gap-2">
          <OffStepsNote steps={settledSteps} catalog={catalog} />
          {run && (
            <div className="pointer-events-auto flex items-center gap-2 rounded-md border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs text-slate-700 shadow-sm">
              <span>Showing the last run:</span>
              {run.detail ? <StatusBadge status={run.detail.status} /> : <StatusBadge status="queued" />}
              {run.detail && run.detail.warningCount > 0 && (
                <span className="font-medium text-amber-900" data-testid="run-warning-count">
                  with {plural(run.detail.warningCount, 'warning')}
                </span>
              )}
              <Button variant="ghost" size="sm" onClick={onHideRun}>
                <EyeOff aria-hidden className="size-3.5" /> Hide results
              </Button>
            </div>
          )}
          {!viewOnly && (
            <CanvasTools
              canUndo={editor.history.canUndo}
              canRedo={editor.history.canRedo}
              onUndo={editor.history.undo}
              onRedo={editor.history.redo}
              onPaste={props.onPaste}
              onAddNote={props.onAddNote}
              onTidy={() =>
                void editor.tidy().then((done) => {
                  if (done) window.setTimeout(() => void fitView({ duration: 300, padding: 0.15, maxZoom: 1 }), 50);
                  else toast('Add at least two steps to line them up.', 'info');
                })
              }
              onHelp={props.onHelp}
            />
          )}
        </div>
        {steps.length === 0 && (
          <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center p-8">
            <div className="rounded-xl border-2 border-dashed border-slate-300 bg-white/80 px-8 py-6 text-center text-sm text-slate-600">
              <MousePointerClick aria-hidden className="mx-auto mb-2 size-6 text-slate-400" />
              <p className="font-medium text-slate-800">Your canvas is empty</p>
              <p className="mt-1">Drag “Manual start” from the list on the left and drop it here,</p>
              <p>or click it to add it.</p>
            </div>
          </div>
        )}
        {!viewOnly && (
          <SelectionBar
            count={repeatableCount(selected.filter(isStep), catalog)}
            onRepeat={() => {
              const problem = editor.repeatSteps(selected.filter(isStep).map((n) => n.id));
              if (problem) toast(problem, 'error');
            }}
          />
        )}
        <Canvas
          label="Workflow canvas"
          nodes={nodes}
          edges={editor.edges}
          onNodesChange={onNodesChange}
          onEdgesChange={editor.onEdgesChange}
          onConnect={editor.connect}
          onDropType={(typeId, position) => editor.addNode(typeId, position)}
        />
      </section>
      {node && (
        <aside id="step-panel" aria-label="Step panel" className="flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white">
          <PickerContext.Provider value={viewOnly ? null : { steps: browserSteps, onRecorded: (list) => editor.addStepsAfter(node, list) }}>
            <NodePanel
              node={node}
              type={catalog.get(node.data.type)}
              problems={problemsByNode.get(node.id) ?? []}
              tab={tab}
              onTab={onTab}
              runId={run?.runId ?? null}
              detail={run?.detail}
              runState={runStates[node.id]}
              onChange={(patch) => {
                if (!viewOnly) editor.updateNodeData(node.id, patch);
              }}
              onDelete={() => {
                if (!viewOnly) editor.removeNodes([node.id]);
              }}
              onClose={() => selectOnly(null)}
              topSettings={props.stepExtras(node.id)}
              dataSources={[...stepSources, ...runValues]}
              steps={stepChoices}
              extraSettings={
                <ConnectionsEditor
                  node={panelNode ?? node}
                  nodes={settledSteps}
                  edges={editor.edges}
                  catalog={catalog}
                  onConnect={connectFromPanel}
                  onRemove={removeEdge}
                />
              }
            />
          </PickerContext.Provider>
        </aside>
      )}
      {!node && (detailsOpen || steps.length === 0) && (
        <aside aria-label="Workflow details" className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white">
          <WorkflowPanel
            description={editor.meta.description}
            onDescription={(description) => editor.setMeta((m) => ({ ...m, description }))}
            onWarning={editor.meta.settings.onWarning ?? 'continue'}
            onOnWarning={(onWarning) => editor.setMeta((m) => ({ ...m, settings: { ...m.settings, onWarning } }))}
            timezone={editor.meta.settings.timezone}
            onTimezone={(timezone) =>
              editor.setMeta((m) => {
                const { timezone: _old, ...settings } = m.settings;
                return { ...m, settings: timezone ? { ...settings, timezone } : settings };
              })
            }
            variables={editor.meta.variables ?? NO_VARIABLES}
            onVariables={(list) => editor.setMeta((m) => ({ ...m, variables: list.length > 0 ? list : undefined }))}
            problems={editor.problems}
            nodeName={(id) => steps.find((n) => n.id === id)?.data.name}
            onSelectNode={selectOnly}
            empty={steps.length === 0}
            onClose={onCloseDetails}
          />
        </aside>
      )}
    </EditorViewProvider>
  );
}
