import { describe, expect, it } from 'vitest';
import { workflowDocumentSchema } from '../../../core/document';
import { withInstanceDefaults } from '../../../core/instance-defaults';

/**
 *   [start] ──► [plain] ──► [own]
 *   plain: retries 0, no time limit (as a new step starts)
 *   own:   retries 5, time limit 2 s (set by the user)
 */
const doc = workflowDocumentSchema.parse({
  name: 'Defaults',
  nodes: [
    { id: 'start', type: 'manual-trigger', name: 'Start' },
    { id: 'plain', type: 'no-op', name: 'Plain' },
    { id: 'own', type: 'no-op', name: 'Own', settings: { retries: 5, timeoutMs: 2000 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'plain' },
    { id: 'e2', source: 'plain', target: 'own' },
  ],
});

const settingsOf = (d: typeof doc, id: string) => d.nodes.find((n) => n.id === id)!.settings;

describe('instance defaults for retries and time limit', () => {
  it('fills steps left at 0 and keeps what a step sets itself', () => {
    const filled = withInstanceDefaults(doc, { retries: 2, timeoutMs: 30_000 });
    expect(settingsOf(filled, 'plain')).toMatchObject({ retries: 2, timeoutMs: 30_000 });
    expect(settingsOf(filled, 'own')).toMatchObject({ retries: 5, timeoutMs: 2000 });
    expect(settingsOf(doc, 'plain')).toMatchObject({ retries: 0, timeoutMs: 0 }); // the original is untouched
  });

  it('fills each setting on its own', () => {
    const filled = withInstanceDefaults(doc, { retries: 0, timeoutMs: 1000 });
    expect(settingsOf(filled, 'plain')).toMatchObject({ retries: 0, timeoutMs: 1000 });
  });

  it('returns the same document when there is nothing to fill, and one copy per document and defaults', () => {
    expect(withInstanceDefaults(doc, { retries: 0, timeoutMs: 0 })).toBe(doc);
    expect(withInstanceDefaults(doc, { retries: 1, timeoutMs: 0 })).toBe(withInstanceDefaults(doc, { retries: 1, timeoutMs: 0 }));
    expect(withInstanceDefaults(doc, { retries: 3, timeoutMs: 0 })).not.toBe(withInstanceDefaults(doc, { retries: 1, timeoutMs: 0 }));
  });
});
