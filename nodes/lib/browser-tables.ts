/**
 * Reading tables from a page. The cell texts are read in the page in one go (one round trip
 * for any size); naming the columns and building items happens here, where it can be tested.
 */
import type { Page } from 'playwright-core';
import type { Item, NodeContext } from '../types';
import { elementFailure, onElement, type Target } from './browser-elements';
import { firstLine } from './browser-page';

export interface RawTable {
  /** Header cell texts; empty when the table has no header row. */
  headers: string[];
  rows: string[][];
}

/** The texts of an HTML table: its header row (from <thead> or a first row of <th>) and body rows. */
export async function readHtmlTable(ctx: NodeContext<unknown>, page: Page, target: Target): Promise<RawTable> {
  const raw = await onElement(ctx, page, target, 'read the table', (el, timeout) =>
    el.evaluate(
      (node) => {
        if (!(node instanceof HTMLTableElement)) return { tag: node.tagName.toLowerCase(), headers: [], rows: [] };
        const text = (cell: HTMLTableCellElement) => (cell.innerText ?? cell.textContent ?? '').trim();
        const all = Array.from(node.rows);
        const first = all[0];
        const headerRow = node.tHead?.rows[0] ?? (first && Array.from(first.cells).every((c) => c.tagName === 'TH') ? first : undefined);
        const body = all.filter((row) => row !== headerRow && row.parentElement !== node.tHead);
        return {
          tag: 'table',
          headers: headerRow ? Array.from(headerRow.cells).map(text) : [],
          rows: body.map((row) => Array.from(row.cells).map(text)),
        };
      },
      undefined,
      { timeout },
    ),
  );
  if (raw.tag !== 'table') {
    throw new Error(
      `The element "${target.selector}" is a <${raw.tag}>, not a table. Point the selector at the <table>, or use "Repeated elements" for lists built without a table.`,
    );
  }
  return raw;
}

/** Column names from header texts: empty ones become "Column N", repeated ones get " 2", " 3"… */
export function columnNames(headers: string[], width: number): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < Math.max(width, headers.length); i++) {
    const base = headers[i]?.replace(/\s+/g, ' ').trim() || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} ${n}`;
    used.add(name);
    names.push(name);
  }
  return names;
}

/** One item per row, keyed by column name; rows without any text are left out. */
export function tableItems(table: RawTable): Item[] {
  const width = Math.max(0, ...table.rows.map((r) => r.length));
  const names = columnNames(table.headers, width);
  return table.rows
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? ''])));
}

export interface PatternColumn {
  name: string;
  /** CSS inside each row; empty: the row itself. */
  selector: string;
  /** Empty: the text. */
  attribute: string;
}

/**
 * One item per element matching `rows` (any selector), with each column read inside that row.
 * Column selectors are CSS: they run in the page, inside each row.
 */
export async function readPattern(ctx: NodeContext<unknown>, page: Page, rows: Target, columns: PatternColumn[]): Promise<Item[]> {
  await onElement(ctx, page, rows, 'find', (el, timeout) => el.waitFor({ state: 'attached', timeout }));
  try {
    return await page.locator(rows.selector).evaluateAll(
      (elements, cols) =>
        elements.map((row) => {
          const item: Record<string, string | null> = {};
          for (const col of cols) {
            const el = col.selector ? row.querySelector(col.selector) : row;
            if (!el) item[col.name] = null;
            else if (col.attribute) item[col.name] = el.getAttribute(col.attribute);
            else item[col.name] = ((el as HTMLElement).innerText ?? el.textContent ?? '').trim();
          }
          return item;
        }),
      columns,
    );
  } catch (error) {
    if (/not a valid selector/i.test(firstLine(error))) {
      const bad = columns.find((c) => !isCss(c.selector));
      throw new Error(
        `The column selector "${bad?.selector ?? '?'}" is not valid CSS. Column selectors are CSS inside each row, like .price or a[href].`,
      );
    }
    throw await elementFailure(ctx, page, rows, 'read', error);
  }
}

/** Node has no CSS parser; this catches the usual mistake: Playwright-only syntax such as text=. */
function isCss(selector: string): boolean {
  return !/^(text|role|xpath|css|id|data-testid)=/i.test(selector) && !selector.startsWith('//');
}
