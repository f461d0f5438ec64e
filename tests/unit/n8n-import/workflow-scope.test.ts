/**
 * n8n's `$workflow` (id, name, active) and Luxon-style `$now` in imported expressions are kept
 * as written: TaskMaster's expressions have both, so nothing is reported.
 */
import { expect, it } from 'vitest';
import { convertText } from '../../../server/services/n8n-import/expressions';
import { evaluateExpression } from '../../../core/expressions';

const steps = { idOf: () => undefined, wasLeftOut: () => false };

function convert(text: string) {
  const complaints: string[] = [];
  const out = convertText(text, steps, (reason) => complaints.push(reason));
  return { out, complaints };
}

it("keeps $workflow.id, .name and .active and $now's methods, with no complaint", () => {
  const { out, complaints } = convert(
    '={{ $workflow.name }} ({{ $workflow.id }}) on={{ $workflow.active }} at {{ $now.toFormat("yyyy") }}',
  );
  expect(out).toBe('{{ $workflow.name }} ({{ $workflow.id }}) on={{ $workflow.active }} at {{ $now.toFormat("yyyy") }}');
  expect(complaints).toEqual([]);
  const scope = {
    $json: {},
    $index: 0,
    $items: [],
    $node: {},
    $trigger: null,
    $run: { id: 'r', workflowId: 'wf_1' },
    $workflow: { id: 'wf_1', name: 'Orders', active: true },
    $now: '2026-03-04T05:06:07.000Z',
    $vars: {},
  };
  expect(evaluateExpression(out, scope)).toBe('Orders (wf_1) on=true at 2026');
});
