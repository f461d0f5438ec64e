/**
 * Where each round's items sit in a Repeat until step's output. The step gives back every
 * round's items one round after the other, and each round after the first is sent exactly what
 * the round before gave back: so round r gave back what round r + 1 was sent, and the last round
 * the rest.
 */

export interface RoundSlice {
  round: number;
  /** Index of the round's first item in the step's output. */
  start: number;
  count: number;
}

/** Null when the calls are not rounds 1, 2, 3… with known item counts, or do not add up to `total`. */
export function roundSlices(children: Array<{ key: string | null; itemCount: number | null }>, total: number): RoundSlice[] | null {
  if (children.length === 0) return null;
  const slices: RoundSlice[] = [];
  let start = 0;
  for (let i = 0; i < children.length; i++) {
    if (children[i].key !== `round-${i + 1}`) return null;
    const next = children[i + 1];
    const count = next ? next.itemCount : total - start;
    if (count === null || count < 0) return null;
    slices.push({ round: i + 1, start, count });
    start += count;
  }
  return start === total ? slices : null;
}
