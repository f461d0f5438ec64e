import { describe, expect, it } from 'vitest';
import codeNode from '../../../nodes/code';
import setFields from '../../../nodes/set-fields';
import { workflowNodeSchema } from '../../../core/document';
import { configResolverFor, literalFields } from '../../../server/worker/config-resolver';

const scope = {
  $json: { name: 'Ada' },
  $index: 0,
  $items: [],
  $node: {},
  $trigger: null,
  $run: { id: 'r', workflowId: null },
  $now: '',
  $vars: {},
};

describe('config resolver', () => {
  it('takes fields marked "no expressions" literally, so {{ in code is just text', () => {
    expect(literalFields(codeNode).has('code')).toBe(true);
    const node = workflowNodeSchema.parse({ id: 'c', name: 'Code', type: 'code', config: { code: 'return [{ t: "Hi {{name}}" }]' } });
    expect((configResolverFor(codeNode, node)(scope) as { code: string }).code).toBe('return [{ t: "Hi {{name}}" }]');
  });

  it('resolves expressions in every other field, per item', () => {
    const node = workflowNodeSchema.parse({
      id: 's',
      name: 'Set',
      type: 'set-fields',
      config: { fields: [{ name: 'g', value: 'Hi {{ $json.name }}' }] },
    });
    expect(literalFields(setFields).size).toBe(0);
    expect(configResolverFor(setFields, node)(scope)).toEqual({ fields: [{ name: 'g', value: 'Hi Ada' }] });
  });
});
