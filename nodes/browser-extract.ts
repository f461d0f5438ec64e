import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { readAll, readOne } from './lib/browser-actions';
import { selectorField, waitField } from './lib/browser-fields';
import { currentPage } from './lib/browser-page';

const config = z
  .object({
    selector: selectorField('Element(s) to read'),
    what: field(z.enum(['text', 'attribute', 'html', 'value']).default('text'), {
      label: 'Read',
      widget: 'select',
      optionLabels: { text: 'Its text', attribute: 'An attribute (like href of a link)', html: 'Its HTML', value: "A form field's value" },
    }),
    attribute: field(z.string().trim().default(''), { label: 'Attribute name', placeholder: 'href' }),
    many: field(z.boolean().default(false), {
      label: 'Every matching element',
      help: 'On: one item per element found (like every price in a list). Off: the first one only.',
      widget: 'switch',
    }),
    fieldName: field(z.string().trim().min(1, 'Enter the name of the field to put the value in.').default('text'), {
      label: 'Put it in the field',
      help: 'The name the value gets in the output item.',
    }),
    waitMs: waitField(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.what === 'attribute' && cfg.attribute === '') {
      ctx.addIssue({ code: 'custom', path: ['attribute'], message: 'Enter the name of the attribute to read, like href.' });
    }
  });

export default defineNode({
  id: 'browser-extract',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: read from page',
  description: 'Reads text or an attribute from elements of the open page: one value, or one item per element.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { selector: '.product .price', what: 'text', many: true, fieldName: 'price' },
  async execute(ctx) {
    const { selector, waitMs, what, attribute, many, fieldName } = ctx.config;
    const page = currentPage(ctx);
    const target = { selector, waitMs };
    const values = many ? await readAll(ctx, page, target, what, attribute) : [await readOne(ctx, page, target, what, attribute)];
    ctx.log.info(`Read ${values.length} value${values.length === 1 ? '' : 's'} from "${selector}".`);
    const items: Item[] = values.map((value) => ({ [fieldName]: value }));
    return { outputs: { main: items } };
  },
});
