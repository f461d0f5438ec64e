'use client';
/** Right-hand panel for the selected step: its settings, and its output from the last run. */
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { NodeIcon } from '../../../components/node-icon';
import type { CatalogEntry, Problem, RunDetail } from '../../../lib/api-types';
import type { DataSource } from '../lib/data-sources';
import type { NodeRunState, StepData, StepNode } from '../lib/types';
import { Inspector } from './inspector';
import { SettingsForm } from './settings-form';
import type { StepChoice } from './step-select';
import { Tabs } from './tabs';

export type PanelTab = 'settings' | 'output';

interface NodePanelProps {
  node: StepNode;
  type: CatalogEntry | undefined;
  problems: Problem[];
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  runId: string | null;
  detail: RunDetail | undefined;
  runState: NodeRunState | undefined;
  onChange?: (patch: Partial<StepData>) => void;
  onDelete?: () => void;
  onClose: () => void;
  /** Shown in the settings tab after the step's own fields. */
  extraSettings?: ReactNode;
  /** Shown in the settings tab before the step's own fields (what a trigger offers). */
  topSettings?: ReactNode;
  /** What earlier steps put out, for the settings' data picker. */
  dataSources?: DataSource[];
  /** The workflow's steps, for settings that name one. */
  steps?: StepChoice[];
}

export function NodePanelHeader({ node, type, onClose }: Pick<NodePanelProps, 'node' | 'type' | 'onClose'>) {
  return (
    <div className="flex items-center gap-2.5 border-b border-slate-200 px-4 py-3">
      <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-indigo-50 text-indigo-700">
        <NodeIcon icon={type?.icon ?? 'box'} src={type?.plugin?.iconUrl} />
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-sm font-semibold">{node.data.name || 'Unnamed step'}</h2>
        <p className="line-clamp-2 text-xs text-slate-500" title={type?.description}>
          {type
            ? `${node.data.name === type.displayName ? '' : `${type.displayName}: `}${type.description}`
            : `Unknown step type "${node.data.type}"`}
        </p>
      </div>
      <button type="button" onClick={onClose} className="rounded p-1 text-slate-500 hover:bg-slate-100" aria-label="Close step panel">
        <X aria-hidden className="size-4" />
      </button>
    </div>
  );
}

export function NodePanel(props: NodePanelProps) {
  const { node, type, problems, tab, onTab, runId, detail, runState, onChange, onDelete } = props;
  const editable = onChange && onDelete;
  const current: PanelTab = editable ? tab : 'output';
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <NodePanelHeader {...props} />
      {editable && (
        <Tabs<PanelTab>
          label="Step panel"
          idPrefix="node-panel"
          current={current}
          onChange={onTab}
          tabs={[
            { id: 'settings', label: 'Settings' },
            { id: 'output', label: runState ? 'Output' : 'Output (no run yet)' },
          ]}
        />
      )}
      {/*
        Keyed by step: another step opens at the top of its settings, not at the last one's scroll
        position. `relative` keeps screen-reader-only text (positioned absolutely) inside this
        scrolling box; without it such text was placed relative to the page and made it scroll.
      */}
      <div key={node.id} id="node-panel-panel" role={editable ? 'tabpanel' : undefined} className="relative min-h-0 flex-1 overflow-y-auto">
        {current === 'settings' && editable && (
          <SettingsForm
            key={node.id}
            node={node}
            type={type}
            problems={problems}
            onChange={onChange}
            onDelete={onDelete}
            top={props.topSettings}
            dataSources={props.dataSources}
            steps={props.steps}
          >
            {props.extraSettings}
          </SettingsForm>
        )}
        {current === 'output' &&
          (runId ? (
            <Inspector runId={runId} nodeId={node.id} detail={detail} state={runState} type={type} />
          ) : (
            <p className="p-4 text-sm text-slate-600">Run the workflow (Run, top right) to see what this step produces.</p>
          ))}
      </div>
    </div>
  );
}
