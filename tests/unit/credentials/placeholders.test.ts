import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { workflowDocumentSchema } from '../../../core/document';
import { resolveCredentialPlaceholders, withCredentialPlaceholders } from '../../../server/services/credential-placeholders';
import { parseWorkflowFile, serializeWorkflow } from '../../../server/services/workflow-files';

const saved = [
  { id: 'cred_shop', name: 'Shop API', type: 'http-bearer' },
  { id: 'cred_other', name: 'Other', type: 'http-basic' },
];

function callApi(credential: string) {
  return workflowDocumentSchema.parse({
    name: 'Orders',
    nodes: [
      { id: 't', name: 'Start', type: 'manual-trigger' },
      { id: 'h', name: 'Call API', type: 'http-request', config: { url: 'https://api.example.com', auth: 'credential', credential } },
    ],
    edges: [{ id: 'e', source: 't', target: 'h' }],
  });
}

describe('credentials in workflow files', () => {
  it('exports a placeholder with type and name, never the id', () => {
    const text = serializeWorkflow(callApi('cred_shop'), 'json', { lookup: getNodeType, saved });
    expect(text).not.toContain('cred_shop');
    expect(JSON.parse(text).nodes[1].config.credential).toEqual({ $credential: { type: 'http-bearer', name: 'Shop API' } });
  });

  it('drops the id of a credential that no longer exists', () => {
    const doc = withCredentialPlaceholders(callApi('cred_gone'), getNodeType, saved);
    expect(doc.nodes[1].config.credential).toBe('');
  });

  it('imports by the same type and name, or by the choice in the map', () => {
    const text = serializeWorkflow(callApi('cred_shop'), 'yaml', { lookup: getNodeType, saved });
    const same = parseWorkflowFile(text, getNodeType, { available: saved });
    expect(same.ok && same.document.nodes[1].config.credential).toBe('cred_shop');
    expect(same.problems).toEqual([]);
    const other = [...saved, { id: 'cred_new', name: 'Shop API (new)', type: 'http-bearer' }];
    const mapped = parseWorkflowFile(text, getNodeType, { available: other, map: { 'http-bearer:Shop API': 'cred_new' } });
    expect(mapped.ok && mapped.document.nodes[1].config.credential).toBe('cred_new');
  });

  it('keeps a workflow with an unmatched credential importable, with a problem on the step and field', () => {
    const text = serializeWorkflow(callApi('cred_shop'), 'yaml', { lookup: getNodeType, saved });
    const parsed = parseWorkflowFile(text, getNodeType, { available: [] });
    expect(parsed.ok).toBe(true);
    expect(parsed.document?.nodes[1].config.credential).toBe('');
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: 'missing-credential',
        nodeId: 'h',
        field: 'credential',
        credential: { type: 'http-bearer', name: 'Shop API', key: 'http-bearer:Shop API' },
        message: expect.stringContaining('Step "Call API" needs a saved credential of type "Bearer token"'),
        line: expect.any(Number),
      }),
    ]);
  });

  it('refuses a mapped credential of the wrong type', () => {
    const raw = JSON.parse(serializeWorkflow(callApi('cred_shop'), 'json', { lookup: getNodeType, saved })) as unknown;
    const { problems } = resolveCredentialPlaceholders(raw, { available: saved, map: { 'http-bearer:Shop API': 'cred_other' } });
    expect(problems[0].message).toContain('"Other" is a User name and password, not a Bearer token.');
  });
});
