'use client';
/**
 * The editor's frame: toolbar, left panel (steps to add, past runs), and either the editable
 * canvas or a past run. Owns saving shortcuts, the leave guard, runs and the editor's dialogs.
 */
import { useReactFlow, type XYPosition } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogEntry, StoredWorkflow } from '../../../lib/api-types';
import { setLeaveGuard } from '../../../lib/nav-guard';
import { isStep, type CanvasNode } from '../lib/types';
import { useCanvasCommands } from '../lib/use-canvas-commands';
import { useEditorRuns } from '../lib/use-editor-runs';
import { useNodeActions } from '../lib/use-node-actions';
import { useWorkflowEditor } from '../lib/use-workflow-editor';
import { ActiveSwitch } from './active-switch';
import { AddStepDialog } from './add-step-dialog';
import { EditArea } from './edit-area';
import type { PanelTab } from './node-panel';
import { Palette } from './palette';
import { SkipLinks } from './skip-links';
import { HistoryPanel } from './history-panel';
import { PastRunArea } from './past-run-area';
import { RunDialog } from './run-dialog';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { RunsPanel } from './runs-panel';
import { ShareDialog } from './share-dialog';
import { ShortcutsDialog } from './shortcuts-dialog';
import { CheckBanner } from './check-banner';
import { Tabs } from './tabs';
import { Toolbar } from './toolbar';
import { VersionArea } from './version-area';
import { TriggerPanel } from './trigger-panel';

const GRID = 20;

/** Moves a new node down until it no longer sits on top of another one. */
function freeSpot(p: XYPosition, nodes: CanvasNode[]): XYPosition {
  const spot = { x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID };
  while (nodes.some((n) => isStep(n) && Math.abs(n.position.x - spot.x) < 240 && Math.abs(n.position.y - spot.y) < 90)) spot.y += 120;
  return spot;
}

interface EditorShellProps {
  initial: StoredWorkflow;
  catalogList: CatalogEntry[];
  /** A run to show at once (`?run=` in the address, as the notification bell links). */
  openRunId?: string;
}

