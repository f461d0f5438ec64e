import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../server/browser/semaphore';

describe('browser slots (semaphore)', () => {
  it('lets `max` holders in and the rest wait in arrival order', async () => {
    const slots = new Semaphore(2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    expect([slots.inUse, slots.waiting]).toEqual([2, 2]);
    a();
    a(); // a second release of the same slot changes nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect([slots.inUse, slots.waiting]).toEqual([2, 1]);
    b();
    (await d)();
    releaseC();
    expect([slots.inUse, slots.waiting]).toEqual([0, 0]);
  });

  it('drops a waiter whose signal aborts, without taking a slot', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(slots.waiting).toBe(0);
    held();
    expect(slots.inUse).toBe(0);
  });
});

describe('browser slots follow a new limit (Settings, live)', () => {
  it('lets waiters in at once when the limit grows', async () => {
    const slots = new Semaphore(1);
    const held = await slots.acquire();
    const waiting = slots.acquire();
    expect(slots.waiting).toBe(1);
    slots.resize(2);
    const second = await waiting;
    expect([slots.inUse, slots.waiting, slots.max]).toEqual([2, 0, 2]);
    held();
    second();
  });

  it('interrupts nobody when the limit shrinks, and lets the next in only below it', async () => {
    const slots = new Semaphore(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    slots.resize(1);
    let got = false;
    const c = slots.acquire().then((release) => ((got = true), release));
    a();
    await Promise.resolve();
    expect(got).toBe(false);
    expect([slots.inUse, slots.waiting]).toEqual([1, 1]);
    b();
    (await c)();
    expect(got).toBe(true);
    expect(() => slots.resize(0)).toThrow('at least 1');
  });
});
