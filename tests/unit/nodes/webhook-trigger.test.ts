import { describe, expect, it } from 'vitest';
import webhookTrigger, { webhookConfig, webhookPathOf } from '../../../nodes/webhook-trigger';
import { runNode } from './fake-ctx';

describe('webhook-trigger', () => {
  it('emits the request as one item', async () => {
    const payload = { method: 'POST', path: 'orders', query: {}, headers: { 'content-type': 'application/json' }, body: { id: 7 } };
    expect(await runNode(webhookTrigger, { trigger: { kind: 'webhook', payload } })).toEqual({ main: [payload] });
  });

  it('listens on the node id unless a path is set, without surrounding slashes', () => {
    expect(webhookPathOf(webhookConfig.parse({}), 'hook1')).toBe('hook1');
    expect(webhookPathOf(webhookConfig.parse({ path: '/orders/new/' }), 'hook1')).toBe('orders/new');
  });

  it('defaults to POST, answering at once, with a 1 MB limit and no secret', () => {
    expect(webhookConfig.parse({})).toMatchObject({
      method: 'POST',
      respond: 'immediately',
      maxBodyKb: 1024,
      secretHeader: '',
      secretValue: '',
    });
  });

  it('refuses paths with spaces or "..", and a secret with only half its settings', () => {
    const messages = (raw: Record<string, unknown>) =>
      webhookConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({ path: 'my orders' })).toEqual(['path: Use letters, digits, "-", "_" and "/" only, like "orders/new".']);
    expect(messages({ path: 'a/../b' })).toHaveLength(1);
    expect(messages({ secretHeader: 'X-Secret' })).toEqual([
      'secretValue: Enter the value the secret header must have, or clear the header name.',
    ]);
    expect(messages({ secretValue: 's3cret' })).toEqual([
      'secretHeader: Enter the name of the header that carries the secret, like x-webhook-secret.',
    ]);
  });

  it('stores the secret header name in lower case, as requests carry it', () => {
    expect(webhookConfig.parse({ secretHeader: 'X-Secret', secretValue: 'a' }).secretHeader).toBe('x-secret');
  });
});
