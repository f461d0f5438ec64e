'use client';
/**
 * The editor's frame: toolbar, left panel (steps to add, past runs), and either the editable
 * canvas or a past run. Owns saving shortcuts, the leave guard and starting runs.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useReactFlow, type XYPosition } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useToast } from '../../../components/toast';
import type { CatalogEntry, StoredWorkflow } from '../../../lib/api-types';
import { errorMessage, errorProblems, shortProblemMessage } from '../../../lib/errors';
import { duration, plural } from '../../../lib/format';
import { setLeaveGuard } from '../../../lib/nav-guard';
import { useTRPC } from '../../../lib/trpc';
import { shapeProblems } from '../lib/check-document';
import { isFinal, useRunState } from '../lib/use-run-state';
import { useWorkflowEditor } from '../lib/use-workflow-editor';
import type { StepNode } from '../lib/types';
import { EditArea } from './edit-area';
import type { PanelTab } from './node-panel';
import { Palette } from './palette';
import { PastRunArea } from './past-run-area';
import { RunDialog } from './run-dialog';
import { RunsPanel } from './runs-panel';
import { Tabs } from './tabs';
import { Toolbar } from './toolbar';

const GRID = 20;

/** Moves a new node down until it no longer sits on top of another one. */
function freeSpot(p: XYPosition, nodes: StepNode[]): XYPosition {
  const spot = { x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID };
  while (nodes.some((n) => Math.abs(n.position.x - spot.x) < 240 && Math.abs(n.position.y - spot.y) < 90)) spot.y += 120;
  return spot;
}

interface EditorShellProps {
  initial: StoredWorkflow;
  catalogList: CatalogEntry[];
}

