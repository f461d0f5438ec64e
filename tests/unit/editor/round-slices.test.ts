/** Where each round's items sit in a Repeat until step's output (the inspector's per-round items). */
import { describe, expect, it } from 'vitest';
import { roundSlices } from '../../../app/workflows/[id]/lib/round-slices';

const round = (n: number, itemCount: number | null) => ({ key: `round-${n}`, itemCount });

describe('round slices', () => {
  it('gives each round what the next one was sent, and the last round the rest', () => {
    // sent 1 → gave 3 │ sent 3 → gave 2 │ sent 2 → gave 4 (last: 9 − 5)
    expect(roundSlices([round(1, 1), round(2, 3), round(3, 2)], 9)).toEqual([
      { round: 1, start: 0, count: 3 },
      { round: 2, start: 3, count: 2 },
      { round: 3, start: 5, count: 4 },
    ]);
  });

  it('gives up when the calls are not rounds in order or do not add up', () => {
    expect(roundSlices([{ key: 'item-0', itemCount: 1 }], 1)).toBeNull();
    expect(roundSlices([round(2, 1), round(1, 1)], 2)).toBeNull();
    expect(roundSlices([round(1, 1), round(2, null)], 2)).toBeNull();
    expect(roundSlices([round(1, 1), round(2, 5)], 3)).toBeNull();
    expect(roundSlices([], 0)).toBeNull();
  });
});
