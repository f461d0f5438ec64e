import { describe, expect, it } from 'vitest';
import wait from '../../../nodes/wait';
import { fakeCtx } from './fake-ctx';

describe('wait', () => {
  it('waits, then passes the items on', async () => {
    const items = [{ a: 1 }, { a: 2 }];
    const { ctx } = fakeCtx(wait, { config: { amount: 0.05, unit: 'seconds' }, inputs: { main: items } });
    const started = Date.now();
    const { outputs } = await wait.execute(ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(outputs).toEqual({ main: items });
  });

  it('asks ctx.sleep for amount × unit', async () => {
    const asked: number[] = [];
    const { ctx } = fakeCtx(wait, { config: { amount: '2', unit: 'hours' }, inputs: { main: [{}] } });
    ctx.sleep = async (ms) => void asked.push(ms);
    await wait.execute(ctx);
    expect(asked).toEqual([2 * 3_600_000]);
  });

  it('stops waiting when the run is cancelled', async () => {
    const { ctx, controller } = fakeCtx(wait, { config: { amount: 10, unit: 'minutes' }, inputs: { main: [{}] } });
    const running = wait.execute(ctx);
    controller.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow('cancelled');
  });

  it('refuses negative, non-numeric and overly long waits', () => {
    expect(wait.config.safeParse({ amount: -1 }).success).toBe(false);
    expect(wait.config.safeParse({ amount: 'soon' }).error?.issues[0].message).toBe('Enter a number, like 5.');
    expect(wait.config.safeParse({ amount: 1000, unit: 'hours' }).success).toBe(false);
  });
});
