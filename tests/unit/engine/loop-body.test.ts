/**
 * Repeated step groups (core/loop-body.ts): which steps the main run leaves out, the document
 * each round runs, and the plain problems of a group that can't be repeated.
 */
import { describe, expect, it } from 'vitest';
import { roundDocument, withoutLoopBodies } from '../../../core/loop-body';
import { validateDocument } from '../../../core/validate';
import repeatUntil from '../../../nodes/repeat-until';
import type { WorkflowDocument } from '../../../core/document';
import { diagram, lookup as baseLookup } from './diagram';

const lookup = (type: string) => (type === 'repeat-until' ? repeatUntil : baseLookup(type));

/** The diagram with `loop` made a Repeat until step repeating `steps`. */
function looped(edges: string, steps: string[], extra: string[] = []): WorkflowDocument {
  const doc = diagram(edges, extra);
  const loop = doc.nodes.find((n) => n.id === 'loop')!;
  loop.type = 'repeat-until';
  loop.config = { repeat: 'steps', steps, conditions: [] };
  return doc;
}

const problems = (doc: WorkflowDocument) => validateDocument(doc, lookup).problems.map((p) => [p.nodeId ?? p.edgeId, p.message]);

describe('repeated step groups', () => {
  it('accepts a group that hangs on no trigger and leaves it out of the main run', () => {
    //  t ─► loop ─► after        repeated by loop: a ─► b
    const doc = looped('t>loop, loop>after, a>b', ['a', 'b']);
    expect(problems(doc)).toEqual([]);
    const main = withoutLoopBodies(doc);
    expect(main.nodes.map((n) => n.id)).toEqual(['t', 'loop', 'after']);
    expect(main.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['t>loop', 'loop>after']);
  });

  it("makes each round's document: a start step feeding the group's first step", () => {
    //  round-start ─► a ─► b
    const { document, startId } = roundDocument(looped('t>loop, a>b', ['a', 'b']), 'loop')!;
    expect(startId).toBe('round-start');
    expect(document.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['round-start:workflow-trigger', 'a:step', 'b:step']);
    expect(document.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['round-start>a', 'a>b']);
    expect(validateDocument(document, (type) => (type === 'workflow-trigger' ? baseLookup('trigger') : lookup(type))).problems).toEqual([]);
  });

  it('still reads a Repeat until step saved before groups existed (a saved workflow, no steps)', () => {
    const doc = diagram('t>loop');
    doc.nodes[1].type = 'repeat-until';
    doc.nodes[1].config = { workflowId: 'wf_1', conditions: [] };
    expect(problems(doc)).toEqual([]);
    expect(roundDocument(doc, 'loop')).toBeNull();
  });

  it('says plainly when the group holds a trigger, a step outside its path, or crosses its border', () => {
    //  t ─► loop        repeated by loop: a ─► b,  c (loose),  t2
    expect(problems(looped('t>loop, a>b', ['a', 'b', 'c', 't2'], ['c', 't2']))).toEqual([
      ['t2', '“loop” repeats “t2”, which is a trigger. A trigger starts a workflow and cannot be repeated: take it out of the group.'],
      ['c', '“c” is in the steps “loop” repeats but not on their path from “a”. Connect it to them, or take it out of the group.'],
      ['t2', '“t2” is in the steps “loop” repeats but not on their path from “a”. Connect it to them, or take it out of the group.'],
    ]);
    //  t ─► loop ─► b        repeated by loop: a ─► b   (b also hangs after loop)
    expect(problems(looped('t>loop, loop>b, a>b', ['a', 'b']))).toContainEqual([
      'b',
      '“b” is repeated by “loop” but “loop”, outside the group, connects into it. Each round gets its items from “loop”: remove that connection.',
    ]);
  });

  it('asks for steps when the group is empty, and names a step that is gone', () => {
    expect(problems(looped('t>loop', []))[0][1]).toContain('repeats no steps yet');
    expect(problems(looped('t>loop, a>b', ['a', 'b', 'gone']))[0][1]).toContain('not in this workflow any more (id “gone”)');
  });

  it('refuses a repeated group inside another, saying what to do instead', () => {
    //  t ─► outer        outer repeats: loop        loop repeats: a
    const doc = looped('t>outer', ['a'], ['loop', 'a']);
    const outer = doc.nodes.find((n) => n.id === 'outer')!;
    outer.type = 'repeat-until';
    outer.config = { repeat: 'steps', steps: ['loop'], conditions: [] };
    expect(problems(doc)).toEqual([
      [
        'loop',
        "“loop” repeats steps of this workflow and is itself repeated by “outer”: a repeated group can't hold another. Put the inner steps in a saved workflow and let “loop” repeat that.",
      ],
    ]);
  });
});
