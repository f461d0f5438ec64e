import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { copyItem, fieldReader, setKey } from './lib/item-fields';
import { toText } from './lib/values';

const keyMessage = 'Enter the field to match on in Left, like id.';

const config = z.object({
  leftKey: field(z.string({ error: keyMessage }).trim().min(1, keyMessage), {
    label: 'Matching field in Left',
    help: 'The field whose value must be the same on both sides, like id or customer.email.',
    placeholder: 'id',
  }),
  rightKey: field(z.string().trim().default(''), {
    label: 'Matching field in Right',
    help: 'Leave empty when it has the same name as in Left. Values match as text: 7 matches "7".',
    placeholder: 'customerId',
  }),
  type: field(z.enum(['inner', 'left', 'full']).default('inner'), {
    label: 'Keep',
    help: 'An item matching several items on the other side gives one item per pair.',
    widget: 'select',
    optionLabels: {
      inner: 'Only items that have a match on both sides',
      left: 'All Left items, with the Right fields where there is a match',
      full: 'All items from both sides, matched where possible',
    },
  }),
  clashPlace: field(z.enum(['prefix', 'suffix']).default('prefix'), {
    label: 'When both sides have a field with the same name',
    help: 'The Left field keeps its name; the Right one is renamed with the text below.',
    widget: 'select',
    optionLabels: { prefix: 'Add the text before the Right field’s name', suffix: 'Add the text after the Right field’s name' },
  }),
  clashText: field(z.string().default('right_'), {
    label: 'Text for renamed Right fields',
    help: 'Like right_ (name becomes right_name) or _2 after the name. Leave empty to let the Right value replace the Left one.',
    placeholder: 'right_',
  }),
});

/** The text a key is matched on, or undefined when there is no usable key (it never matches). */
function keyText(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : toText(value);
}

export default defineNode({
  id: 'join',
  version: 1,
  category: 'action',
  group: 'Data',
  displayName: 'Join',
  description: 'Combines items from two lists that share a value, like orders with their customers.',
  icon: 'combine',
  config,
  inputs: [
    { id: 'left', label: 'Left' },
    { id: 'right', label: 'Right' },
  ],
  outputs: [MAIN],
  example: { leftKey: 'customerId', rightKey: 'id', type: 'left', clashPlace: 'prefix', clashText: 'customer_' },
  async execute(ctx) {
    const cfg = ctx.config;
    // An input whose path was skipped simply has no items.
    const left = ctx.inputs.left ?? [];
    const right = ctx.inputs.right ?? [];
    const leftKey = cfg.leftKey;
    const rightKey = cfg.rightKey || leftKey;
    const rename = (name: string) => (cfg.clashPlace === 'prefix' ? cfg.clashText + name : name + cfg.clashText);
    // With the same name on both sides, the Right key would only repeat the Left one.
    const skipRightKey = rightKey === leftKey ? rightKey : undefined;

    const readLeft = fieldReader(leftKey);
    const readRight = fieldReader(rightKey);
    const byKey = new Map<string, number[]>();
    for (let r = 0; r < right.length; r++) {
      const key = keyText(readRight(right[r]));
      if (key === undefined) continue;
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }

    const pair = (l: Item, r: Item): Item => {
      const out = copyItem(l);
      for (const name of Object.keys(r)) {
        if (name !== skipRightKey) setKey(out, Object.hasOwn(l, name) ? rename(name) : name, r[name]);
      }
      return out;
    };

    const matched = cfg.type === 'full' ? new Uint8Array(right.length) : undefined;
    const out: Item[] = [];
    let pairs = 0;
    for (const l of left) {
      const key = keyText(readLeft(l));
      const partners = key === undefined ? undefined : byKey.get(key);
      if (partners === undefined) {
        if (cfg.type !== 'inner') out.push(l);
        continue;
      }
      for (const r of partners) {
        out.push(pair(l, right[r]));
        if (matched) matched[r] = 1;
      }
      pairs += partners.length;
    }
    if (matched) for (let r = 0; r < right.length; r++) if (matched[r] === 0) out.push(right[r]);

    if (pairs === 0 && left.length > 0 && right.length > 0) {
      ctx.warn(`No Left item matched a Right item on "${leftKey}" = "${rightKey}". Check the matching fields.`);
    }
    ctx.log.info(`${pairs} matched pairs; ${out.length} items out.`);
    return { outputs: { main: out } };
  },
});
