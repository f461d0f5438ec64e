/**
 * Workflow files name browser profiles by name, never by an id that means nothing on another
 * TaskMaster; an import finds the profile of that name, or the one chosen, or says so.
 */
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../nodes';
import { workflowDocumentSchema } from '../../core/document';
import { parseWorkflowFile, serializeWorkflow } from '../../server/services/workflow-files';

const document = workflowDocumentSchema.parse({
  name: 'Shop check',
  nodes: [
    { id: 't', type: 'manual-trigger', name: 'Start' },
    { id: 'open', type: 'browser-open', name: 'Open shop', config: { url: 'https://shop.example.com', profileId: 'prof_here1' } },
    { id: 'fresh', type: 'browser-open', name: 'Open fresh', config: { url: 'https://example.com' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'open' },
    { id: 'e2', source: 'open', target: 'fresh' },
  ],
});
const here = [{ id: 'prof_here1', name: 'Shop login' }];

const exported = (format: 'json' | 'yaml' = 'json') =>
  serializeWorkflow(document, format, { lookup: getNodeType, saved: [], profiles: here });
const configOf = (parsed: ReturnType<typeof parseWorkflowFile>, id: string) => parsed.document?.nodes.find((n) => n.id === id)?.config;

describe('browser profiles in workflow files', () => {
  it('exports a profile by its name, never its id', () => {
    const text = exported();
    expect(text).not.toContain('prof_here1');
    const open = (JSON.parse(text) as { nodes: Array<{ id: string; config: Record<string, unknown> }> }).nodes.find((n) => n.id === 'open');
    expect(open?.config.profileId).toEqual({ $browserProfile: { name: 'Shop login' } });
    expect(exported('yaml')).not.toContain('prof_here1');
  });

  it('imports it as the profile of the same name on another TaskMaster (case aside)', () => {
    const parsed = parseWorkflowFile(exported(), getNodeType, undefined, { available: [{ id: 'prof_there', name: 'shop LOGIN' }] });
    expect(parsed.ok).toBe(true);
    expect(configOf(parsed, 'open')?.profileId).toBe('prof_there');
    expect(configOf(parsed, 'fresh')?.profileId ?? '').toBe('');
    expect(parsed.problems).toEqual([]);
  });

  it('takes the profile the user chose for a name', () => {
    const available = [
      { id: 'prof_a', name: 'Shop login' },
      { id: 'prof_b', name: 'Other' },
    ];
    const parsed = parseWorkflowFile(exported(), getNodeType, undefined, { available, map: { 'Shop login': 'prof_b' } });
    expect(configOf(parsed, 'open')?.profileId).toBe('prof_b');
  });

  it("imports a workflow whose profile is missing, with a problem at the step's field that names the profile", () => {
    const parsed = parseWorkflowFile(exported('yaml'), getNodeType, undefined, { available: [] });
    expect(parsed.ok).toBe(true);
    expect(configOf(parsed, 'open')?.profileId).toBe('');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({
      code: 'missing-profile',
      nodeId: 'open',
      field: 'profileId',
      profile: { name: 'Shop login' },
    });
    expect(parsed.problems[0].message).toContain('Step "Open shop" used the browser profile "Shop login"');
    expect(parsed.problems[0].line).toBeGreaterThan(1);
  });
});