export function EditorShell({ initial, catalogList, openRunId }: EditorShellProps) {
  const catalog = useMemo(() => new Map(catalogList.map((c) => [c.id, c])), [catalogList]);
  const editor = useWorkflowEditor(initial, catalog);
  const { screenToFlowPosition } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);

  const [leftTab, setLeftTab] = useState<'steps' | 'runs' | 'history'>(openRunId ? 'runs' : 'steps');
  // A saved version shown read-only with its changes (History tab); a past run takes precedence.
  const [viewVersion, setViewVersion] = useState<number | null>(null);
  const openVersion = (version: number) => {
    setViewRunId(null);
    setLeftTab('history');
    setViewVersion(version);
  };
  const [panelTab, setPanelTab] = useState<PanelTab>('settings');
  const [viewRunId, setViewRunId] = useState<string | null>(openRunId ?? null);
  // A link followed while this editor is open (same workflow, another run) shows that run too.
  useEffect(() => {
    if (!openRunId) return;
    setViewVersion(null);
    setLeftTab('runs');
    setViewRunId(openRunId);
  }, [openRunId]);
  const [dialog, setDialog] = useState<
    | { kind: 'run' }
    | { kind: 'help' }
    | { kind: 'share' }
    | { kind: 'add'; nodeId: string; handle: string }
    | { kind: 'check-run'; input: unknown }
    | null
  >(null);
  // Shared with this person as viewer: the canvas opens read-only, with no save and no run.
  const viewOnly = initial.canEdit === false;
  const [detailsOpen, setDetailsOpen] = useState(initial.problems.length > 0);
  const onRunStarted = useCallback(() => {
    setViewRunId(null);
    setPanelTab('output');
  }, []);
  const runs = useEditorRuns({ editor, workflowId: initial.id, onStarted: onRunStarted });
  const { save, latest } = editor;

  // Ctrl+S saves; leaving with unsaved changes asks first (reload, close, in-app links).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (latest.current.dirty && !viewOnly) void save();
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
  }, [save, latest, viewOnly]);

  useEffect(() => {
    document.title = `${editor.meta.name || 'Untitled workflow'} · TaskMaster`;
  }, [editor.meta.name]);

  // New problems (from a save or a refused run) open the list of them.
  // The checks made while editing only move the marks on the steps.
  const { problems: currentProblems, problemsReported } = editor;
  useEffect(() => {
    if (problemsReported > 0 && currentProblems.length > 0) setDetailsOpen(true);
    // Only when a save or run reports: not when the marks follow an edit.
  }, [problemsReported]);

  const viewCentre = useCallback((): XYPosition => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return { x: 0, y: 0 };
    return screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  }, [screenToFlowPosition]);

  const openHelp = useCallback(() => setDialog({ kind: 'help' }), []);
  const commands = useCanvasCommands({ editor, enabled: viewRunId === null && dialog === null && !viewOnly, viewCentre, onHelp: openHelp });

  const addFromPalette = (typeId: string, after?: CanvasNode, handle?: string) => {
    const from = after && isStep(after) ? after : undefined;
    let position: XYPosition;
    if (from) position = { x: from.position.x + 320, y: from.position.y };
    else {
      const centre = viewCentre();
      position = { x: centre.x - 120, y: centre.y - 40 };
    }
    editor.addNode(typeId, freeSpot(position, editor.nodes), from, handle);
    setPanelTab('settings');
  };

  const onAddAfter = useCallback((nodeId: string, handle: string) => setDialog({ kind: 'add', nodeId, handle }), []);
  // "Mark as checked": the mark goes, then the workflow is saved once the change is in the editor's state.
  const [saveChecked, setSaveChecked] = useState(false);
  const markChecked = () => {
    editor.setMeta(({ checkBeforeUse: _done, ...m }) => m);
    setSaveChecked(true);
  };
  useEffect(() => {
    if (!saveChecked || editor.meta.checkBeforeUse) return;
    setSaveChecked(false);
    void save();
  }, [saveChecked, editor.meta.checkBeforeUse, save]);

  const actions = useNodeActions({ editor, run: runs.shown, onAddAfter, onRunFrom: runs.runFrom });
  const addAfterNode = dialog?.kind === 'add' ? editor.steps.find((n) => n.id === dialog.nodeId) : undefined;

  // A workflow marked "check before use" asks before it runs (issue 17): its results may differ from where it came from.
  const runChecked = (input: unknown) => {
    if ((editor.meta.checkBeforeUse?.length ?? 0) > 0) setDialog({ kind: 'check-run', input });
    else void runs.run(input);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <SkipLinks
        canvasRef={canvasRef}
        stepOpen={editor.nodes.filter((n) => n.selected).length === 1 && editor.nodes.some((n) => n.selected && isStep(n))}
      />
      <Toolbar
        name={editor.meta.name}
        onRename={(name) => editor.setMeta((m) => ({ ...m, name }))}
        dirty={editor.dirty}
        saving={editor.saving}
        onSave={() => void save()}
        running={runs.running}
        onRun={() => runChecked(runs.inputText.trim() ? JSON.parse(runs.inputText) : undefined)}
        onRunWithInput={() => setDialog({ kind: 'run' })}
        reusesInput={runs.inputText.trim() !== ''}
        onStop={runs.stop ?? undefined}
        readOnly={viewRunId !== null}
        viewOnly={viewOnly}
        onShare={() => setDialog({ kind: 'share' })}
        problemCount={editor.problems.length}
        detailsOpen={detailsOpen}
        onToggleDetails={() => {
          const selected = editor.nodes.filter((n) => n.selected);
          // With a step selected its panel covers the details: show them instead of toggling.
          editor.onNodesChange(selected.map((n) => ({ type: 'select', id: n.id, selected: false })));
          setDetailsOpen((open) => (selected.length ? true : !open));
        }}
        activeSwitch={
          <ActiveSwitch
            workflowId={initial.id}
            initial={initial.active}
            dirty={editor.dirty}
            save={save}
            onProblems={editor.setProblems}
            disabled={viewRunId !== null}
          />
        }
      />
      {editor.meta.checkBeforeUse && editor.meta.checkBeforeUse.length > 0 && (
        <CheckBanner reasons={editor.meta.checkBeforeUse} onChecked={viewOnly ? undefined : markChecked} />
      )}
      {viewOnly && (
        <p role="status" data-testid="view-only-banner" className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950">
          You can view this workflow; ask its owner to edit.
        </p>
      )}
      <div className="flex min-h-0 flex-1">
        <aside aria-label="Steps and runs" className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-slate-50">
          <Tabs<'steps' | 'runs' | 'history'>
            label="Left panel"
            idPrefix="left"
            current={leftTab}
            onChange={setLeftTab}
            tabs={[
              { id: 'steps', label: 'Add steps' },
              { id: 'runs', label: 'Runs' },
              { id: 'history', label: 'History' },
            ]}
          />
          <div id="left-panel" role="tabpanel" className="flex min-h-0 flex-1 flex-col">
            {leftTab === 'steps' && viewOnly ? (
              // No list of disabled steps (nothing in it could be focused or used): a plain note instead.
              <p className="p-3 text-sm text-slate-700">Adding steps needs edit rights. Open “Runs” to see how it ran.</p>
            ) : leftTab === 'steps' ? (
              <Palette
                catalog={catalogList}
                onAdd={(typeId) => {
                  const selected = editor.nodes.filter((n) => n.selected);
                  addFromPalette(typeId, selected.length === 1 ? selected[0] : undefined);
                }}
                disabled={viewRunId !== null || viewVersion !== null || viewOnly}
              />
            ) : leftTab === 'runs' ? (
              <RunsPanel
                workflowId={initial.id}
                openRunId={viewRunId}
                onOpen={setViewRunId}
                onRetried={setViewRunId}
                onOpenVersion={openVersion}
                viewOnly={viewOnly}
              />
            ) : (
              <HistoryPanel workflowId={initial.id} openVersion={viewVersion} onOpen={openVersion} />
            )}
          </div>
        </aside>
        {viewRunId ? (
          <PastRunArea key={viewRunId} runId={viewRunId} catalog={catalog} onBack={() => setViewRunId(null)} />
        ) : viewVersion !== null ? (
          <VersionArea
            workflowId={initial.id}
            version={viewVersion}
            catalog={catalog}
            dirty={editor.dirty}
            onBack={() => setViewVersion(null)}
            // The editor reopens on the restored version (it was clean: restoring waits for a save).
            onRestored={() => window.location.reload()}
          />
        ) : (
          <EditArea
            editor={editor}
            catalog={catalog}
            run={runs.shown ? { ...runs.shown, liveNodes: runs.liveNodes } : null}
            onHideRun={runs.hide}
            tab={panelTab}
            onTab={setPanelTab}
            canvasRef={canvasRef}
            detailsOpen={detailsOpen}
            onCloseDetails={() => setDetailsOpen(false)}
            actions={actions}
            stepExtras={(nodeId) => (
              <TriggerPanel
                workflowId={initial.id}
                node={editor.steps.find((n) => n.id === nodeId)}
                catalog={catalog}
                dirty={editor.dirty}
                timezone={editor.meta.settings.timezone}
              />
            )}
            onPaste={() => void commands.paste()}
            onHelp={openHelp}
            viewOnly={viewOnly}
            onAddNote={() => {
              const centre = viewCentre();
              editor.addNote(freeSpot({ x: centre.x - 120, y: centre.y - 80 }, editor.nodes));
            }}
          />
        )}
      </div>
      {dialog?.kind === 'run' && (
        <RunDialog
          initial={runs.inputText}
          onClose={() => setDialog(null)}
          onRun={(input, text) => {
            runs.setInputText(text);
            setDialog(null);
            runChecked(input);
          }}
        />
      )}
      {dialog?.kind === 'check-run' && (
        <ConfirmDialog
          title="Run before it is checked?"
          action="Run anyway"
          cancel="Not now"
          onClose={() => setDialog(null)}
          onConfirm={async () => void runs.run(dialog.input)}
        >
          <p>
            This workflow is marked “check before use”: parts of it could not be carried over, so it may give other results than where it
            came from.
          </p>
          <ul className="mt-2 list-disc pl-5">
            {(editor.meta.checkBeforeUse ?? []).slice(0, 3).map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p className="mt-2">When you have looked at it, choose “Mark as checked” above the canvas.</p>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'help' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'share' && <ShareDialog workflowId={initial.id} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'add' && addAfterNode && (
        <AddStepDialog
          afterName={addAfterNode.data.name}
          catalog={catalogList}
          onClose={() => setDialog(null)}
          onAdd={(typeId) => {
            setDialog(null);
            addFromPalette(typeId, addAfterNode, dialog.handle);
          }}
        />
      )}
    </div>
  );
}
