'use client';
/** What happened to one step in a run: status, tries, duration, error in plain words, output, logs. */
import { CircleAlert, Info, TriangleAlert } from 'lucide-react';
import { StatusBadge } from '../../../components/status-badge';
import type { CatalogEntry, NodeRunView, RunDetail } from '../../../lib/api-types';
import { explainError } from '../../../lib/error-words';
import { duration, fullDate, plural } from '../../../lib/format';
import type { NodeRunState } from '../lib/types';
import { OutputView } from './output-view';
import { ChildRuns } from './run-links';
import { SavedFile } from './saved-file';
import { Screenshots } from './screenshots';
import { TrackValue } from './track-value';

interface InspectorProps {
  runId: string;
  nodeId: string;
  detail: RunDetail | undefined;
  state: NodeRunState | undefined;
  type: CatalogEntry | undefined;
}

const ERROR_HINTS: Record<string, string> = {
  timeout: 'The step took longer than its time limit. You can raise the limit under Settings → "When this step fails".',
  cancelled: 'The run was stopped before this step finished.',
  expression: 'A value written between {{ and }} could not be worked out. Check the names it uses.',
  config: 'A setting of this step is missing or not valid. Check the Settings tab.',
  interrupted: 'TaskMaster was stopped while this step was running.',
  warning: 'This workflow (or step) is set to fail on warnings: Settings → "When a step warns".',
};

const LOG_ICONS = { info: Info, warn: TriangleAlert, error: CircleAlert } as const;

function ErrorBox({ view }: { view: NodeRunView }) {
  if (!view.error) return null;
  const hint = view.error.code ? ERROR_HINTS[view.error.code] : undefined;
  const plain = explainError(view.error.message);
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="node-error">
      <p className="font-medium">What went wrong</p>
      {plain && (
        <p className="mt-1" data-testid="node-error-plain">
          {plain}
        </p>
      )}
      <p className={plain ? 'mt-1 font-mono text-xs break-all text-red-800' : 'mt-1'}>
        {plain && <span className="font-sans">The exact message: </span>}
        {view.error.message}
      </p>
      {view.error.field && <p className="mt-1 text-xs">In the setting “{view.error.field}”.</p>}
      {hint && <p className="mt-2 text-xs text-red-800">{hint}</p>}
    </div>
  );
}

