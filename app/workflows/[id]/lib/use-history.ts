'use client';
/**
 * Undo and redo for the editor. Every change to the document is watched; a drag or resize is
 * recorded when it ends, typing when the field is left or after a pause, and actions such as add, delete or paste
 * (which call `checkpoint` first) as their own step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { canRedo, canUndo, commit, createHistory, redo, undo } from './history';
import { isTypingTarget } from './keyboard';

/** Typing becomes one undo step when the field is left, or after this long without a keystroke. */
const TYPING_PAUSE_MS = 1500;

export function useHistory(snapshot: string, busy: boolean, restore: (snapshot: string) => void) {
  const history = useRef(createHistory(snapshot));
  const latest = useRef({ snapshot, busy });
  latest.current = { snapshot, busy };
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const nextIsStep = useRef(false);
  const restoring = useRef<string | null>(null);
  const [, setTick] = useState(0);
  const changed = () => setTick((t) => t + 1);

  const record = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = commit(history.current, latest.current.snapshot);
    if (next !== history.current) {
      history.current = next;
      changed();
    }
  }, []);

  useEffect(() => {
    if (restoring.current !== null) {
      // The restored document may differ in tiny ways from its snapshot text: take it as is.
      history.current = { ...history.current, present: snapshot };
      restoring.current = null;
      return;
    }
    if (busy || snapshot === history.current.present) return;
    if (nextIsStep.current) {
      nextIsStep.current = false;
      record();
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (!latest.current.busy) record();
    }, TYPING_PAUSE_MS);
    changed();
  }, [snapshot, busy, record]);

  // Leaving a text field ends its typing burst at once.
  useEffect(() => {
    const onFocusOut = (event: FocusEvent) => {
      if (timer.current && isTypingTarget(event.target) && !latest.current.busy) record();
    };
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusout', onFocusOut);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [record]);

  /** Call before a change that should be a step of its own (add, delete, paste…). */
  const checkpoint = useCallback(() => {
    record();
    nextIsStep.current = true;
  }, [record]);

  const step = useCallback(
    (result: ReturnType<typeof undo>) => {
      if (!result) return false;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      nextIsStep.current = false;
      history.current = result.history;
      restoring.current = result.restore === latest.current.snapshot ? null : result.restore;
      restore(result.restore);
      changed();
      return true;
    },
    [restore],
  );

  return {
    undo: useCallback(() => step(undo(history.current, latest.current.snapshot)), [step]),
    redo: useCallback(() => step(redo(history.current, latest.current.snapshot)), [step]),
    checkpoint,
    canUndo: canUndo(history.current, snapshot),
    canRedo: canRedo(history.current),
  };
}
