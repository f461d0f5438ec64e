import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../../nodes/types';
import { MB, outputBytesOver } from '../../../core/output-size';
import { VEGA } from '../../helpers/vega';

const flights = JSON.parse(readFileSync(path.join(VEGA, 'flights-200k.json'), 'utf8')) as Item[];
const cars = JSON.parse(readFileSync(path.join(VEGA, 'cars.json'), 'utf8')) as Item[];

describe('the size of a step output', () => {
  it.each([
    ['25 cars', cars.slice(0, 25)],
    ['406 cars (with nulls)', cars],
    ['1,001 flights', flights.slice(0, 1_001)],
    ['100,000 flights', flights.slice(0, 100_000)],
  ])('measures %s as the JSON stored, without making it', (_name, items) => {
    const outputs = { main: items, discarded: items.slice(0, 3) };
    const json = JSON.stringify(outputs.main).length + JSON.stringify(outputs.discarded).length;
    expect(outputBytesOver(outputs, json)).toBeNull();
    const measured = outputBytesOver(outputs, 0)!;
    expect(measured).toBeGreaterThan(0);
    // Measured in full (a limit of 1 byte less than the JSON is passed): within 1 % of JSON.stringify.
    const over = outputBytesOver(outputs, Math.floor(json * 0.99));
    expect(over).not.toBeNull();
    expect(outputBytesOver(outputs, Math.ceil(json * 1.01))).toBeNull();
  });

  it('stops counting soon after the limit is passed', () => {
    const huge = { main: Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(1000) })) };
    const bytes = outputBytesOver(huge, 1 * MB)!;
    expect(bytes).toBeGreaterThan(MB);
    expect(bytes).toBeLessThan(MB + 2_000);
  });

  it('counts one large string, and nested lists and objects', () => {
    expect(outputBytesOver({ main: [{ blob: 'y'.repeat(3 * MB) }] }, 2 * MB)).toBeGreaterThan(2 * MB);
    const nested = { main: [{ a: [1, [2, { b: 'c' }]], d: null, e: true, f: new Date(0) }] };
    // Exact for plain ASCII data: within the JSON's length, over one byte less.
    const length = JSON.stringify(nested.main).length;
    expect(outputBytesOver(nested, length)).toBeNull();
    expect(outputBytesOver(nested, length - 1)).toBe(length);
  });
});
