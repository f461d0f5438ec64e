import { describe, expect, it } from 'vitest';
import { axisTimeFormat } from '../../../app/lib/format';

describe('time labels of a chart axis', () => {
  const at = (iso: string) => new Date(iso);
  it('tells apart five runs in one minute by their seconds (they all read "12:10 PM" before)', () => {
    const f = axisTimeFormat(40_000);
    const labels = ['2026-12-07T12:10:05Z', '2026-12-07T12:10:25Z'].map((iso) => f.format(at(iso)));
    expect(new Set(labels).size).toBe(2);
    expect(labels[0]).toMatch(/:\d\d:\d\d/);
  });

  it('shows the time alone within a day and the date beyond', () => {
    expect(axisTimeFormat(3 * 3_600_000).format(at('2026-12-07T12:10:05Z'))).not.toMatch(/Dec/);
    expect(axisTimeFormat(3 * 86_400_000).format(at('2026-12-07T12:10:05Z'))).toMatch(/Dec/);
  });
});
