'use client';
/** The buttons above the selected step: run from here, pin its output, turn it off or on. */
import { NodeToolbar, Position } from '@xyflow/react';
import { Pin, PinOff, Power, PowerOff, StepForward } from 'lucide-react';
import type { NodeActions } from '../lib/editor-context';
import type { NodeRunState, StepData } from '../lib/types';

interface NodeActionBarProps {
  id: string;
  data: StepData;
  run: NodeRunState | undefined;
  actions: NodeActions;
}

const BUTTON =
  'nodrag nopan inline-flex items-center gap-1 rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50';

export function NodeActionBar({ id, data, run, actions }: NodeActionBarProps) {
  const pinned = !!data.pinnedOutput;
  const hasOutput = run?.status === 'succeeded' && !!run.outputCounts;
  return (
    <NodeToolbar position={Position.Top} offset={8} align="end">
      <div
        role="toolbar"
        aria-label={`Actions for ${data.name}`}
        className="flex items-center gap-0.5 rounded-md border border-slate-200 bg-white p-0.5 shadow-md"
      >
        <button
          type="button"
          className={BUTTON}
          disabled={!actions.runFrom}
          onClick={() => actions.runFrom?.(id)}
          title={
            actions.runFrom
              ? 'Run this step and the steps after it again; the steps before it keep their results from the last run'
              : 'Run the workflow once first'
          }
        >
          <StepForward aria-hidden className="size-3.5" /> Run from here
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={!pinned && !hasOutput}
          onClick={() => actions.togglePin(id)}
          title={
            pinned
              ? 'Let this step run again on the next run'
              : hasOutput
                ? 'Keep the output of the last run: later runs use it instead of running this step'
                : 'Run the workflow first: there is no output to pin yet'
          }
        >
          {pinned ? <PinOff aria-hidden className="size-3.5" /> : <Pin aria-hidden className="size-3.5" />}
          {pinned ? 'Unpin' : 'Pin output'}
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={() => actions.toggleDisabled(id)}
          title={data.disabled ? 'Turn this step back on' : 'Skip this step on runs: items pass straight through it'}
        >
          {data.disabled ? <Power aria-hidden className="size-3.5" /> : <PowerOff aria-hidden className="size-3.5" />}
          {data.disabled ? 'Turn on' : 'Turn off'}
        </button>
      </div>
    </NodeToolbar>
  );
}
