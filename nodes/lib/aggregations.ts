/**
 * The calculations of the Aggregate node, one accumulator per group and calculation, fed one
 * value at a time so a million items are summed in one pass without copying them.
 */
import { stableJson } from './stable-json';
import type { Item } from '../types';
import { asNumber } from './values';

export const OPERATION_LABELS = {
  count: 'Count items',
  sum: 'Sum',
  mean: 'Average (mean)',
  median: 'Median (middle value)',
  min: 'Smallest number',
  max: 'Largest number',
  countDistinct: 'Count different values',
  first: 'First value',
  last: 'Last value',
  list: 'List of all values',
} as const;
export type Operation = keyof typeof OPERATION_LABELS;
export const OPERATIONS = Object.keys(OPERATION_LABELS) as [Operation, ...Operation[]];

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Collects one calculation for one group. */
export class Accumulator {
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private numbers: number[] | undefined;
  private distinct: Set<unknown> | undefined;
  private values: unknown[] | undefined;
  private firstValue: unknown = null;
  private lastValue: unknown = null;

  constructor(private readonly operation: Operation) {
    if (operation === 'median') this.numbers = [];
    if (operation === 'countDistinct') this.distinct = new Set();
    if (operation === 'list') this.values = [];
  }

  add(value: unknown): void {
    switch (this.operation) {
      case 'count':
        this.count++;
        return;
      case 'sum':
      case 'mean':
      case 'median':
      case 'min':
      case 'max': {
        const number = asNumber(value);
        if (number === undefined) return;
        this.count++;
        this.sum += number;
        if (number < this.min) this.min = number;
        if (number > this.max) this.max = number;
        this.numbers?.push(number);
        return;
      }
      case 'countDistinct':
        // Plain values are told apart as they are (1 and "1" differ); objects and lists by content.
        if (!isEmptyValue(value)) this.distinct?.add(typeof value === 'object' ? `\u0000${stableJson(value)}` : value);
        return;
      case 'first':
        if (this.firstValue === null && !isEmptyValue(value)) this.firstValue = value;
        return;
      case 'last':
        if (!isEmptyValue(value)) this.lastValue = value;
        return;
      case 'list':
        if (!isEmptyValue(value)) this.values?.push(value);
        return;
    }
  }

  result(): unknown {
    switch (this.operation) {
      case 'count':
        return this.count;
      case 'sum':
        return this.sum;
      case 'mean':
        return this.count === 0 ? null : this.sum / this.count;
      case 'median':
        return median(this.numbers ?? []);
      case 'min':
        return this.count === 0 ? null : this.min;
      case 'max':
        return this.count === 0 ? null : this.max;
      case 'countDistinct':
        return this.distinct?.size ?? 0;
      case 'first':
        return this.firstValue;
      case 'last':
        return this.lastValue;
      case 'list':
        return this.values ?? [];
    }
  }
}

function median(numbers: number[]): number | null {
  if (numbers.length === 0) return null;
  const sorted = Float64Array.from(numbers).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One group-by value as a Map key: plain values as they are (1 and "1" stay apart), objects by content. */
function keyPart(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? `\u0000${stableJson(value)}` : value;
}

/**
 * Finds each item's group by the values of the group-by fields: one Map level per field, so no
 * key text is built per item. Groups are kept in the order they are first seen. Missing and
 * null values are the same group.
 */
export class GroupIndex<G> {
  private readonly root = new Map<unknown, unknown>();
  readonly groups: G[] = [];

  constructor(
    private readonly readers: ((item: Item) => unknown)[],
    private readonly create: (first: Item) => G,
  ) {}

  find(item: Item): G {
    const readers = this.readers;
    let level = this.root;
    for (let k = 0; k < readers.length - 1; k++) {
      const part = keyPart(readers[k](item));
      let next = level.get(part) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map<unknown, unknown>();
        level.set(part, next);
      }
      level = next;
    }
    const part = readers.length === 0 ? null : keyPart(readers[readers.length - 1](item));
    let group = level.get(part) as G | undefined;
    if (group === undefined) {
      group = this.create(item);
      level.set(part, group);
      this.groups.push(group);
    }
    return group;
  }
}
