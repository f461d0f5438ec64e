import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage } from './lib/browser-page';
import { readHtmlTable, readPattern, tableItems } from './lib/browser-tables';

const column = z.object({
  name: field(z.string().trim().default(''), { label: 'Column name' }),
  selector: field(z.string().trim().default(''), {
    label: 'Inside each row (CSS)',
    help: 'Where the value is inside one row, like .price. Empty: the row itself.',
  }),
  attribute: field(z.string().trim().default(''), { label: 'Attribute (optional)', help: 'Empty: the text. Or an attribute like href.' }),
});

const config = z.object({
  mode: field(z.enum(['table', 'pattern']).default('table'), {
    label: 'Read',
    widget: 'select',
    optionLabels: { table: 'An HTML table (columns named by its header row)', pattern: 'Repeated elements (like product cards)' },
  }),
  selector: field(z.string().trim().default('table'), {
    label: 'Table (selector)',
    help: `The <table> to read. ${SELECTOR_HELP}`,
  }),
  rowSelector: field(z.string().trim().default(''), {
    label: 'Each row (selector)',
    help: `The element repeated once per entry, like .product. ${SELECTOR_HELP}`,
  }),
  columns: field(z.array(column).default([]), {
    label: 'Columns',
    help: 'For repeated elements: each column of the output and where to find it inside a row.',
    widget: 'list',
  }),
  waitMs: waitField(),
});

export default defineNode({
  id: 'browser-table',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: read table',
  description: 'Turns a table (or a list of repeated elements) on the open page into items, one per row.',
  icon: 'table',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { mode: 'table', selector: '#prices' },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    if (cfg.mode === 'table') {
      if (!cfg.selector) throw new Error('Enter the table to read (its selector), like table or #prices.');
      const items = tableItems(await readHtmlTable(ctx, page, { selector: cfg.selector, waitMs: cfg.waitMs }));
      ctx.log.info(`Read ${items.length} rows from "${cfg.selector}".`);
      return { outputs: { main: items } };
    }
    if (!cfg.rowSelector) throw new Error('Enter the element repeated for each row (its selector), like .product.');
    const columns = cfg.columns.filter((c) => c.name !== '');
    if (columns.length === 0) throw new Error('Add at least one column with a name, and where its value is inside each row.');
    const items = await readPattern(ctx, page, { selector: cfg.rowSelector, waitMs: cfg.waitMs }, columns);
    ctx.log.info(`Read ${items.length} rows of "${cfg.rowSelector}".`);
    return { outputs: { main: items } };
  },
});
