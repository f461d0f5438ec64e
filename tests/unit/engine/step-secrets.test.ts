import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { workflowDocumentSchema } from '../../../core/document';
import { isTypedSecret, typedSecretsOf } from '../../../core/step-secrets';
import { portableDocument } from '../../../server/services/portable';
import { parseWorkflowFile, serializeWorkflow } from '../../../server/services/workflow-files';

const TOKEN = 'sk_live_typed_into_the_form_1';
const KEY = 'key_typed_into_a_header_2';

function callApi() {
  return workflowDocumentSchema.parse({
    name: 'Orders',
    nodes: [
      { id: 't', name: 'Start', type: 'manual-trigger' },
      {
        id: 'h',
        name: 'Call API',
        type: 'http-request',
        config: {
          url: 'https://api.example.com/orders',
          auth: 'bearer',
          token: TOKEN,
          headers: [
            { name: 'Accept', value: 'application/json' },
            { name: 'X-Api-Key', value: KEY },
            { name: 'Authorization', value: 'Bearer {{ $json.token }}' },
          ],
        },
      },
    ],
    edges: [{ id: 'e', source: 't', target: 'h' }],
  });
}

describe('secrets typed into a step', () => {
  it('finds secret fields and headers that carry a secret, not expressions or plain headers', () => {
    const http = getNodeType('http-request')!;
    const found = typedSecretsOf(http, callApi().nodes[1].config);
    expect(found.map((s) => [s.field, s.row, s.label, s.value])).toEqual([
      ['token', undefined, 'Token', TOKEN],
      ['headers', 1, 'Header X-Api-Key', KEY],
    ]);
    expect(isTypedSecret('{{ $json.token }}')).toBe(false);
    expect(isTypedSecret('Bearer {{ $vars.token }}')).toBe(false);
    expect(isTypedSecret('Bearer abc123')).toBe(true);
    expect(isTypedSecret('abc{{ $json.x }}')).toBe(true);
    expect(isTypedSecret('')).toBe(false);
  });

  it('exports a placeholder naming the field, and the import asks for the secret again', () => {
    for (const format of ['json', 'yaml'] as const) {
      const text = serializeWorkflow(callApi(), format, { lookup: getNodeType, saved: [] });
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY);
      expect(text).toContain('Bearer {{ $json.token }}');
      const parsed = parseWorkflowFile(text, getNodeType, { available: [] });
      expect(parsed.ok).toBe(true);
      const config = parsed.document!.nodes[1].config as { token: string; headers: Array<{ name: string; value: unknown }> };
      expect(config.token).toBe('');
      expect(config.headers[1]).toEqual({ name: 'X-Api-Key', value: '' });
      expect(parsed.problems).toEqual([
        expect.objectContaining({
          code: 'missing-secret',
          nodeId: 'h',
          field: 'token',
          message: expect.stringContaining('Step "Call API" needs its Token typed again'),
          line: expect.any(Number),
        }),
        expect.objectContaining({
          code: 'missing-secret',
          nodeId: 'h',
          field: 'headers.1.value',
          message: expect.stringContaining('needs its Header X-Api-Key typed again'),
        }),
      ]);
    }
  });

  it('leaves typed secrets out of templates and share links', () => {
    const text = JSON.stringify(portableDocument(callApi(), getNodeType));
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(KEY);
    expect(text).toContain('application/json');
  });
});
