/** Sorting the inspector's loaded page of items by one column (numbers as numbers, blanks last). */
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  column: string;
  direction: SortDirection;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: unknown, b: unknown): number {
  const blankA = a === undefined || a === null || a === '';
  const blankB = b === undefined || b === null || b === '';
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return collator.compare(text(a), text(b));
}

/** The items in sorted order, each with its place in the original page (for the # column). */
export function sortItems<T extends Record<string, unknown>>(items: T[], sort: SortState | null): Array<{ item: T; index: number }> {
  const rows = items.map((item, index) => ({ item, index }));
  if (!sort) return rows;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows.sort((x, y) => {
    const c = compareValues(x.item[sort.column], y.item[sort.column]);
    // Blanks stay last in both directions; ties keep their order.
    const blank = (v: unknown) => v === undefined || v === null || v === '';
    if (blank(x.item[sort.column]) || blank(y.item[sort.column])) return c || x.index - y.index;
    return c * sign || x.index - y.index;
  });
}

/** Unsorted → ascending → descending → unsorted. */
export function nextSort(current: SortState | null, column: string): SortState | null {
  if (!current || current.column !== column) return { column, direction: 'ascending' };
  if (current.direction === 'ascending') return { column, direction: 'descending' };
  return null;
}
