import { describe, expect, it } from 'vitest';
import needsAttention from '../../../nodes/needs-attention';
import { runNode } from './fake-ctx';

describe('needs-attention', () => {
  it('fails with the plain message that says what to replace it with', async () => {
    const config = { original: 'n8n-nodes-base.slack', message: 'Replace it with "Send webhook".' };
    await expect(runNode(needsAttention, { config, inputs: { main: [{}] } })).rejects.toThrow(
      'This step needs attention (imported n8n-nodes-base.slack): Replace it with "Send webhook".',
    );
  });
});
