import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenStillRunning } from '../../../server/worker/slow-steps';

describe('announcing steps that are still running (one timer for all)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('calls back each step still running once its time has passed, and only those', () => {
    const fired: string[] = [];
    const doneFast = whenStillRunning(25, () => fired.push('fast'));
    vi.advanceTimersByTime(10);
    const settleSlow = whenStillRunning(25, () => fired.push('slow'));
    doneFast();
    vi.advanceTimersByTime(20);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['slow']);
    settleSlow(); // after it fired: nothing more happens
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['slow']);
  });

  it('fires each step once, in the order their times come, with steps starting and ending all the while', () => {
    const fired: number[] = [];
    for (let i = 0; i < 5; i++) {
      whenStillRunning(25, () => fired.push(i));
      whenStillRunning(25, () => fired.push(100 + i))(); // a fast step beside each slow one
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(100);
    expect(fired).toEqual([0, 1, 2, 3, 4]);
  });
});
