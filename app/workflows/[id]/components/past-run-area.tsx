'use client';
/**
 * A past run, read-only: the graph as it was when the run started, each step with its state,
 * and the inspector for the clicked step.
 */
import { ReactFlowProvider, useNodesState } from '@xyflow/react';
import { ArrowLeft, History } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '../../../components/button';
import { StatusBadge } from '../../../components/status-badge';
import type { CatalogEntry, RunDetail } from '../../../lib/api-types';
import { duration, fullDate, plural } from '../../../lib/format';
import { toFlow } from '../lib/document';
import { EditorViewProvider, type EditorView } from '../lib/editor-context';
import { isFinal, mergeRunStates, useRunState } from '../lib/use-run-state';
import { isStep, type CanvasNode, type NodeRunState } from '../lib/types';
import { Canvas } from './canvas';
import { NodePanel } from './node-panel';
import { CalledBy } from './run-links';
import { triggerWords } from './runs-panel';

interface PastRunAreaProps {
  runId: string;
  catalog: Map<string, CatalogEntry>;
  onBack: () => void;
}

function RunSummary({ detail }: { detail: RunDetail }) {
  return (
    <div className="flex flex-col gap-3 p-4 text-sm">
      <h2 className="font-semibold">This run</h2>
      <CalledBy detail={detail} />
      <dl className="grid grid-cols-[7rem_1fr] gap-y-1.5 text-slate-700">
        <dt className="text-slate-500">Result</dt>
        <dd>
          <StatusBadge status={detail.status} />
        </dd>
        <dt className="text-slate-500">Started</dt>
        <dd>{fullDate(detail.startedAt ?? detail.createdAt)}</dd>
        <dt className="text-slate-500">How</dt>
        <dd>{triggerWords(detail.triggerKind)}</dd>
        <dt className="text-slate-500">Took</dt>
        <dd>{duration(detail.durationMs)}</dd>
        {detail.warningCount > 0 && (
          <>
            <dt className="text-slate-500">Warnings</dt>
            <dd className="text-amber-900" data-testid="run-warning-count">
              {isFinal(detail.status) ? 'Finished with ' : ''}
              {plural(detail.warningCount, 'warning')}: the steps marked with one show why
            </dd>
          </>
        )}
      </dl>
      {detail.error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900">
          <p className="font-medium">Why it failed</p>
          <p className="mt-1">{detail.error.message}</p>
        </div>
      )}
      {detail.triggerPayload !== null && detail.triggerPayload !== undefined && (
        <div>
          <p className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Input</p>
          <pre
            tabIndex={0}
            aria-label="The input this run started with"
            className="max-h-48 overflow-auto rounded-md bg-slate-900 p-2 font-mono text-xs text-slate-100"
          >
            {JSON.stringify(detail.triggerPayload, null, 2)}
          </pre>
        </div>
      )}
      <p className="text-slate-600">Click a step on the canvas to see what it received, produced and logged.</p>
    </div>
  );
}

function Banner({ detail, onBack }: { detail: RunDetail | undefined; onBack: () => void }) {
  return (
    <div role="status" className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950">
      <History aria-hidden className="size-4 shrink-0" />
      <p className="flex-1">
        <span className="font-medium">Viewing a past run (read only).</span> The steps are shown as they were when it ran
        {detail ? `, ${fullDate(detail.createdAt)}` : ''}.
      </p>
      <Button size="sm" onClick={onBack}>
        <ArrowLeft aria-hidden className="size-3.5" /> Back to editing
      </Button>
    </div>
  );
}

function PastRunInner({ runId, catalog, onBack }: PastRunAreaProps) {
  const { detail, liveNodes } = useRunState(runId);
  if (!detail) {
    return (
      <section aria-label="Past run" className="flex min-w-0 flex-1 flex-col">
        <Banner detail={detail} onBack={onBack} />
        <p className="p-4 text-sm text-slate-600">Loading the run…</p>
      </section>
    );
  }
  return <PastRunLoaded key={detail.id} runId={runId} detail={detail} liveNodes={liveNodes} catalog={catalog} onBack={onBack} />;
}

interface PastRunLoadedProps extends PastRunAreaProps {
  detail: RunDetail;
  liveNodes: Record<string, NodeRunState>;
}

function PastRunLoaded({ runId, detail, liveNodes, catalog, onBack }: PastRunLoadedProps) {
  const [flow] = useState(() => toFlow(detail.document));
  const [nodes, , onNodesChange] = useNodesState<CanvasNode>(flow.nodes);
  const runStates = useMemo(
    () =>
      mergeRunStates(
        detail,
        liveNodes,
        nodes.filter(isStep).map((n) => n.id),
      ),
    [detail, liveNodes, nodes],
  );
  const view = useMemo<EditorView>(
    () => ({ catalog, runStates, problemsByNode: new Map(), readOnly: true, actions: null }),
    [catalog, runStates],
  );
  const node = nodes.filter(isStep).find((n) => n.selected);

  return (
    <EditorViewProvider value={view} edges={flow.edges}>
      <section aria-label="Past run" className="flex min-w-0 flex-1 flex-col">
        <Banner detail={detail} onBack={onBack} />
        <div className="relative min-h-0 flex-1">
          <Canvas label="Canvas of the past run" nodes={nodes} edges={flow.edges} onNodesChange={onNodesChange} />
        </div>
      </section>
      <aside aria-label="Run panel" className="flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white">
        {node ? (
          <NodePanel
            node={node}
            type={catalog.get(node.data.type)}
            problems={[]}
            tab="output"
            onTab={() => {}}
            runId={runId}
            detail={detail}
            runState={runStates[node.id]}
            onClose={() => onNodesChange([{ type: 'select', id: node.id, selected: false }])}
          />
        ) : (
          <RunSummary detail={detail} />
        )}
      </aside>
    </EditorViewProvider>
  );
}

export function PastRunArea(props: PastRunAreaProps) {
  // Its own React Flow store, so the editing canvas's viewport and selection are untouched.
  return (
    <ReactFlowProvider>
      <PastRunInner {...props} />
    </ReactFlowProvider>
  );
}
