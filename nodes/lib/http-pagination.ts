/**
 * Reading an API answer that comes in pages, for the HTTP request node: follow the "next page"
 * address (a field in the answer, or the Link header), or count up a page-number parameter
 * until a page has no entries. The requests themselves are the node's: this decides which
 * address comes next and when to stop.
 */
import { z } from 'zod';
import { field, type Item, type NodeLogger } from '../types';
import { getField, isPlainObject } from './values';

export const PAGINATION_MODES = ['none', 'nextLink', 'pageNumber'] as const;
const MAX_PAGES_LIMIT = 10_000;

/** The form fields; the page fields show only for the mode that uses them. */
export function paginationFields() {
  return {
    pagination: field(z.enum(PAGINATION_MODES).default('none'), {
      label: 'Pages',
      help: 'For APIs that give long lists a page at a time: the step asks for every page and passes on all of them.',
      widget: 'select',
      optionLabels: { none: 'One request (no pages)', nextLink: 'Follow the link to the next page', pageNumber: 'Count up a page number' },
    }),
    nextLinkField: field(z.string().trim().default(''), {
      label: 'Field with the next page’s address',
      help: 'Where the answer names the next page, like next or links.next. Leave empty to use the Link header (rel="next"), as GitHub does. It stops when there is none.',
      placeholder: 'links.next',
      expressions: false,
      showWhen: { pagination: ['nextLink'] },
    }),
    pageParameter: field(z.string().trim().min(1, 'Enter the name of the page number parameter, like page.').default('page'), {
      label: 'Page number parameter',
      help: 'The query parameter that picks the page, like page in ?page=2. It stops at the first page without entries.',
      expressions: false,
      showWhen: { pagination: ['pageNumber'] },
    }),
    firstPage: field(z.coerce.number({ error: 'Enter a whole number, like 1.' }).int('Enter a whole number, like 1.').min(0).default(1), {
      label: 'First page number',
      help: 'Most APIs start at 1, some at 0.',
      widget: 'number',
      showWhen: { pagination: ['pageNumber'] },
    }),
    maxPages: field(
      z.coerce
        .number({ error: 'Enter a number of pages.' })
        .int('Enter a whole number of pages.')
        .min(1, 'Enter at least 1.')
        .max(MAX_PAGES_LIMIT, `Enter at most ${MAX_PAGES_LIMIT}.`)
        .default(100),
      {
        label: 'At most this many pages',
        help: 'A safety stop for an API that never says it is done.',
        widget: 'number',
        showWhen: { pagination: ['nextLink', 'pageNumber'] },
      },
    ),
  };
}

export interface PaginationConfig {
  pagination: (typeof PAGINATION_MODES)[number];
  nextLinkField: string;
  pageParameter: string;
  firstPage: number;
  maxPages: number;
  /** Where each page's list of entries is ('' = the answer itself). */
  itemsField: string;
}

/** One answer, decoded. */
export interface Page {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The `rel="next"` address of a Link header (RFC 8288), if any. */
export function nextLinkFromHeader(link: string | null): string | null {
  if (!link) return null;
  for (const match of link.matchAll(/<([^>]+)>\s*;\s*rel="?([^";]+)"?/g)) {
    if (match[2].split(/\s+/).includes('next')) return match[1];
  }
  return null;
}

/** The entries of one answer: the list at `itemsField`, or the answer when it is a list. */
export function entriesOf(body: unknown, itemsField: string): unknown {
  if (itemsField === '') return body;
  return isPlainObject(body) ? getField(body, itemsField) : undefined;
}

/** The address of the page after `page`, or null at the end. */
function nextAddress(cfg: PaginationConfig, current: URL, page: Page, first: URL): URL | null {
  const raw = cfg.nextLinkField
    ? isPlainObject(page.body)
      ? getField(page.body, cfg.nextLinkField)
      : undefined
    : nextLinkFromHeader(page.headers.get('link'));
  if (raw === undefined || raw === null || raw === '' || raw === false) return null;
  if (typeof raw !== 'string') {
    throw new Error(
      `The field "${cfg.nextLinkField}" of the answer should hold the next page's address, but holds ${JSON.stringify(raw).slice(0, 100)}.`,
    );
  }
  let next: URL;
  try {
    next = new URL(raw, current); // relative addresses, like /orders?cursor=abc, are common
  } catch {
    throw new Error(`The next page's address "${raw.slice(0, 200)}" is not a web address.`);
  }
  // The request carries the step's authentication: never hand it to another site.
  if (next.origin !== first.origin) {
    throw new Error(
      `The next page is on another site (${next.origin}); the step only follows pages on ${first.origin}, so your login is not sent elsewhere.`,
    );
  }
  return next;
}

/**
 * Asks for every page, starting at `first`, and returns the answers in order. `fetchPage` makes
 * one request (with the step's method, headers, body and authentication).
 */
export async function fetchAllPages(
  cfg: PaginationConfig,
  first: URL,
  fetchPage: (url: URL) => Promise<Page>,
  log: NodeLogger,
): Promise<Page[]> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  let url: URL | null = new URL(first);
  if (cfg.pagination === 'pageNumber') url.searchParams.set(cfg.pageParameter, String(cfg.firstPage));
  while (url) {
    if (pages.length >= cfg.maxPages) {
      log.warn(`Stopped after ${cfg.maxPages} pages ("At most this many pages"); there were more.`);
      break;
    }
    seen.add(url.href);
    const page = await fetchPage(url);
    if (cfg.pagination === 'pageNumber') {
      const entries = entriesOf(page.body, cfg.itemsField);
      if (!Array.isArray(entries)) {
        throw new Error(
          cfg.itemsField
            ? `Page ${url.searchParams.get(cfg.pageParameter)} has no list in the field "${cfg.itemsField}", so the step can't tell when the pages end.`
            : 'The answer is not a list, so the step can not tell when the pages end: set "Field with the list of entries" to where the list is, like data.',
        );
      }
      if (entries.length === 0) break; // the page after the last one
      pages.push(page);
      const next: URL = new URL(url);
      next.searchParams.set(cfg.pageParameter, String(cfg.firstPage + pages.length));
      url = next;
    } else {
      pages.push(page);
      const next = nextAddress(cfg, url, page, first);
      // An API that links a page to itself (or back) would be asked forever.
      if (next && seen.has(next.href)) {
        log.warn(`The page after ${url.href} links back to a page already read; stopped there.`);
        break;
      }
      url = next;
    }
  }
  log.info(`Read ${pages.length} ${pages.length === 1 ? 'page' : 'pages'}.`);
  return pages;
}

/** The entries a page is split into (a list of objects), or null when it goes on as one item. */
export function splitEntriesOf(page: Page, itemsField: string): Item[] | null {
  const entries = entriesOf(page.body, itemsField);
  return Array.isArray(entries) && entries.every(isPlainObject) ? entries : null;
}

/** What the step passes on for its answers: the entries of every page, or one item per answer. */
export function itemsFromPages(pages: Page[], itemsField: string, splitEntries: boolean): Item[] {
  const out: Item[] = [];
  for (const page of pages) {
    const entries = splitEntries ? splitEntriesOf(page, itemsField) : null;
    if (entries) out.push(...entries);
    else out.push({ status: page.status, headers: Object.fromEntries(page.headers), body: page.body });
  }
  return out;
}
