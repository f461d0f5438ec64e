import { describe, expect, it } from 'vitest';
import { instanceVariablesNeeded, variableListSchema, variableScope, variablesFromText, variablesToText } from '../../../core/variables';
import { settingsPatchSchema } from '../../../core/settings-schema';
import { missingVariableProblems, parseWorkflowFile, serializeWorkflow } from '../../../server/services/workflow-files';
import { getNodeType } from '../../../nodes';
import { WorkflowBuilder } from '../../../server/sdk/builder';

describe('variables', () => {
  it("lets the workflow's variables win over the instance's, and has no inherited names", () => {
    const vars = variableScope(
      [
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
      ],
      [{ name: 'b', value: 'mine' }],
    );
    expect({ ...vars }).toEqual({ a: '1', b: 'mine' });
    expect(vars.toString).toBeUndefined();
  });

  it("reads the form's name = value lines, keeping = inside values", () => {
    const list = variablesFromText('region = eu\n\n  url=https://x.test/?a=b  \nlonely');
    expect(list).toEqual([
      { name: 'region', value: 'eu' },
      { name: 'url', value: 'https://x.test/?a=b' },
      { name: 'lonely', value: '' },
    ]);
    expect(variablesToText(list.slice(0, 2))).toBe('region = eu\nurl = https://x.test/?a=b');
  });

  it('refuses bad and repeated names with a message for the Settings page', () => {
    const bad = settingsPatchSchema.safeParse({ variables: [{ name: 'my region', value: 'x' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toContain('letters, digits and _');
    const twice = variableListSchema.safeParse([
      { name: 'a', value: '1' },
      { name: 'a', value: '2' },
    ]);
    expect(twice.error?.issues[0]).toMatchObject({ path: [1, 'name'], message: 'The variable "a" is listed twice.' });
  });

  it('exports the instance variables a workflow reads as names only, and an import names the missing ones', () => {
    const wf = new WorkflowBuilder('uses vars');
    const t = wf.add('manual-trigger', {}, { id: 't' });
    const s = wf.add(
      'set-fields',
      { fields: [{ name: 'u', value: '{{ $vars.base }}/{{ $vars["region"] }}/{{ $vars.own }}' }] },
      { id: 's' },
    );
    wf.connect(t, s);
    const doc = { ...wf.toDocument(), variables: [{ name: 'own', value: 'kept' }] };
    expect(instanceVariablesNeeded(doc)).toEqual(['base', 'region']);

    const text = serializeWorkflow(doc, 'json', { lookup: getNodeType, saved: [] });
    const file = JSON.parse(text) as { requires: { variables: string[] }; variables: unknown };
    expect(file.requires.variables).toEqual(['base', 'region']);
    expect(file.variables).toEqual([{ name: 'own', value: 'kept' }]);

    const parsed = parseWorkflowFile(text, getNodeType);
    expect(parsed.ok).toBe(true);
    const problems = missingVariableProblems(parsed.document!, ['base']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'missing-variable' });
    expect(problems[0].message).toContain('"region"');
  });
});
