'use client';
/** An output dot, with a "+" beside it to add the next step (shown while nothing is connected there). */
import { Handle, Position } from '@xyflow/react';
import { Plus } from 'lucide-react';
import { useEditorView, useOutputConnected } from '../lib/editor-context';

interface OutputHandleProps {
  nodeId: string;
  nodeName: string;
  handleId: string;
  label: string;
}

export function OutputHandle({ nodeId, nodeName, handleId, label }: OutputHandleProps) {
  const { actions } = useEditorView();
  // Worked out once per change of the edges for the whole canvas (not a React Flow store
  // subscription per handle, which would run on every pan and zoom step).
  const connected = useOutputConnected(nodeId, handleId);
  return (
    <>
      <Handle type="source" position={Position.Right} id={handleId} title={label ? `Output ${label}` : 'Output'} />
      {actions && !connected && (
        <button
          type="button"
          onClick={(event) => {
            event.stopPropagation();
            actions.addAfter(nodeId, handleId);
          }}
          aria-label={`Add a step after “${nodeName}”${label ? ` (${label} output)` : ''}`}
          title="Add the next step here"
          data-testid="add-after"
          className="nodrag nopan absolute top-1/2 -right-10 flex size-6 -translate-y-1/2 items-center justify-center rounded-full border border-slate-300 bg-white text-slate-600 shadow-sm before:absolute before:top-1/2 before:right-full before:h-px before:w-3.5 before:bg-slate-300 hover:border-indigo-500 hover:text-indigo-700"
        >
          <Plus aria-hidden className="size-3.5" />
        </button>
      )}
    </>
  );
}
