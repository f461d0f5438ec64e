/**
 * Settings a step's schema refuses are reported in the form's words (the setting's label, what
 * to do), on save and at run time alike; zod's own wording never reaches a user.
 */
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import type { NodeDefinition } from '../../../nodes/types';
import { workflowDocumentSchema, workflowNodeSchema } from '../../../core/document';
import { validateDocument } from '../../../core/validate';
import { executeAttempt, type NodeEnvironment } from '../../../server/worker/execute-node';

const ZOD_WORDING = /Invalid input|Invalid option|expected string|received number|Too small|Too big|>=|Unrecognized key/;

function env(): NodeEnvironment {
  return {
    run: { id: 'run-1', workflowId: null },
    trigger: null,
    upstream: new Map(),
    runSignal: new AbortController().signal,
    dataDir: '/tmp',
    fetch: globalThis.fetch,
    startedAt: '2026-12-07T00:00:00.000Z',
  };
}

async function runFilter(config: Record<string, unknown>, items: Array<Record<string, unknown>>) {
  const node = workflowNodeSchema.parse({ id: 'n_y2cfm2rqh7jg', name: 'Big orders', type: 'filter', config });
  return executeAttempt(getNodeType('filter') as NodeDefinition, node, { main: items }, env());
}

describe('settings refused at run time', () => {
  it('names the step and the setting by its label when an expression gives a number where a field name belongs', async () => {
    const result = await runFilter({ conditions: [{ field: '{{ $json.amount }}', operator: 'gt', value: '10' }] }, [{ amount: 25 }]);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('config');
    expect(result.error?.message).toBe(
      'Step "Big orders", setting "Condition 1 › Field": This needs text, but it got the number 25. It takes the name of a field (like amount), not its value: write the name without {{ }}.',
    );
    expect(result.error?.field).toBe('Condition 1 › Field');
    expect(result.error?.message).not.toMatch(ZOD_WORDING);
    expect(result.error?.message).not.toContain('n_y2cfm2rqh7jg');
  });

  it('runs when the field is given by its plain name', async () => {
    const result = await runFilter({ conditions: [{ field: 'amount', operator: 'gt', value: '10' }] }, [{ amount: 25 }, { amount: 5 }]);
    expect(result.ok).toBe(true);
    expect(result.outputs.main).toEqual([{ amount: 25 }]);
  });
});

describe('settings refused on save', () => {
  const doc = (nodeType: string, config: Record<string, unknown>) =>
    workflowDocumentSchema.parse({
      name: 'Check',
      nodes: [
        { id: 'start', type: 'manual-trigger', name: 'Start' },
        { id: 'n_abc123def456', type: nodeType, name: 'The step', config },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'n_abc123def456' }],
    });
  const messages = (nodeType: string, config: Record<string, unknown>) =>
    validateDocument(doc(nodeType, config), getNodeType).problems.map((p) => p.message);

  it.each([
    [
      'filter',
      { conditions: [{ field: 42, operator: 'equals', value: '' }] },
      'Step "The step", setting "Condition 1 › Field": This needs text, but it got the number 42.',
    ],
    [
      'filter',
      { conditions: [{ field: 'a', operator: 'bigger', value: '' }] },
      'Step "The step", setting "Condition 1 › Check": Choose one of “is equal to”,',
    ],
    ['sort', { keys: 'price' }, 'Step "The step", setting "Sort by": This needs a list, but it got text.'],
    ['http-request', { url: 'http://x', method: 'GET', timeoutMs: -5 }, 'Step "The step", setting "'],
    ['limit', { count: -3 }, 'Step "The step", setting "'],
    ['sort', { keys: [{ field: 'a', direction: 'up' }] }, 'Step "The step", setting "Row 1 › Order": Choose one of'],
  ])('%s with %j says what to fix in plain words', (nodeType, config, start) => {
    const found = messages(nodeType, config);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].startsWith(start), found[0]).toBe(true);
    for (const message of found) {
      expect(message).not.toMatch(ZOD_WORDING);
      expect(message).not.toContain('n_abc123def456');
    }
  });

  it('keeps the step’s own message where its schema has one', () => {
    expect(messages('http-request', { url: '' })[0]).toMatch(/^Step "The step", setting "Web address \(URL\)": [A-Z]/);
  });
});
