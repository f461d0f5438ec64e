/** Step types grouped as the palette shows them (Triggers, Data, Flow…), used by the palette and /nodes. */
import type { CatalogEntry } from './api-types';

/** The order groups appear in; groups this list doesn't know come last. */
export const GROUP_ORDER = ['Triggers', 'Data', 'Flow', 'API', 'Code', 'Browser', 'Notify'];

export function groupCatalog(entries: CatalogEntry[]): Array<[string, CatalogEntry[]]> {
  const byGroup = new Map<string, CatalogEntry[]>();
  for (const entry of entries) byGroup.set(entry.group, [...(byGroup.get(entry.group) ?? []), entry]);
  const rank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
  return [...byGroup.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