/** The step worked, but what it did may not be what was meant; each warning says why. */
function WarningBox({ view }: { view: NodeRunView }) {
  if (view.warnings.length === 0) return null;
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="node-warnings">
      <p className="flex items-center gap-1.5 font-medium">
        <TriangleAlert aria-hidden className="size-4 shrink-0" />{' '}
        {view.warnings.length === 1 ? 'Warning' : `${view.warnings.length} warnings`}
      </p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {view.warnings.map((warning, i) => (
          <li key={i}>{warning.message}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What came in: a step's input is what the steps before it put out on the connections into it,
 * so it is read from their stored output pages rather than stored a second time.
 */
function InputSection({ runId, nodeId, detail }: { runId: string; nodeId: string; detail: RunDetail }) {
  const sources = detail.document.edges
    .filter((e) => e.target === nodeId)
    .map((e) => ({ edge: e, view: detail.nodes[e.source], node: detail.document.nodes.find((n) => n.id === e.source) }))
    .filter((s) => s.view && s.view.status === 'succeeded');
  if (sources.length === 0) return null;
  const total = sources.reduce((sum, s) => sum + (s.view?.outputCounts[s.edge.sourceHandle] ?? 0), 0);
  return (
    <details className="group rounded-md border border-slate-200 bg-white" data-testid="node-input">
      <summary className="cursor-pointer rounded-md px-3 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase hover:bg-slate-50">
        Input <span className="font-normal tracking-normal normal-case">({plural(total, 'item')})</span>
      </summary>
      <div className="flex flex-col gap-3 border-t border-slate-200 p-3">
        {sources.map(({ edge, node }) => (
          <div key={edge.id} className="flex flex-col gap-1">
            <p className="text-xs text-slate-600">From “{node?.name ?? edge.source}”</p>
            <OutputView
              runId={runId}
              nodeId={edge.source}
              counts={{ [edge.sourceHandle]: detail.nodes[edge.source]?.outputCounts[edge.sourceHandle] ?? 0 }}
              handleLabels={{}}
              direction="in"
            />
          </div>
        ))}
      </div>
    </details>
  );
}

export function Inspector({ runId, nodeId, detail, state, type }: InspectorProps) {
  const view = detail?.nodes[nodeId];
  const attempts = detail?.attempts.filter((a) => a.nodeId === nodeId) ?? [];
  if (!state) {
    return <p className="p-4 text-sm text-slate-600">This step did not run in this run.</p>;
  }
  const counts = view?.outputCounts ?? state.outputCounts ?? {};
  const handleLabels = Object.fromEntries((type?.outputs ?? []).map((h) => [h.id, h.label]));
  const inputTotal = view ? Object.values(view.inputCounts).reduce((a, b) => a + b, 0) : undefined;

  return (
    <div className="flex flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
        <StatusBadge status={state.status} />
        {state.durationMs !== undefined && state.durationMs !== null && <span>took {duration(state.durationMs)}</span>}
        {inputTotal !== undefined && type?.inputs.length ? <span>received {plural(inputTotal, 'item')}</span> : null}
        {attempts.length > 1 && <span>{plural(attempts.length, 'try', 'tries')}</span>}
        {view?.startedAt && <span className="text-xs text-slate-500">started {fullDate(view.startedAt)}</span>}
      </div>
      {state.reused && (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-2 text-sm text-slate-700" data-testid="reused-note">
          Reused: this step did not run again. Its result comes from the earlier run (“Run from here” started after it).
        </p>
      )}
      {state.status === 'queued' && <p className="text-sm text-slate-600">Waiting for the steps before it to finish.</p>}
      {state.status === 'running' && <p className="text-sm text-slate-600">Running now. The output appears here when it is done.</p>}
      {state.status === 'skipped' && (
        <p className="text-sm text-slate-600">
          Skipped: no items reached this step (for example, an If sent them all down the other path).
        </p>
      )}
      {!view && (state.status === 'succeeded' || state.status === 'failed') && (
        <p className="text-sm text-slate-600">Loading what this step produced…</p>
      )}
      {view && <ErrorBox view={view} />}
      {view && <WarningBox view={view} />}
      {view && <Screenshots view={view} />}
      {view && <SavedFile runId={runId} nodeId={nodeId} typeId={type?.id} view={view} />}

      {view && detail && <InputSection runId={runId} nodeId={nodeId} detail={detail} />}
      <ChildRuns
        detail={detail}
        nodeId={nodeId}
        runId={runId}
        output={state.status === 'succeeded' && counts.main !== undefined ? counts.main : undefined}
      />

      {view && state.status !== 'running' && state.status !== 'skipped' && (
        <section aria-labelledby={`${nodeId}-out`} className="flex flex-col gap-2">
          <h3 id={`${nodeId}-out`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Output
          </h3>
          <OutputView key={`${runId}-${nodeId}`} runId={runId} nodeId={nodeId} counts={counts} handleLabels={handleLabels} />
          {detail?.workflowId && state.status === 'succeeded' && (
            <TrackValue
              workflowId={detail.workflowId}
              nodeId={nodeId}
              firstItem={(view.outputPreview.main ?? Object.values(view.outputPreview)[0])?.[0]}
            />
          )}
        </section>
      )}

      {view && view.logs.length > 0 && (
        <section aria-labelledby={`${nodeId}-logs`}>
          <h3 id={`${nodeId}-logs`} className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Log
          </h3>
          <ul className="max-h-48 space-y-1 overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs">
            {view.logs.map((entry, i) => {
              const Icon = LOG_ICONS[entry.level];
              return (
                <li
                  key={i}
                  className={`flex gap-1.5 ${entry.level === 'error' ? 'text-red-800' : entry.level === 'warn' ? 'text-amber-800' : 'text-slate-700'}`}
                >
                  <Icon aria-label={entry.level} className="mt-0.5 size-3.5 shrink-0" />
                  <span className="break-all">{entry.message}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {attempts.length > 1 && (
        <section aria-labelledby={`${nodeId}-tries`}>
          <h3 id={`${nodeId}-tries`} className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Tries
          </h3>
          <ol className="space-y-1 text-sm">
            {attempts.map((a) => (
              <li key={a.attempt} className="flex items-center gap-2">
                <span className="w-12 text-xs text-slate-500">Try {a.attempt}</span>
                <StatusBadge status={a.status} />
                <span className="text-xs whitespace-nowrap text-slate-600">{duration(a.durationMs)}</span>
                {a.error && (
                  <span className="truncate text-xs text-red-800" title={a.error.message}>
                    {a.error.message}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
