import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../core/document';
import { diffDocuments, isEmptyDiff, summarizeDiff } from '../../../core/diff';
import { diagram } from './diagram';

/** A copy of `doc` with one node changed by `edit`. */
function editNode(doc: WorkflowDocument, id: string, edit: (node: WorkflowDocument['nodes'][number]) => void): WorkflowDocument {
  const copy = structuredClone(doc);
  edit(copy.nodes.find((n) => n.id === id)!);
  return copy;
}

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe('workflow diff', () => {
  it('finds nothing between a version and itself', () => {
    //  t ─► a ─► b
    const doc = diagram('t>a, a>b');
    const diff = diffDocuments(doc, structuredClone(doc));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(summarizeDiff(diff)).toBe('No changes');
  });

  it('reports a step added at the end with its connection', () => {
    //  before:  t ─► a
    //  after:   t ─► a ─► b      (b and a→b are new)
    const diff = diffDocuments(diagram('t>a'), diagram('t>a, a>b'));
    expect(ids(diff.nodesAdded)).toEqual(['b']);
    expect(diff.edgesAdded.map((e) => [e.source, e.target])).toEqual([['a', 'b']]);
    expect(diff.nodesRemoved).toEqual([]);
    expect(summarizeDiff(diff)).toBe('Added "b"; 1 connection added');
  });

  it('reports a removed step in the middle and the connections that went with it', () => {
    //  before:  t ─► a ─► b ─► c
    //  after:   t ─► a ──────► c
    const diff = diffDocuments(diagram('t>a, a>b, b>c'), diagram('t>a, a>c'));
    expect(ids(diff.nodesRemoved)).toEqual(['b']);
    expect(diff.edgesRemoved.map((e) => `${e.source}>${e.target}`)).toEqual(['a>b', 'b>c']);
    expect(diff.edgesAdded.map((e) => `${e.source}>${e.target}`)).toEqual(['a>c']);
    expect(summarizeDiff(diff)).toBe('Removed "b"; 1 connection added; 2 connections removed');
  });

  it('tells a rename, a settings change and a config change apart', () => {
    //  t ─► a ─► b ─► c      (same graph; a renamed, b's retries raised, c's config edited)
    const before = diagram('t>a, a>b, b>c');
    let after = editNode(before, 'a', (n) => (n.name = 'Fetch orders'));
    after = editNode(after, 'b', (n) => (n.settings.retries = 3));
    after = editNode(after, 'c', (n) => (n.config = { url: 'https://example.com' }));
    const diff = diffDocuments(before, after);
    expect(diff.nodesChanged.map((c) => [c.id, c.aspects])).toEqual([
      ['a', ['name']],
      ['b', ['settings']],
      ['c', ['config']],
    ]);
    expect(diff.nodesChanged.every((c) => !c.positionOnly)).toBe(true);
  });

  it('marks a step that was only moved as position-only', () => {
    //  t ─► a      (a dragged to the right)
    const before = diagram('t>a');
    const after = editNode(before, 'a', (n) => (n.position = { x: 400, y: 80 }));
    const diff = diffDocuments(before, after);
    expect(diff.nodesChanged).toMatchObject([{ id: 'a', aspects: ['position'], positionOnly: true }]);
    expect(summarizeDiff(diff)).toBe('Moved 1 step');
  });

  it('does not count config keys in another order as a change', () => {
    //  t ─► a
    const before = editNode(diagram('t>a'), 'a', (n) => (n.config = { x: 1, y: { p: 1, q: 2 } }));
    const after = editNode(before, 'a', (n) => (n.config = { y: { q: 2, p: 1 }, x: 1 }));
    expect(isEmptyDiff(diffDocuments(before, after))).toBe(true);
  });

  it('matches connections by what they join, not by their ids', () => {
    //  t ─► if ─true─► a       (the same connections, drawn again with new ids)
    //          └false► b
    const before = diagram('t>if, if.true>a, if.false>b');
    const after = structuredClone(before);
    after.edges = after.edges.map((e, i) => ({ ...e, id: `new${i}` }));
    expect(isEmptyDiff(diffDocuments(before, after))).toBe(true);
  });

  it('sees a connection moved from one output to the other as removed plus added', () => {
    //  before:  t ─► if ─true─► a
    //  after:   t ─► if ─false► a
    const diff = diffDocuments(diagram('t>if, if.true>a'), diagram('t>if, if.false>a'));
    expect(diff.edgesRemoved.map((e) => e.sourceHandle)).toEqual(['true']);
    expect(diff.edgesAdded.map((e) => e.sourceHandle)).toEqual(['false']);
    expect(diff.nodesChanged).toEqual([]);
  });

  it('summarises a rename of a step and of the workflow in one line', () => {
    //  t ─► a
    const before = diagram('t>a');
    const after = { ...editNode(before, 'a', (n) => (n.name = 'Greet')), name: 'Greeter' };
    expect(summarizeDiff(diffDocuments(before, after))).toBe('Renamed the workflow to "Greeter"; Changed "a" → "Greet" (renamed)');
  });

  it('names at most three steps and counts the rest', () => {
    //  before:  t
    //  after:   t ─► a, t ─► b, t ─► c, t ─► d, t ─► e
    const diff = diffDocuments(diagram('', ['t']), diagram('t>a, t>b, t>c, t>d, t>e'));
    expect(summarizeDiff(diff)).toBe('Added "a", "b", "c" and 2 more; 5 connections added');
  });
});
