import { describe, expect, it } from 'vitest';
import logMessage from '../../../nodes/log-message';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';

const items: Item[] = [{ name: 'Ada' }, { name: 'Alan' }];

describe('log-message', () => {
  it('writes the message once and passes the items on unchanged', async () => {
    const { ctx, logs } = fakeCtx(logMessage, { config: { message: 'Got 2 people' }, inputs: { main: items } });
    const { outputs } = await logMessage.execute(ctx);
    expect(outputs.main).toBe(items);
    expect(logs).toEqual([{ level: 'info', message: 'Got 2 people' }]);
  });

  it('writes one message per item at the chosen level, with that item’s values', async () => {
    const { ctx, logs } = fakeCtx(logMessage, { config: { message: 'x', level: 'warn', mode: 'each' }, inputs: { main: items } });
    ctx.configFor = (item) => logMessage.config.parse({ message: `Check ${String(item.name)}`, level: 'warn', mode: 'each' });
    await logMessage.execute(ctx);
    expect(logs).toEqual([
      { level: 'warn', message: 'Check Ada' },
      { level: 'warn', message: 'Check Alan' },
    ]);
  });

  it('logs a number or an object from an expression as text', () => {
    expect(logMessage.config.parse({ message: 3 }).message).toBe('3');
    expect(logMessage.config.parse({ message: { a: 1 } }).message).toBe('{"a":1}');
  });

  it('requires a message', () => {
    expect(logMessage.config.safeParse({}).error?.issues[0]).toMatchObject({ path: ['message'], message: 'Write the message to log.' });
    expect(logMessage.config.safeParse({ message: ' ' }).error?.issues[0].message).toBe('Write the message to log.');
  });
});
