import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { combineField, COMPARE_WITH_HELP, ignoreCaseField, operatorField, testCondition } from './lib/conditions';

const condition = z.object({
  left: field(z.unknown().optional(), {
    label: 'Value',
    help: 'Usually an expression, like {{ $json.status }}.',
    widget: 'text',
  }),
  operator: operatorField(),
  right: field(z.unknown().optional(), {
    label: 'Compare with',
    widget: 'text',
    help: COMPARE_WITH_HELP,
  }),
});

const config = z.object({
  conditions: field(
    // One blank row by default so the form opens ready to fill in.
    z.array(condition).default([{ left: '', operator: 'equals', right: '' }]),
    { label: 'Conditions', widget: 'list' },
  ),
  combine: combineField('Items go to "true" when'),
  ignoreCase: ignoreCaseField(),
});

export default defineNode({
  id: 'if',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'If',
  description: 'Sends each item down the "true" or "false" path depending on conditions.',
  icon: 'git-branch',
  config,
  inputs: [MAIN],
  outputs: [
    { id: 'true', label: 'true' },
    { id: 'false', label: 'false' },
  ],
  example: {
    conditions: [{ left: '{{ $json.amount }}', operator: 'gt', right: '100' }],
    combine: 'and',
  },
  async execute(ctx) {
    const yes: Item[] = [];
    const no: Item[] = [];
    (ctx.inputs.main ?? []).forEach((item, index) => {
      const cfg = ctx.configFor(item, index);
      if (cfg.conditions.length === 0) throw new Error('Add at least one condition.');
      const results = cfg.conditions.map((c, n) => {
        try {
          return testCondition(c.left, c.operator, c.right, cfg.ignoreCase);
        } catch (error) {
          throw new Error(`Condition ${n + 1}: ${(error as Error).message}`);
        }
      });
      const passed = cfg.combine === 'and' ? results.every(Boolean) : results.some(Boolean);
      (passed ? yes : no).push(item);
    });
    return { outputs: { true: yes, false: no } };
  },
});
