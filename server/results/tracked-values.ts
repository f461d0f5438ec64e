/** Reading a tracked field's number out of a step's output (its first item). Pure. */
import type { NodeState } from '../../core/plan';
import type { TrackedField } from '../db/tracked';

/** The value at a dotted path (`stats.count`, `rows.0.price`), or undefined. */
export function valueAt(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A number, or text that is exactly one ("12.5", " 3 "); null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim().replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** The numbers a run produced for each tracked field (fields without one are left out). */
export function trackedValuesOf(
  fields: TrackedField[],
  nodes: ReadonlyMap<string, NodeState>,
): Array<{ trackedId: string; value: number }> {
  const out: Array<{ trackedId: string; value: number }> = [];
  for (const f of fields) {
    const outputs = nodes.get(f.nodeId)?.outputs;
    const first = outputs ? (outputs.main ?? Object.values(outputs)[0])?.[0] : undefined;
    const value = toNumber(valueAt(first, f.field));
    if (value !== null) out.push({ trackedId: f.id, value });
  }
  return out;
}
