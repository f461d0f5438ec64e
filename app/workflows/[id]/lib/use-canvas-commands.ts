'use client';
/**
 * Copy, paste, duplicate, undo/redo and the other canvas commands, from the keyboard and from
 * buttons. Keys typed into a form field or code editor are left alone.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { XYPosition } from '@xyflow/react';
import { useToast } from '../../../components/toast';
import { plural } from '../../../lib/format';
import {
  copySelection,
  parseClipboard,
  PASTE_STEP,
  readClipboard,
  storedClipboard,
  writeClipboard,
  type ClipboardContent,
} from './clipboard';
import { isTypingTarget } from './keyboard';
import type { WorkflowEditor } from './use-workflow-editor';

const STEP_OFFSET = PASTE_STEP;

interface Options {
  editor: WorkflowEditor;
  /** Off while a past run is shown (read only). */
  enabled: boolean;
  /** The centre of the visible canvas, in canvas coordinates. */
  viewCentre: () => XYPosition;
  onHelp: () => void;
}

function topLeft(content: ClipboardContent): XYPosition {
  const points = [...content.nodes.map((n) => n.position), ...content.notes.map((n) => n.position)];
  return { x: Math.min(...points.map((p) => p.x)), y: Math.min(...points.map((p) => p.y)) };
}

export function useCanvasCommands({ editor, enabled, viewCentre, onHelp }: Options) {
  const toast = useToast();
  const { latest, paste: pasteInto, select } = editor;
  const { undo, redo } = editor.history;
  const pasteCount = useRef(0);

  const copy = useCallback(async () => {
    const content = copySelection(latest.current.nodes, latest.current.edges);
    if (!content) {
      toast('Select one or more steps first (click a step; Shift+click adds more).', 'info');
      return;
    }
    pasteCount.current = 0;
    await writeClipboard(content);
    const count = content.nodes.length + content.notes.length;
    toast(`Copied ${plural(count, 'item')}. Press Ctrl+V to paste, here or in another workflow.`, 'success');
  }, [latest, toast]);

  const paste = useCallback(
    (content: ClipboardContent | null) => {
      if (!content || content.nodes.length + content.notes.length === 0) {
        toast('There are no copied steps to paste. Select steps and press Ctrl+C first.', 'info');
        return;
      }
      const here = new Set(latest.current.nodes.map((n) => n.id));
      const sameWorkflow = [...content.nodes, ...content.notes].every((n) => here.has(n.id));
      let offset: XYPosition;
      if (sameWorkflow) {
        pasteCount.current += 1;
        offset = { x: STEP_OFFSET * pasteCount.current, y: STEP_OFFSET * pasteCount.current };
      } else {
        // From another workflow: land in the middle of what is on screen.
        const from = topLeft(content);
        const to = viewCentre();
        offset = { x: Math.round((to.x - 120 - from.x) / 20) * 20, y: Math.round((to.y - 40 - from.y) / 20) * 20 };
      }
      const count = pasteInto(content, offset);
      toast(`Pasted ${plural(count, 'item')}.`, 'success');
    },
    [latest, pasteInto, toast, viewCentre],
  );

  const duplicate = useCallback(() => {
    const content = copySelection(latest.current.nodes, latest.current.edges);
    if (!content) {
      toast('Select the steps to duplicate first.', 'info');
      return;
    }
    pasteInto(content, { x: STEP_OFFSET, y: STEP_OFFSET });
  }, [latest, pasteInto, toast]);

  const pasteFromButton = useCallback(async () => paste(await readClipboard()), [paste]);

  // Ctrl+V: the browser's paste event carries the system clipboard without asking for permission.
  // When it does not come (some browsers fire none outside text fields), localStorage is used.
  const pendingPaste = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (mod && key === 'z' && !event.shiftKey) run(() => undo());
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) run(() => redo());
      else if (mod && key === 'c' && !window.getSelection()?.toString()) run(() => void copy());
      else if (mod && key === 'd') run(duplicate);
      else if (mod && key === 'a') run(() => select('all'));
      else if (mod && key === 'v') {
        if (pendingPaste.current) clearTimeout(pendingPaste.current);
        pendingPaste.current = setTimeout(() => {
          pendingPaste.current = null;
          paste(storedClipboard());
        }, 150);
      } else if (!mod && event.key === '?') run(onHelp);
      else if (!mod && event.key === 'Escape') select('none');
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (pendingPaste.current) clearTimeout(pendingPaste.current);
      pendingPaste.current = null;
      event.preventDefault();
      paste(parseClipboard(event.clipboardData?.getData('text/plain')) ?? storedClipboard());
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('paste', onPaste);
      if (pendingPaste.current) clearTimeout(pendingPaste.current);
    };
  }, [enabled, undo, redo, copy, duplicate, paste, select, onHelp]);

  return { copy, paste: pasteFromButton, duplicate };
}
