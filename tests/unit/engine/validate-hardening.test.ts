/**
 * Validation against documents built to hurt: huge loops, reserved ids, invisible characters.
 * Each answer must stay small and plain, whatever the input's size.
 */
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { validateDocument } from '../../../core/validate';
import { parseWorkflowFile } from '../../../server/services/workflow-files';

/** t → s1 → s2 → … → sN, and sN → s1: one loop through every step. */
function chainWithBackEdge(n: number) {
  const nodes = [{ id: 't', type: 'manual-trigger', name: 'Start' }];
  const edges = [{ id: 'e0', source: 't', target: 's1' }];
  for (let i = 1; i <= n; i++) {
    nodes.push({ id: `s${i}`, type: 'no-op', name: `Step ${i}` });
    if (i > 1) edges.push({ id: `e${i}`, source: `s${i - 1}`, target: `s${i}` });
  }
  edges.push({ id: 'back', source: `s${n}`, target: 's1' });
  return { name: 'Loop', nodes, edges };
}

describe('validation stays small on big inputs', () => {
  it('a 10,000-step loop gives a capped list of short problems', () => {
    const result = validateDocument(chainWithBackEdge(10_000), getNodeType);
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeLessThanOrEqual(101);
    expect(result.problems.every((p) => p.message.length < 1_000)).toBe(true);
    expect(result.problems.some((p) => p.code === 'cycle')).toBe(true);
    expect(result.problems.at(-1)?.message).toMatch(/^\d[\d,]* more problems? not shown/);
  });

  it('imports the same loop from a 1 MB file with line numbers for what it shows', () => {
    const text = JSON.stringify(chainWithBackEdge(10_000), null, 1);
    expect(text.length).toBeGreaterThan(1_000_000);
    const parsed = parseWorkflowFile(text, getNodeType);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.length).toBeLessThanOrEqual(101);
    expect(JSON.stringify(parsed.problems).length).toBeLessThan(100_000);
  });
});

describe('ids and text the database or JavaScript would mishandle', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses the node id %s with a plain message', (id) => {
    const doc = {
      name: 'W',
      nodes: [
        { id: 't', type: 'manual-trigger', name: 'T' },
        { id, type: 'no-op', name: 'X' },
      ],
      edges: [{ id: 'e', source: 't', target: id }],
    };
    const result = validateDocument(JSON.parse(JSON.stringify(doc)), getNodeType);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message).join(' ')).toMatch(new RegExp(`"${id}" is a reserved word`));
  });

  it.each([
    ['a NUL character', 'a\u0000b', /invisible NUL character/],
    ['a lone surrogate', 'a\ud800b', /broken character/],
  ])('refuses %s in any text, naming the step and field', (_what, text, message) => {
    const doc = {
      name: 'W',
      nodes: [
        { id: 't', type: 'manual-trigger', name: 'T' },
        { id: 'l', type: 'log-message', name: 'Log', config: { message: text } },
      ],
      edges: [{ id: 'e', source: 't', target: 'l' }],
    };
    const result = validateDocument(doc, getNodeType);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ nodeId: 'l', field: 'message', message: expect.stringMatching(message) })]);
    expect(result.problems[0].message).toMatch(/"Log"/);
  });

  it('refuses them in names of keys and in the workflow name too', () => {
    expect(validateDocument({ name: 'W\u0000', nodes: [], edges: [] }, getNodeType).problems[0].message).toMatch(/workflow name/);
    const doc = { name: 'W', nodes: [{ id: 't', type: 'manual-trigger', name: 'T', config: { ['k\ud800']: 1 } }], edges: [] };
    expect(validateDocument(doc, getNodeType).ok).toBe(false);
  });
});

describe('strict file parsers', () => {
  it.each([
    ['a trailing comma', '{\n  "name": "W",\n  "nodes": [],\n}', 4, 1],
    ['single quotes', "{\n  'name': 'W'\n}", 2, 3],
  ])('refuses JSON with %s at file:line:col', (_what, text, line, column) => {
    const parsed = parseWorkflowFile(text, getNodeType);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems[0]).toMatchObject({ code: 'invalid-document', line, column, message: expect.stringMatching(/not valid JSON/) });
  });

  it('refuses YAML custom tags such as !!js/function, with their line', () => {
    const parsed = parseWorkflowFile('name: W\nnodes: []\nedges: !!js/function "function () { return [] }"\n', getNodeType);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/tag/) });
  });

  it('refuses a YAML billion laughs with a plain problem, not a crash', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parseWorkflowFile(`name: W\n${levels.join('\n')}\n`, getNodeType);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems[0].message).toMatch(/aliases/);
  });
});
