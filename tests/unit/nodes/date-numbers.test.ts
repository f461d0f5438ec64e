/**
 * Numbers and numeric text as dates, by n8n's rule (its Date & Time step): an integer of fewer
 * than 12 digits is seconds since 1970, a longer one milliseconds; numeric text reads the same.
 */
import { expect, it } from 'vitest';
import { readDate } from '../../../nodes/lib/dates';

const iso = (value: unknown) => readDate(value)?.toUTC().toISO() ?? null;

it('reads numbers below 10^11 as seconds and from 10^11 on as milliseconds', () => {
  expect(iso(1_714_560_000)).toBe('2024-05-01T10:40:00.000Z');
  expect(iso(1_714_560_000_000)).toBe('2024-05-01T10:40:00.000Z');
  expect(iso(99_999_999_999)).toBe('5138-11-16T09:46:39.000Z');
  expect(iso(100_000_000_000)).toBe('1973-03-03T09:46:40.000Z');
  expect(iso(1_714_560_000.5)).toBe('2024-05-01T10:40:00.500Z');
});

it('reads numeric text as the same timestamp, and four digits as a year', () => {
  expect(iso('1714560000')).toBe('2024-05-01T10:40:00.000Z');
  expect(iso(' 1714560000000 ')).toBe('2024-05-01T10:40:00.000Z');
  expect(iso('1714560000.25')).toBe('2024-05-01T10:40:00.250Z');
  expect(iso('2024')).toBe('2024-01-01T00:00:00.000Z');
  expect(iso('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
  expect(iso('12ab34567')).toBeNull();
});
