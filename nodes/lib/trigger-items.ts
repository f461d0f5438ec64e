/**
 * How a trigger turns the event that fired it into items: shared by the automatic triggers
 * (schedule, webhook, file, poll, database) so each event shape becomes items the same way.
 */
import type { Item } from '../types';
import { isPlainObject } from './values';

/** An object is one item, a list is one item per entry, a plain value is wrapped in `value`. */
export function itemsFromPayload(payload: unknown): Item[] {
  if (Array.isArray(payload)) {
    // Zero items would skip the whole workflow; an empty list means "an event without data".
    if (payload.length === 0) return [{}];
    return payload.map((entry) => (isPlainObject(entry) ? entry : { value: entry }));
  }
  if (isPlainObject(payload)) return [payload];
  if (payload === undefined || payload === null) return [{}];
  return [{ value: payload }];
}
