/**
 * Byte caps on what the API sends a browser: a step's output can be any size (a Code step once
 * returned one 100 MB item), but an answer must stay small enough for a page to draw. Items over
 * the cap are replaced by a plain note saying how to get them whole; nothing stored changes.
 */
import type { Item } from '../../nodes/types';

/** One item shown in the inspector at most this big (as JSON). */
export const ITEM_ANSWER_BYTES = 256 * 1024;
/** One page of items at most this big; the items after that say to show fewer rows. */
export const PAGE_ANSWER_BYTES = 4 * 1024 * 1024;

export const TOO_LARGE_KEY = '(too large to show)';

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The items of one answer, each over its cap replaced by a note; `capped` counts them. */
export function capItemsForAnswer(items: Item[], fullOutputHint: string): { items: Item[]; capped: number } {
  let total = 0;
  let capped = 0;
  const out = items.map((item): Item => {
    const bytes = JSON.stringify(item)?.length ?? 0;
    if (bytes > ITEM_ANSWER_BYTES) {
      capped++;
      return { [TOO_LARGE_KEY]: `This item is ${megabytes(bytes)}, too large to show here. Get it whole with: ${fullOutputHint}` };
    }
    if (total + bytes > PAGE_ANSWER_BYTES) {
      capped++;
      return { [TOO_LARGE_KEY]: 'This page of items is too large to show at once: show fewer items per page.' };
    }
    total += bytes;
    return item;
  });
  return { items: out, capped };
}
