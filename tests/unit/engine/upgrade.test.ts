import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getNodeType } from '../../../nodes';
import { MAIN, type NodeDefinition } from '../../../nodes/types';
import { workflowDocumentSchema } from '../../../core/document';
import { upgradeDocument } from '../../../core/upgrade';
import { validateDocument } from '../../../core/validate';

/** A step at version 3 whose setting was renamed at 2 and given a default at 3. */
const renamed: NodeDefinition = {
  id: 'renamed',
  version: 3,
  category: 'action',
  group: 'Data',
  displayName: 'Renamed',
  description: '',
  icon: 'box',
  config: z.object({ who: z.string(), loud: z.boolean() }),
  inputs: [MAIN],
  outputs: [MAIN],
  migrate(config, from) {
    let next = { ...config };
    if (from < 2) next = { who: next.name };
    if (from < 3) next = { ...next, loud: false };
    return next;
  },
  execute: async () => ({ outputs: {} }),
};
const lookup = (type: string) => (type === 'renamed' ? renamed : getNodeType(type));

const docWith = (typeVersion: number, config: Record<string, unknown>) =>
  workflowDocumentSchema.parse({
    name: 'Old',
    nodes: [
      { id: 't', type: 'manual-trigger', name: 'Start', config: {} },
      { id: 'r', type: 'renamed', typeVersion, name: 'Renamed', config },
    ],
    edges: [{ id: 'e', source: 't', target: 'r' }],
  });

describe('step versions', () => {
  //   t ─► r (saved at version 1)
  it('upgrades a step saved at an older version through migrate, once, and says so', () => {
    const { document, upgrades } = upgradeDocument(docWith(1, { name: 'Ada' }), lookup);
    expect(document.nodes[1]).toMatchObject({ typeVersion: 3, config: { who: 'Ada', loud: false } });
    expect(upgrades).toEqual([{ nodeId: 'r', name: 'Renamed', type: 'renamed', from: 1, to: 3 }]);
    expect(upgradeDocument(document, lookup).upgrades).toEqual([]);
  });

  it('leaves a current document as the same object', () => {
    const doc = docWith(3, { who: 'Ada', loud: true });
    expect(upgradeDocument(doc, lookup).document).toBe(doc);
  });

  it('imports an old file upgraded, so its settings pass validation', () => {
    const raw = JSON.parse(JSON.stringify(docWith(2, { who: 'Ada' })));
    const result = validateDocument(raw, lookup);
    expect(result.problems).toEqual([]);
    expect(result.document?.nodes[1].config).toEqual({ who: 'Ada', loud: false });
  });
});