export function EditorShell({ initial, catalogList }: EditorShellProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const catalog = useMemo(() => new Map(catalogList.map((c) => [c.id, c])), [catalogList]);
  const editor = useWorkflowEditor(initial, catalog);
  const { screenToFlowPosition } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);

  const [leftTab, setLeftTab] = useState<'steps' | 'runs'>('steps');
  const [panelTab, setPanelTab] = useState<PanelTab>('settings');
  const [activeRunId, setActiveRunId] = useState<string | null>(null);
  const [viewRunId, setViewRunId] = useState<string | null>(null);
  const [runDialogOpen, setRunDialogOpen] = useState(false);
  const [inputText, setInputText] = useState('');
  const [detailsOpen, setDetailsOpen] = useState(initial.problems.length > 0);
  const activeRun = useRunState(activeRunId);
  const startRun = useMutation(trpc.runs.start.mutationOptions());
  const cancelRun = useMutation(trpc.runs.cancel.mutationOptions());
  const { save, latest } = editor;

  // Ctrl+S saves; leaving with unsaved changes asks first (reload, close, in-app links).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (latest.current.dirty) void save();
      }
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!latest.current.dirty) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onBeforeUnload);
    setLeaveGuard(() => latest.current.dirty);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onBeforeUnload);
      setLeaveGuard(null);
    };
  }, [save, latest]);

  useEffect(() => {
    document.title = `${editor.meta.name || 'Untitled workflow'} · TaskMaster`;
  }, [editor.meta.name]);

  // New problems (from a save or a refused run) open the list of them.
  useEffect(() => {
    if (editor.problems.length > 0) setDetailsOpen(true);
  }, [editor.problems]);

  // Say once how a run ended.
  const announced = useRef<string | null>(null);
  const finished = activeRun.detail && isFinal(activeRun.detail.status) ? activeRun.detail : undefined;
  useEffect(() => {
    if (!finished || announced.current === finished.id) return;
    announced.current = finished.id;
    if (finished.status === 'succeeded') toast(`Run finished: every step that ran succeeded (${duration(finished.durationMs)}).`, 'success');
    else if (finished.status === 'cancelled') toast('The run was cancelled.', 'info');
    else {
      const at = finished.error?.nodeId ? editor.nodes.find((n) => n.id === finished.error?.nodeId)?.data.name : undefined;
      toast(`The run failed${at ? ` at "${at}"` : ''}: ${finished.error?.message ?? 'see the red step'}. Click the step to see why.`, 'error');
    }
  }, [finished, toast, editor.nodes]);

  const run = async (input: unknown) => {
    const shape = shapeProblems(latest.current.document);
    if (shape.length) {
      editor.setProblems(shape);
      toast(`This workflow can't run yet: ${shortProblemMessage(shape[0].message)}`, 'error');
      return;
    }
    try {
      const { runId } = await startRun.mutateAsync({ workflowId: initial.id, document: latest.current.document, input });
      setActiveRunId(runId);
      setViewRunId(null);
      setPanelTab('output');
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    } catch (error) {
      const problems = errorProblems(error);
      if (problems?.length) {
        editor.setProblems(problems);
        toast(`This workflow can't run yet: ${plural(problems.length, 'problem')} to fix. They are marked on the steps and listed on the right.`, 'error');
      } else {
        toast(`The run could not start: ${errorMessage(error)}`, 'error');
      }
    }
  };

  const addFromPalette = (typeId: string) => {
    const selected = editor.nodes.filter((n) => n.selected);
    const after = selected.length === 1 ? selected[0] : undefined;
    let position: XYPosition = { x: 0, y: 0 };
    if (after) position = { x: after.position.x + 320, y: after.position.y };
    else if (canvasRef.current) {
      const rect = canvasRef.current.getBoundingClientRect();
      const centre = screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      position = { x: centre.x - 120, y: centre.y - 40 };
    }
    editor.addNode(typeId, freeSpot(position, editor.nodes), after);
    setPanelTab('settings');
  };

  const running = startRun.isPending || (activeRunId !== null && !!activeRun.detail && !isFinal(activeRun.detail.status));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <Toolbar
        name={editor.meta.name}
        onRename={(name) => editor.setMeta((m) => ({ ...m, name }))}
        dirty={editor.dirty}
        saving={editor.saving}
        onSave={() => void save()}
        running={running}
        onRun={() => void run(inputText.trim() ? JSON.parse(inputText) : undefined)}
        onRunWithInput={() => setRunDialogOpen(true)}
        reusesInput={inputText.trim() !== ''}
        onStop={
          running && activeRunId
            ? () =>
                cancelRun.mutate(
                  { runId: activeRunId },
                  { onSuccess: () => toast('Stopping the run…', 'info'), onError: (e) => toast(errorMessage(e), 'error') },
                )
            : undefined
        }
        readOnly={viewRunId !== null}
        problemCount={editor.problems.length}
        detailsOpen={detailsOpen}
        onToggleDetails={() => {
          const selected = editor.nodes.filter((n) => n.selected);
          // With a step selected its panel covers the details: show them instead of toggling.
          editor.onNodesChange(selected.map((n) => ({ type: 'select', id: n.id, selected: false })));
          setDetailsOpen((open) => (selected.length ? true : !open));
        }}
      />
      <div className="flex min-h-0 flex-1">
        <aside aria-label="Steps and runs" className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-slate-50">
          <Tabs<'steps' | 'runs'>
            label="Left panel"
            idPrefix="left"
            current={leftTab}
            onChange={setLeftTab}
            tabs={[
              { id: 'steps', label: 'Add steps' },
              { id: 'runs', label: 'Runs' },
            ]}
          />
          <div id="left-panel" role="tabpanel" className="flex min-h-0 flex-1 flex-col">
            {leftTab === 'steps' ? (
              <Palette catalog={catalogList} onAdd={addFromPalette} disabled={viewRunId !== null} />
            ) : (
              <RunsPanel workflowId={initial.id} openRunId={viewRunId} onOpen={setViewRunId} />
            )}
          </div>
        </aside>
        {viewRunId ? (
          <PastRunArea key={viewRunId} runId={viewRunId} catalog={catalog} onBack={() => setViewRunId(null)} />
        ) : (
          <EditArea
            editor={editor}
            catalog={catalog}
            run={activeRunId ? { runId: activeRunId, detail: activeRun.detail, liveNodes: activeRun.liveNodes } : null}
            onHideRun={() => setActiveRunId(null)}
            tab={panelTab}
            onTab={setPanelTab}
            canvasRef={canvasRef}
            detailsOpen={detailsOpen}
            onCloseDetails={() => setDetailsOpen(false)}
          />
        )}
      </div>
      {runDialogOpen && (
        <RunDialog
          initial={inputText}
          onClose={() => setRunDialogOpen(false)}
          onRun={(input, text) => {
            setInputText(text);
            setRunDialogOpen(false);
            void run(input);
          }}
        />
      )}
    </div>
  );
}
