import { describe, expect, it } from 'vitest';
import notify, { MAX_NOTIFICATIONS_PER_STEP } from '../../../nodes/notify';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';

const orders: Item[] = [
  { id: 1, customer: 'Ada' },
  { id: 2, customer: 'Alan' },
];

describe('notify', () => {
  it('posts one entry per run by default and passes the items on unchanged', async () => {
    const { ctx, notifications } = fakeCtx(notify, {
      config: { title: 'Orders imported', message: 'All done', level: 'success' },
      inputs: { main: orders },
    });
    const { outputs } = await notify.execute(ctx);
    expect(outputs.main).toBe(orders);
    expect(notifications).toEqual([{ level: 'success', title: 'Orders imported', message: 'All done' }]);
  });

  it('posts even when no items came in: "once per run" means the run, not the first item', async () => {
    const { ctx, notifications } = fakeCtx(notify, { config: { title: 'Nothing new today' } });
    const { outputs } = await notify.execute(ctx);
    expect(outputs.main).toEqual([]);
    expect(notifications).toEqual([{ level: 'info', title: 'Nothing new today', message: '' }]);
  });

  it('posts one entry per item with that item’s values in "each" mode', async () => {
    const { ctx, notifications } = fakeCtx(notify, { config: { title: 'x', mode: 'each', level: 'warning' }, inputs: { main: orders } });
    ctx.configFor = (item) =>
      notify.config.parse({ title: `Order ${String(item.id)}`, message: `for ${String(item.customer)}`, mode: 'each', level: 'warning' });
    await notify.execute(ctx);
    expect(notifications).toEqual([
      { level: 'warning', title: 'Order 1', message: 'for Ada' },
      { level: 'warning', title: 'Order 2', message: 'for Alan' },
    ]);
  });

  it(`stops at ${MAX_NOTIFICATIONS_PER_STEP} entries in "each" mode and says so in its logs`, async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ n: i }));
    const { ctx, notifications, logs } = fakeCtx(notify, { config: { title: 'Row', mode: 'each' }, inputs: { main: many } });
    const { outputs } = await notify.execute(ctx);
    expect(outputs.main).toHaveLength(50);
    expect(notifications).toHaveLength(MAX_NOTIFICATIONS_PER_STEP);
    expect(logs).toEqual([
      {
        level: 'warn',
        message: `Showed ${MAX_NOTIFICATIONS_PER_STEP} notifications, one for each of the first ${MAX_NOTIFICATIONS_PER_STEP} items; the other 30 items got none.`,
      },
    ]);
  });

  it('fails with the reason when the entry can not be stored', async () => {
    const { ctx } = fakeCtx(notify, { config: { title: 'Hello' } });
    ctx.notify = () => Promise.reject(new Error('Notifications are not available where this workflow runs.'));
    await expect(notify.execute(ctx)).rejects.toThrow('Notifications are not available');
  });

  it('requires a title and shows numbers from expressions as text', () => {
    expect(notify.config.safeParse({}).error?.issues[0]).toMatchObject({ path: ['title'], message: 'Write a title for the notification.' });
    expect(notify.config.safeParse({ title: '  ' }).error?.issues[0].message).toBe('Write a title for the notification.');
    expect(notify.config.parse({ title: 42, message: 7 })).toMatchObject({ title: '42', message: '7' });
  });
});
