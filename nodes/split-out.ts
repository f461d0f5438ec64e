import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { copyItem, fieldReader, fieldTarget, putField, setKey, withoutField } from './lib/item-fields';
import { isPlainObject } from './lib/values';

const fieldMessage = 'Enter the field that holds the list, like tags.';

const config = z.object({
  field: field(z.string({ error: fieldMessage }).trim().min(1, fieldMessage), {
    label: 'Field with the list',
    widget: 'field-name',
    help: 'Each entry of this list becomes its own item. Use a dot for a field inside another: order.lines.',
    placeholder: 'tags',
  }),
  into: field(z.enum(['field', 'merge']).default('field'), {
    label: 'Put each entry',
    help: 'Merging suits lists of objects, like order lines; entries that are not objects go in the field below.',
    widget: 'select',
    optionLabels: {
      field: 'In a field',
      merge: 'Merge its fields into the item',
    },
  }),
  destination: field(z.string().trim().default(''), {
    label: 'Field for the entry',
    help: 'Leave empty to use the name of the list field, so the entry takes the list’s place.',
    placeholder: 'tag',
  }),
  keepOtherFields: field(z.boolean().default(true), {
    label: 'Keep the other fields',
    help: 'When on, each new item also has the other fields of the item the list came from.',
    widget: 'switch',
  }),
  whenEmpty: field(z.enum(['drop', 'keep']).default('drop'), {
    label: 'Items whose list is missing or empty',
    widget: 'select',
    optionLabels: { drop: 'Leave them out', keep: 'Pass them on once, with the entry empty' },
  }),
});

export default defineNode({
  id: 'split-out',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Split out a list',
  description: 'Turns a list inside each item into one item per entry, like one item per order line.',
  icon: 'ungroup',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  example: { field: 'lines', into: 'merge', keepOtherFields: true, whenEmpty: 'drop' },
  async execute(ctx) {
    const cfg = ctx.config;
    const items = ctx.inputs.main ?? [];
    const list = fieldTarget(cfg.field, 'Field with the list');
    const destination = fieldTarget(cfg.destination || cfg.field, 'Field for the entry');
    const read = fieldReader(list.name);
    const out: Item[] = [];
    let single = 0;
    let empty = 0;
    for (const item of items) {
      const value = read(item);
      const missing = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
      if (missing) empty++;
      if (missing && cfg.whenEmpty === 'drop') continue;
      // The list itself is left out: every new item would otherwise carry a copy of all of it.
      const base: Item = cfg.keepOtherFields ? withoutField(item, list) : {};
      if (missing) {
        if (cfg.into === 'field') putField(base, destination, null);
        out.push(base);
        continue;
      }
      // One value where a list was expected is a list of one: it is still split out, with a note.
      const entries = Array.isArray(value) ? value : [value];
      if (!Array.isArray(value)) single++;
      for (const entry of entries) {
        const next = copyItem(base);
        if (cfg.into === 'merge' && isPlainObject(entry)) for (const key of Object.keys(entry)) setKey(next, key, entry[key]);
        else putField(next, destination, entry);
        out.push(next);
      }
    }
    const count = (n: number) => (n === 1 ? '1 item' : `${n} items`);
    if (single > 0) ctx.log.warn(`${count(single)} had a single value instead of a list in "${cfg.field}"; passed on as one item each.`);
    if (empty > 0) {
      ctx.log.info(`${count(empty)} had no list in "${cfg.field}": ${cfg.whenEmpty === 'keep' ? 'passed on once each' : 'left out'}.`);
    }
    return { outputs: { main: out } };
  },
});
