import { describe, expect, it } from 'vitest';
import pollTrigger, { pollTriggerConfig } from '../../../nodes/poll-trigger';
import { runNode } from './fake-ctx';

describe('poll-trigger', () => {
  it('emits each new entry as its own item', async () => {
    const payload = [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ];
    expect(await runNode(pollTrigger, { config: { url: 'https://x.test' }, trigger: { kind: 'poll', payload } })).toEqual({
      main: payload,
    });
  });

  it('needs an http(s) address and, when telling entries apart by a field, that field', () => {
    const messages = (raw: Record<string, unknown>) =>
      pollTriggerConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({})).toEqual(['url: Enter the web address (URL) to check.']);
    expect(messages({ url: 'ftp://x' })).toEqual(['url: The address must start with http:// or https://.']);
    expect(messages({ url: 'https://x.test', keyField: '' })).toEqual(['keyField: Enter the field that tells entries apart, like "id".']);
    expect(messages({ url: 'https://x.test', intervalSeconds: 0 })).toEqual(['intervalSeconds: Enter at least 1.']);
  });

  it('checks every minute and does not fire for what is there at the first check, by default', () => {
    expect(pollTriggerConfig.parse({ url: 'https://x.test' })).toMatchObject({
      intervalSeconds: 60,
      dedupeBy: 'field',
      keyField: 'id',
      emitExistingOnFirstPoll: false,
    });
  });
});
