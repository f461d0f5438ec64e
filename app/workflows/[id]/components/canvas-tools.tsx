'use client';
/** The canvas's own buttons (top right): undo, redo, paste, add a note, tidy up, shortcuts. */
import { ClipboardPaste, Keyboard, LayoutDashboard, Redo2, StickyNote, Undo2 } from 'lucide-react';
import type { ReactNode } from 'react';

interface CanvasToolsProps {
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onPaste: () => void;
  onAddNote: () => void;
  onTidy: () => void;
  onHelp: () => void;
}

function Tool({
  onClick,
  disabled,
  title,
  keys,
  children,
}: {
  onClick: () => void;
  disabled?: boolean;
  title: string;
  keys?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      title={title}
      aria-keyshortcuts={keys}
      className="inline-flex h-8 items-center gap-1 rounded px-2 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40"
    >
      {children}
    </button>
  );
}

export function CanvasTools(props: CanvasToolsProps) {
  return (
    <div
      role="toolbar"
      aria-label="Canvas tools"
      className="pointer-events-auto ml-auto flex items-center gap-0.5 rounded-md border border-slate-200 bg-white/95 p-0.5 shadow-sm"
    >
      <Tool onClick={props.onUndo} disabled={!props.canUndo} title="Undo (Ctrl+Z)" keys="Control+Z">
        <Undo2 aria-hidden className="size-4" /> Undo
      </Tool>
      <Tool onClick={props.onRedo} disabled={!props.canRedo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" keys="Control+Shift+Z">
        <Redo2 aria-hidden className="size-4" /> Redo
      </Tool>
      <span aria-hidden className="mx-0.5 h-5 w-px bg-slate-200" />
      <Tool onClick={props.onPaste} title="Paste copied steps (Ctrl+V)" keys="Control+V">
        <ClipboardPaste aria-hidden className="size-4" /> Paste
      </Tool>
      <Tool onClick={props.onAddNote} title="Add a sticky note to explain part of the workflow">
        <StickyNote aria-hidden className="size-4" /> Add note
      </Tool>
      <Tool onClick={props.onTidy} title="Line the steps up from left to right, in the order they run">
        <LayoutDashboard aria-hidden className="size-4" /> Tidy up
      </Tool>
      <span aria-hidden className="mx-0.5 h-5 w-px bg-slate-200" />
      <Tool onClick={props.onHelp} title="Keyboard shortcuts (?)" keys="?">
        <Keyboard aria-hidden className="size-4" /> Shortcuts
      </Tool>
    </div>
  );
}
