'use client';
/**
 * One step on the canvas: icon, name, type, run badge, labelled handles and its problems.
 * Memoised and registered once in `nodeTypes` (outside any component) as React Flow requires.
 */
import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { Pin, PowerOff, Repeat, Repeat2, TriangleAlert, Zap } from 'lucide-react';
import { memo } from 'react';
import { NodeIcon } from '../../../components/node-icon';
import { StatusBadge } from '../../../components/status-badge';
import { shortProblemMessage } from '../../../lib/errors';
import { duration, plural } from '../../../lib/format';
import { useEditorView, useNodeProblems, useNodeRunState } from '../lib/editor-context';
import { hasLabelledRows, outputHandles, type HandleRow } from '../lib/node-geometry';
import type { StepNode } from '../lib/types';
import { NodeActionBar } from './node-actions';
import { OutputHandle } from './output-handle';
import { StickyNoteComponent } from './sticky-note';

function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const { catalog, actions, repeatedBy } = useEditorView();
  const loop = repeatedBy.get(id);
  const type = catalog.get(data.type);
  // Each step subscribes to its own run state and problems: a change elsewhere doesn't re-render it.
  const run = useNodeRunState(id);
  const problems = useNodeProblems(id);
  const inputs: HandleRow[] = type?.inputs ?? [];
  const outputs = outputHandles(type?.outputs ?? [], data.settings.onError);
  const isTrigger = type?.category === 'trigger';
  const labelled = hasLabelledRows(inputs, outputs);
  const rows = labelled ? Math.max(inputs.length, outputs.length) : 0;
  // Open page set to "for each incoming item" (nodes/browser-open.ts): the only step with this choice.
  const eachItem = data.type === 'browser-open' && data.config.items === 'each';
  const total = run?.outputCounts ? Object.values(run.outputCounts).reduce((a, b) => a + b, 0) : undefined;

  const outline = problems.length
    ? 'border-red-500 ring-2 ring-red-300'
    : selected
      ? 'border-indigo-600 ring-2 ring-indigo-300'
      : 'border-slate-300';

  return (
    <div
      data-testid="step-node"
      data-name={data.name}
      data-disabled={data.disabled ? 'true' : undefined}
      data-pinned={data.pinnedOutput ? 'true' : undefined}
      className={`relative w-60 border-2 shadow-sm ${isTrigger ? 'rounded-l-[2rem] rounded-r-lg' : 'rounded-lg'} ${outline} ${data.disabled ? 'border-dashed bg-slate-100' : 'bg-white'}`}
    >
      {actions && selected && <NodeActionBar id={id} data={data} run={run} actions={actions} />}
      {loop !== undefined && (
        <span
          className="absolute -top-3 left-2 flex max-w-52 items-center gap-1 truncate rounded-full border border-indigo-300 bg-indigo-50 px-1.5 py-0.5 text-[11px] font-semibold text-indigo-800"
          title={`“${loop}” runs this step in each of its rounds`}
          data-testid="repeated-by"
        >
          <Repeat aria-hidden className="size-3 shrink-0" /> Repeated by “{loop}”
        </span>
      )}
      {(data.disabled || data.pinnedOutput || eachItem) && (
        <div className="absolute -top-3 right-2 flex gap-1">
          {eachItem && (
            <span
              className="flex items-center gap-1 rounded-full border border-indigo-400 bg-indigo-50 px-1.5 py-0.5 text-[11px] font-semibold text-indigo-800"
              title="Runs once per incoming item, with the Browser steps right after it"
              data-testid="each-item-badge"
            >
              <Repeat2 aria-hidden className="size-3" /> Each item
            </span>
          )}
          {data.disabled && (
            <span className="flex items-center gap-1 rounded-full border border-slate-400 bg-white px-1.5 py-0.5 text-[11px] font-semibold text-slate-700">
              <PowerOff aria-hidden className="size-3" /> Off
            </span>
          )}
          {data.pinnedOutput && (
            <span
              className="flex items-center gap-1 rounded-full border border-violet-400 bg-violet-50 px-1.5 py-0.5 text-[11px] font-semibold text-violet-800"
              title="This step uses its pinned output instead of running"
            >
              <Pin aria-hidden className="size-3" /> Pinned
            </span>
          )}
        </div>
      )}
      <div className={`flex items-center gap-2.5 py-2.5 pr-3 ${isTrigger ? 'pl-4' : 'pl-3'} ${data.disabled ? 'opacity-60' : ''}`}>
        <span
          className={`flex size-8 shrink-0 items-center justify-center rounded-md ${isTrigger ? 'bg-amber-100 text-amber-800' : 'bg-indigo-50 text-indigo-700'}`}
        >
          <NodeIcon icon={type?.icon ?? 'box'} src={type?.plugin?.iconUrl} className="size-4.5" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900" title={data.name}>
            {data.name}
          </p>
          <p className="flex items-center gap-1 truncate text-xs text-slate-500">
            {isTrigger && <Zap aria-hidden className="size-3" />}
            {type ? type.displayName : `Unknown step type "${data.type}"`}
            {isTrigger && <span className="sr-only"> (starts the workflow)</span>}
          </p>
        </div>
      </div>

      {run && (
        <div
          className="flex flex-wrap items-center gap-x-2 gap-y-1 border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600"
          data-testid="run-state"
        >
          <StatusBadge status={run.status} />
          {total !== undefined && <span>{plural(total, 'item')}</span>}
          {run.durationMs !== undefined && run.durationMs !== null && <span>{duration(run.durationMs)}</span>}
          {run.attempt !== undefined && run.attempt > 1 && <span>try {run.attempt}</span>}
          {run.warnings ? (
            <span
              className="flex items-center gap-0.5 rounded-full border border-amber-400 bg-amber-50 px-1.5 font-medium text-amber-900"
              title="The step worked, but its result may not be what you meant: open it to read why"
              data-testid="step-warning-badge"
            >
              <TriangleAlert aria-hidden className="size-3" /> {plural(run.warnings, 'warning')}
            </span>
          ) : null}
          {run.reused && (
            <span className="flex items-center gap-0.5" title="Taken from the earlier run; this step did not run again">
              <Repeat2 aria-hidden className="size-3" /> reused
            </span>
          )}
        </div>
      )}

      {rows > 0 && (
        <div className="border-t border-slate-100 py-1">
          {Array.from({ length: rows }, (_, i) => {
            const input = inputs[i];
            const output = outputs[i];
            const count = output && run?.outputCounts ? run.outputCounts[output.id] : undefined;
            return (
              <div key={i} className="relative flex h-6 items-center justify-between px-3 text-xs text-slate-600">
                <span>
                  {input && <Handle type="target" position={Position.Left} id={input.id} title={`Input ${input.label || ''}`} />}
                  {input?.label}
                </span>
                <span className={output?.id === 'error' ? 'font-medium text-red-700' : output?.id === 'false' ? 'text-slate-700' : ''}>
                  {output?.label}
                  {count !== undefined && <span className="ml-1 text-slate-500">({count})</span>}
                  {output && <OutputHandle nodeId={id} nodeName={data.name} handleId={output.id} label={output.label} />}
                </span>
              </div>
            );
          })}
        </div>
      )}
      {rows === 0 && inputs[0] && <Handle type="target" position={Position.Left} id={inputs[0].id} title="Input" />}
      {rows === 0 && outputs[0] && <OutputHandle nodeId={id} nodeName={data.name} handleId={outputs[0].id} label="" />}

      {problems.length > 0 && (
        <div
          className="flex gap-1.5 rounded-b-md border-t border-red-200 bg-red-50 px-3 py-1.5 text-xs text-red-800"
          data-testid="node-problem"
        >
          <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
          <span>
            {shortProblemMessage(problems[0].message)}
            {problems.length > 1 && ` (and ${plural(problems.length - 1, 'more problem')})`}
          </span>
        </div>
      )}
      {data.notes && !problems.length && (
        <p className="truncate border-t border-slate-100 px-3 py-1 text-xs text-slate-500 italic" title={data.notes}>
          {data.notes}
        </p>
      )}
    </div>
  );
}

export const StepNodeComponent = memo(StepNodeView);

/** Defined once at module level: a new object per render would remount every node. */
export const nodeTypes: NodeTypes = { step: StepNodeComponent, sticky: StickyNoteComponent };
