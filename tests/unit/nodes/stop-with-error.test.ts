import { describe, expect, it } from 'vitest';
import stopWithError from '../../../nodes/stop-with-error';
import { compileConfig } from '../../../core/expressions';
import { runNode } from './fake-ctx';

describe('stop-with-error', () => {
  it('fails the run with the message', async () => {
    await expect(runNode(stopWithError, { config: { message: 'No orders today' }, inputs: { main: [{}] } })).rejects.toThrow(
      'No orders today',
    );
  });

  it('uses values from the item through expressions', async () => {
    const resolve = compileConfig({ message: 'Order {{ $json.id }} has no price' }, { nodeId: 'n1', nodeName: 'Stop' });
    const config = resolve({
      $json: { id: 42 },
      $index: 0,
      $items: [{ id: 42 }],
      $node: {},
      $trigger: null,
      $run: { id: 'r', workflowId: null },
      $now: '',
      $vars: {},
    });
    await expect(runNode(stopWithError, { config, inputs: { main: [{ id: 42 }] } })).rejects.toThrow('Order 42 has no price');
  });

  it('falls back to a plain message when the message is empty', async () => {
    await expect(runNode(stopWithError, { config: { message: '  ' }, inputs: { main: [{}] } })).rejects.toThrow(
      'The workflow was stopped on purpose.',
    );
    await expect(runNode(stopWithError, { inputs: { main: [{}] } })).rejects.toThrow('The workflow was stopped on purpose.');
  });
});
