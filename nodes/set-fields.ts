import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { DECLARED_TYPE_LABELS, DECLARED_TYPES, toDeclaredType } from './lib/declared-types';
import { writeField } from './lib/field-write';

const row = z.object({
  name: field(z.string().default(''), { label: 'Name' }),
  // Unknown, not string: a value from an expression keeps its type (a number stays a number).
  value: field(z.unknown().optional(), { label: 'Value' }),
  type: field(z.enum(DECLARED_TYPES).default('auto'), {
    label: 'Type',
    help: 'Turns the value into this type, like the text "42" into the number 42. "As it comes" keeps it as it is.',
    widget: 'select',
    optionLabels: DECLARED_TYPE_LABELS,
  }),
});

const config = z.object({
  fields: field(z.array(row).default([]), {
    label: 'Fields to set',
    help:
      'Each row sets one field on every item. Use a dot for a field inside another, like address.city, and [0] for ' +
      'a position in a list, like lines[0].sku. What you type is kept as text unless you choose a type; ' +
      'an expression such as {{ 42 }} keeps the type of its result.',
    widget: 'keyvalue',
  }),
  keepOtherFields: field(z.boolean().default(true), {
    label: 'Keep the other fields',
    help: 'When off, items contain only the fields listed above.',
    widget: 'switch',
  }),
  dotNotation: field(z.boolean().default(true), {
    label: 'Dots and [0] reach inside objects and lists',
    help: 'When off, a name like address.city sets a field with exactly that name.',
    widget: 'switch',
  }),
  keepUnconvertible: field(z.boolean().default(false), {
    label: 'Keep values that do not fit their type',
    help: 'When off, a value that can\'t be turned into its row\'s type (like "abc" as a number) fails the step.',
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
        const where = `Fields to set, row ${rowIndex + 1}`;
        const typed = toDeclaredType(row.value, row.type);
        if (!typed.ok && !cfg.keepUnconvertible) {
          throw new Error(
            `${where} ("${name}"): ${typed.reason}. Choose another type, or turn on "Keep values that do not fit their type".`,
          );
        }
        const value = typed.ok ? typed.value : row.value;
        try {
          // undefined is not JSON: a missing value becomes null so the field still shows up.
          result = writeField(result, name, value === undefined ? null : value, cfg.dotNotation);
        } catch (error) {
          throw new Error(`${where}: ${(error as Error).message}`);
        }
      });
      return result;
    });
    return { outputs: { main: out } };
  },
});
