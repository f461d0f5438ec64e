'use client';
/**
 * A sticky note on the canvas: text for people, not a step. Drag it by its top strip, resize it
 * from its corners when selected, type in it, delete it with its × (or Delete when selected).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { GripHorizontal, StickyNote, X } from 'lucide-react';
import { memo } from 'react';
import { useEditorView } from '../lib/editor-context';
import type { StickyNode } from '../lib/types';

function StickyNoteView({ id, data, selected }: NodeProps<StickyNode>) {
  const { actions } = useEditorView();
  const editable = actions !== null;
  return (
    <div
      data-testid="sticky-note"
      className={`flex h-full w-full flex-col rounded-md border bg-amber-50 shadow-sm ${selected ? 'border-amber-500 ring-2 ring-amber-300' : 'border-amber-300'}`}
    >
      {editable && (
        <NodeResizer
          isVisible={selected}
          minWidth={160}
          minHeight={100}
          lineClassName="!border-amber-500"
          handleClassName="!size-2.5 !border-amber-600 !bg-white"
        />
      )}
      <div className="flex cursor-grab items-center gap-1 rounded-t-md border-b border-amber-200 bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900 active:cursor-grabbing">
        <StickyNote aria-hidden className="size-3.5" />
        <span className="flex-1">Note</span>
        <GripHorizontal aria-hidden className="size-3.5 text-amber-700" />
        {editable && (
          <button
            type="button"
            onClick={() => actions.removeNote(id)}
            aria-label="Delete this note"
            title="Delete this note"
            className="nodrag rounded p-0.5 text-amber-800 hover:bg-amber-200"
          >
            <X aria-hidden className="size-3.5" />
          </button>
        )}
      </div>
      <textarea
        aria-label="Note text"
        value={data.text}
        readOnly={!editable}
        placeholder={editable ? 'Write a note for whoever reads this workflow…' : ''}
        onChange={(e) => actions?.updateNote(id, e.target.value)}
        className="nodrag nowheel min-h-0 flex-1 resize-none rounded-b-md bg-transparent p-2 text-sm text-slate-800 placeholder:text-amber-700/60"
      />
    </div>
  );
}

export const StickyNoteComponent = memo(StickyNoteView);
