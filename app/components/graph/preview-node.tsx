'use client';
/**
 * A step on a read-only canvas (share page, version diff): icon, name, type, and in a diff a
 * word saying what happened to it. `data` holds only plain values; registered once, as React
 * Flow wants.
 */
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo } from 'react';
import { NodeIcon } from '../node-icon';

export type DiffMark = 'added' | 'removed' | 'changed' | 'moved';

export type PreviewData = {
  name: string;
  typeLabel: string;
  icon: string;
  trigger: boolean;
  inputs: string[];
  outputs: string[];
  mark?: DiffMark;
  /** What changed, in words ("settings, renamed"). */
  detail?: string;
};

export type PreviewNode = Node<PreviewData, 'preview'>;

const MARKS: Record<DiffMark, { label: string; box: string; badge: string }> = {
  added: { label: 'Added', box: 'border-emerald-600 ring-2 ring-emerald-300', badge: 'bg-emerald-100 text-emerald-900 border-emerald-300' },
  removed: { label: 'Removed', box: 'border-dashed border-slate-400 opacity-60', badge: 'bg-slate-100 text-slate-700 border-slate-300' },
  changed: { label: 'Changed', box: 'border-amber-500 ring-2 ring-amber-200', badge: 'bg-amber-100 text-amber-900 border-amber-300' },
  moved: { label: 'Moved', box: 'border-slate-400', badge: 'bg-slate-100 text-slate-700 border-slate-300' },
};

function handleTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

function PreviewNodeView({ data }: NodeProps<PreviewNode>) {
  const mark = data.mark ? MARKS[data.mark] : null;
  return (
    <div
      data-testid="preview-node"
      data-mark={data.mark ?? 'none'}
      className={`relative w-60 border-2 bg-white shadow-sm ${data.trigger ? 'rounded-l-[2rem] rounded-r-lg' : 'rounded-lg'} ${mark?.box ?? 'border-slate-300'}`}
    >
      {data.inputs.map((id, i) => (
        <Handle
          key={id}
          type="target"
          position={Position.Left}
          id={id}
          isConnectable={false}
          style={{ top: handleTop(i, data.inputs.length) }}
        />
      ))}
      <div className={`flex items-center gap-2.5 py-2.5 pr-3 ${data.trigger ? 'pl-4' : 'pl-3'}`}>
        <span
          className={`flex size-8 shrink-0 items-center justify-center rounded-md ${data.trigger ? 'bg-amber-100 text-amber-800' : 'bg-indigo-50 text-indigo-700'}`}
        >
          <NodeIcon icon={data.icon} className="size-4.5" />
        </span>
        <div className="min-w-0 flex-1">
          <p className={`truncate text-sm font-semibold text-slate-900 ${data.mark === 'removed' ? 'line-through' : ''}`} title={data.name}>
            {data.name}
          </p>
          <p className="truncate text-xs text-slate-500">{data.typeLabel}</p>
        </div>
      </div>
      {mark && (
        <div className="flex items-center gap-1.5 border-t border-slate-100 px-3 py-1 text-xs">
          <span className={`rounded-full border px-2 py-0.5 font-medium ${mark.badge}`}>{mark.label}</span>
          {data.detail && <span className="truncate text-slate-600">{data.detail}</span>}
        </div>
      )}
      {data.outputs.map((id, i) => (
        <Handle
          key={id}
          type="source"
          position={Position.Right}
          id={id}
          isConnectable={false}
          style={{ top: handleTop(i, data.outputs.length) }}
        />
      ))}
    </div>
  );
}

/** Defined once at module level: a new object per render would remount every node. */
export const previewNodeTypes: NodeTypes = { preview: memo(PreviewNodeView) };
