/** The canvas store reuses unchanged run states; a change in any shown part must still get through. */
import { describe, expect, it } from 'vitest';
import { createCanvasStore } from '../../../app/workflows/[id]/lib/editor-context';
import type { NodeRunState } from '../../../app/workflows/[id]/lib/types';

const state = (runStates: Record<string, NodeRunState>) => ({
  runStates,
  problemsByNode: new Map<string, never[]>(),
  connected: new Set<string>(),
});

describe('canvas store', () => {
  it('shows a warning that arrives after a live event with the same status', () => {
    const store = createCanvasStore(state({}));
    // The live "finished" event carries no warnings; the stored result read next does.
    store.set(state({ a: { status: 'succeeded' } }));
    store.set(state({ a: { status: 'succeeded', warnings: 1 } }));
    expect(store.get().runStates.a?.warnings).toBe(1);
  });

  it('keeps the same object when nothing shown changed', () => {
    const store = createCanvasStore(state({ a: { status: 'succeeded', warnings: 2 } }));
    const before = store.get();
    store.set(state({ a: { status: 'succeeded', warnings: 2 } }));
    expect(store.get()).toBe(before);
  });
});
