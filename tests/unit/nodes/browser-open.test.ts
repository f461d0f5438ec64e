import { describe, expect, it } from 'vitest';
import browserOpen from '../../../nodes/browser-open';

describe('Browser: open page, "Open it"', () => {
  it('runs once by default: saved workflows without the choice keep their behaviour', () => {
    expect(browserOpen.eachItem?.({ url: 'https://example.com' })).toBeNull();
    expect(browserOpen.config.parse({ url: 'https://example.com' })).toMatchObject({ items: 'first', atOnce: 1 });
  });

  it('asks for each item with the pages at once it was given (typed in the form as text)', () => {
    expect(browserOpen.eachItem?.({ url: 'x', items: 'each' })).toEqual({ atOnce: 1 });
    expect(browserOpen.eachItem?.({ url: 'x', items: 'each', atOnce: '4' })).toEqual({ atOnce: 4 });
  });

  it('still runs for each item, one at a time, when the pages at once is out of range (the form says so)', () => {
    expect(browserOpen.eachItem?.({ url: 'x', items: 'each', atOnce: 99 })).toEqual({ atOnce: 1 });
    const problem = browserOpen.config.safeParse({ url: 'x', items: 'each', atOnce: 99 });
    expect(problem.success).toBe(false);
    expect(problem.error?.issues[0].message).toBe('At most 10 pages.');
  });
});
