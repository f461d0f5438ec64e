import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { keyValueList } from './lib/fields';
import { setField } from './lib/values';

const config = z.object({
  fields: keyValueList({
    label: 'Fields to set',
    help:
      'Each row sets one field on every item. Use a dot for a field inside another, like address.city. ' +
      'What you type is kept as text; to set a number or yes/no, use an expression such as {{ 42 }}.',
  }),
  keepOtherFields: field(z.boolean().default(true), {
    label: 'Keep the other fields',
    help: 'When off, items contain only the fields listed above.',
    widget: 'switch',
  }),
});

export default defineNode({
  id: 'set-fields',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Set fields',
  description: 'Adds or changes fields on every item.',
  icon: 'pencil',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: {
    fields: [
      { name: 'fullName', value: '{{ $json.first }} {{ $json.last }}' },
      { name: 'address.city', value: 'Lyon' },
    ],
    keepOtherFields: true,
  },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    const out = items.map((item, index) => {
      // Per item, so each item's expressions use its own values.
      const cfg = ctx.configFor(item, index);
      let result: Item = cfg.keepOtherFields ? { ...item } : {};
      cfg.fields.forEach((row, rowIndex) => {
        const name = row.name.trim();
        // A row added in the form but not filled in yet should not break the run.
        if (!name) return;
        try {
          // undefined is not JSON: a missing value becomes null so the field still shows up.
          result = setField(result, name, row.value === undefined ? null : row.value);
        } catch (error) {
          throw new Error(`Fields to set, row ${rowIndex + 1}: ${(error as Error).message}`);
        }
      });
      return result;
    });
    return { outputs: { main: out } };
  },
});
