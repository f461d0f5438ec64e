'use client';
/** The editor's top row: back, workflow name, save state, Save and Run. */
import {
  ArrowLeft,
  CircleCheck,
  CircleDot,
  Eye,
  Info,
  LoaderCircle,
  Play,
  Save,
  SlidersHorizontal,
  Square,
  TriangleAlert,
  Users,
} from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button } from '../../../components/button';
import { plural } from '../../../lib/format';
import { mayLeave } from '../../../lib/nav-guard';

interface ToolbarProps {
  name: string;
  onRename: (name: string) => void;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  running: boolean;
  onRun: () => void;
  onRunWithInput: () => void;
  /** Present while a run started here is going: stops it. */
  onStop?: () => void;
  /** Run repeats the input last given in "Run with input…". */
  reusesInput: boolean;
  readOnly: boolean;
  problemCount: number;
  detailsOpen: boolean;
  onToggleDetails: () => void;
  /** The Active switch. */
  activeSwitch: ReactNode;
  /** The person may only look at this workflow (shared with them as viewer): no save, no run. */
  viewOnly?: boolean;
  /** Opens the Share dialog. */
  onShare?: () => void;
}

function SaveState({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  if (saving) {
    return (
      <span className="flex items-center gap-1 text-xs text-slate-600">
        <LoaderCircle aria-hidden className="tm-spin size-3.5" /> Saving…
      </span>
    );
  }
  if (dirty) {
    return (
      <span className="flex items-center gap-1 text-xs font-medium whitespace-nowrap text-amber-800" data-testid="save-state">
        <CircleDot aria-hidden className="size-3.5" /> Unsaved changes
      </span>
    );
  }
  return (
    <span className="flex items-center gap-1 text-xs whitespace-nowrap text-slate-500" data-testid="save-state">
      <CircleCheck aria-hidden className="size-3.5" /> All changes saved
    </span>
  );
}

export function Toolbar(props: ToolbarProps) {
  const {
    name,
    onRename,
    dirty,
    saving,
    onSave,
    running,
    onRun,
    onRunWithInput,
    onStop,
    reusesInput,
    problemCount,
    detailsOpen,
    onToggleDetails,
    activeSwitch,
    viewOnly,
    onShare,
  } = props;
  const readOnly = props.readOnly || viewOnly === true;
  return (
    <div className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3">
      <Link
        href="/workflows"
        onClick={(e) => {
          if (!mayLeave()) e.preventDefault();
        }}
        className="flex items-center gap-1 rounded px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> Workflows
      </Link>
      <span aria-hidden className="h-6 w-px bg-slate-200" />
      <label htmlFor="workflow-name" className="sr-only">
        Workflow name
      </label>
      <input
        id="workflow-name"
        value={name}
        maxLength={200}
        readOnly={readOnly}
        onChange={(e) => onRename(e.target.value)}
        className="h-9 w-64 min-w-0 rounded-md border border-transparent px-2 text-base font-semibold hover:border-slate-300 focus:border-slate-300"
      />
      {viewOnly ? (
        <span className="flex items-center gap-1 text-xs whitespace-nowrap text-slate-600" data-testid="save-state">
          <Eye aria-hidden className="size-3.5" /> View only
        </span>
      ) : (
        <SaveState dirty={dirty} saving={saving} />
      )}
      <div className="ml-auto flex items-center gap-2">
        {!viewOnly && activeSwitch}
        {onShare && (
          <Button variant="ghost" onClick={onShare} title="Choose who can open or edit this workflow">
            <Users aria-hidden className="size-4" /> Share
          </Button>
        )}
        <span aria-hidden className="h-6 w-px bg-slate-200" />
        <Button
          variant="ghost"
          onClick={onToggleDetails}
          aria-pressed={detailsOpen}
          disabled={readOnly}
          className={problemCount ? 'text-red-800' : ''}
          title="Description, problems and tips"
        >
          {problemCount ? <TriangleAlert aria-hidden className="size-4" /> : <Info aria-hidden className="size-4" />}
          {problemCount ? plural(problemCount, 'problem') : 'Details'}
        </Button>
        {!viewOnly && (
          <Button onClick={onSave} disabled={saving || readOnly || !dirty} title="Save (Ctrl+S)" aria-keyshortcuts="Control+S">
            <Save aria-hidden className="size-4" /> Save
          </Button>
        )}
        {onStop && !viewOnly && (
          <Button variant="danger" onClick={onStop} title="Stop the run that is going now">
            <Square aria-hidden className="size-3.5" /> Stop run
          </Button>
        )}
        {!viewOnly && (
          <>
            <Button onClick={onRunWithInput} disabled={running} title="Run with input data you type in">
              <SlidersHorizontal aria-hidden className="size-4" /> Run with input…
            </Button>
            <Button
              variant="primary"
              onClick={onRun}
              disabled={running}
              title={
                reusesInput
                  ? 'Run the workflow as it is on the canvas now, with the input you gave last time'
                  : 'Run the workflow as it is on the canvas now'
              }
            >
              {running ? <LoaderCircle aria-hidden className="tm-spin size-4" /> : <Play aria-hidden className="size-4" />}
              {running ? 'Running…' : 'Run'}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
