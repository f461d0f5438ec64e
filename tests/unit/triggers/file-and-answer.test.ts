import { describe, expect, it } from 'vitest';
import { workflowDocumentSchema } from '../../../core/document';
import { settleEvents, watchedFolder } from '../../../nodes/file-trigger';
import { answerNodeId } from '../../../server/triggers/webhook-response';
import { fileTriggerConfig } from '../../../nodes/file-trigger';
import { getNodeType } from '../../../nodes';
import { validateGraph } from '../../../core/validate';

describe('a burst of file events', () => {
  it('is "created" when the file is new, even if written in several steps', () => {
    expect(settleEvents('created', 'changed')).toBe('created');
  });
  it('is nothing when the file came and went', () => {
    expect(settleEvents('created', 'deleted')).toBeNull();
  });
  it('is "changed" when a file was replaced', () => {
    expect(settleEvents('deleted', 'created')).toBe('changed');
  });
  it('is the last event otherwise', () => {
    expect(settleEvents('changed', 'deleted')).toBe('deleted');
    expect(settleEvents('changed', 'changed')).toBe('changed');
  });
});

describe('the watched folder', () => {
  it('is inside the data folder for relative paths, which may not leave it', () => {
    expect(watchedFolder(fileTriggerConfig.parse({ folder: 'inbox' }), '/data/files')).toBe('/data/files/inbox');
    expect(watchedFolder(fileTriggerConfig.parse({}), '/data/files')).toBe('/data/files');
    expect(() => watchedFolder({ ...fileTriggerConfig.parse({}), folder: '../../etc' }, '/data/files')).toThrow(/outside the data folder/);
  });
  it('is refused at the switch when a relative path leaves the data folder (it once showed "active" and heard nothing)', () => {
    const doc = workflowDocumentSchema.parse({
      name: 'Watch',
      nodes: [{ id: 'watch', type: 'file-trigger', name: 'New files', position: { x: 0, y: 0 }, config: { folder: '../secrets' } }],
      edges: [],
    });
    const problems = validateGraph(doc, getNodeType);
    expect(problems.map((p) => p.message).join('\n')).toContain('"../secrets" leaves the data folder.');
    expect(fileTriggerConfig.safeParse({ folder: 'inbox/../in' }).success).toBe(true);
    expect(fileTriggerConfig.safeParse({ folder: '/srv/../srv/inbox' }).success).toBe(true);
  });
  it('may be any absolute folder on the server', () => {
    expect(watchedFolder(fileTriggerConfig.parse({ folder: '/srv/inbox/' }), '/data/files')).toBe('/srv/inbox');
  });
});

describe('which node answers a webhook', () => {
  //  hook ─► a ─► b
  //           └─► c (skipped)
  const doc = workflowDocumentSchema.parse({
    name: 'w',
    nodes: [
      { id: 'hook', type: 'webhook-trigger', name: 'Hook' },
      { id: 'a', type: 'no-op', name: 'A' },
      { id: 'c', type: 'no-op', name: 'C' },
      { id: 'b', type: 'no-op', name: 'B' },
    ],
    edges: [
      { id: 'e1', source: 'hook', target: 'a' },
      { id: 'e2', source: 'a', target: 'b' },
      { id: 'e3', source: 'a', target: 'c' },
    ],
  });

  it('is the chosen node when one is set', () => {
    expect(answerNodeId(doc, 'a', () => 'succeeded')).toBe('a');
  });

  it('is otherwise the last node in graph order that succeeded', () => {
    const status: Record<string, string> = { hook: 'succeeded', a: 'succeeded', b: 'succeeded', c: 'skipped' };
    expect(answerNodeId(doc, '', (id) => status[id])).toBe('b');
  });
});
