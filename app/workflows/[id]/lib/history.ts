/**
 * Undo and redo over whole-document snapshots (JSON text). Pure: the editor's hook decides
 * when a change becomes a step (drags and typing bursts are merged into one).
 */
export interface History {
  past: string[];
  /** The snapshot of the last recorded step. */
  present: string;
  future: string[];
}

const LIMIT = 200;

export function createHistory(present: string): History {
  return { past: [], present, future: [] };
}

/** Records `snapshot` as a new step; redo is no longer possible after a new change. */
export function commit(history: History, snapshot: string): History {
  if (snapshot === history.present) return history;
  return { past: [...history.past, history.present].slice(-LIMIT), present: snapshot, future: [] };
}

/**
 * Steps back from `current` (the document now). A change not yet recorded is undone first, back
 * to the last recorded step. Returns null when there is nothing to undo.
 */
export function undo(history: History, current: string): { history: History; restore: string } | null {
  if (current !== history.present) {
    return { history: { ...history, future: [current, ...history.future] }, restore: history.present };
  }
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return null;
  return {
    history: { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] },
    restore: previous,
  };
}

export function redo(history: History, current: string): { history: History; restore: string } | null {
  const [next, ...rest] = history.future;
  if (next === undefined) return null;
  const base = commit(history, current);
  return { history: { past: [...base.past, base.present].slice(-LIMIT), present: next, future: rest }, restore: next };
}

export function canUndo(history: History, current: string): boolean {
  return current !== history.present || history.past.length > 0;
}

export function canRedo(history: History): boolean {
  return history.future.length > 0;
}
