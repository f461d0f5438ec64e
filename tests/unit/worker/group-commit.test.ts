import { describe, expect, it } from 'vitest';
import { groupWriter } from '../../../server/db/group-commit';

/** A store that commits when told to, and records each statement's items. */
function gatedStore(bad: number[] = []) {
  const statements: number[][] = [];
  let open: Array<() => void> = [];
  const commit = (items: number[]) => {
    statements.push(items);
    return new Promise<void>((resolve, reject) =>
      open.push(() => (items.some((i) => bad.includes(i)) ? reject(new Error(`bad ${items.join(',')}`)) : resolve())),
    );
  };
  const release = () => {
    const now = open;
    open = [];
    for (const go of now) go();
  };
  return { statements, commit, release, pending: () => open.length };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit of run writes', () => {
  it('sends the first write at once and those that came meanwhile together in the next statement', async () => {
    const store = gatedStore();
    const writer = groupWriter(store.commit, (item) => store.commit([item]));
    const done: number[] = [];
    const writes = [1, 2, 3, 4].map((i) => writer.write(i).then(() => done.push(i)));
    await settle();
    expect(store.statements).toEqual([[1]]);
    expect(done).toEqual([]);
    store.release();
    await settle();
    expect(done).toEqual([1]);
    expect(store.statements).toEqual([[1], [2, 3, 4]]);
    store.release();
    await Promise.all(writes);
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it('resolves no write before its statement commits, and a bad write fails alone', async () => {
    const store = gatedStore([3]);
    const writer = groupWriter(store.commit, (item) => store.commit([item]));
    const outcome = new Map<number, string>();
    const writes = [1, 2, 3, 4].map((i) =>
      writer.write(i).then(
        () => outcome.set(i, 'stored'),
        () => outcome.set(i, 'failed'),
      ),
    );
    await settle();
    store.release(); // [1]
    await settle();
    store.release(); // [2, 3, 4] fails as a whole
    await settle();
    expect(outcome.get(2)).toBeUndefined();
    expect(store.statements.slice(2)).toEqual([[2], [3], [4]]);
    store.release();
    await Promise.all(writes);
    expect([...outcome].sort()).toEqual([
      [1, 'stored'],
      [2, 'stored'],
      [3, 'failed'],
      [4, 'stored'],
    ]);
  });
});
