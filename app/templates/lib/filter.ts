/** Which templates the gallery shows for the search words, category and step type chosen. */
import type { RouterOutputs } from '../../lib/api-types';

export type TemplateEntry = RouterOutputs['templates']['list'][number];

export interface TemplateFilter {
  search: string;
  category: string;
  nodeType: string;
}

export const ANY = '';

export function matches(t: TemplateEntry, f: TemplateFilter, typeName: (type: string) => string): boolean {
  if (f.category !== ANY && t.category !== f.category) return false;
  if (f.nodeType !== ANY && !t.document.nodes.some((n) => n.type === f.nodeType)) return false;
  const words = f.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [t.name, t.description, t.category, ...t.document.nodes.map((n) => typeName(n.type))].join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}

/** Node types of a template, each once, in the order they first appear. */
export function typesOf(t: TemplateEntry): string[] {
  return [...new Set(t.document.nodes.map((n) => n.type))];
}
