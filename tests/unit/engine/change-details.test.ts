/** History: which setting of a step changed, from what to what, with secrets never shown. */
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import { settingChanges } from '../../../core/change-details';
import { workflowNodeSchema } from '../../../core/document';

const http = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  workflowNodeSchema.parse({ id: 'n_y2cfm2rqh7jg', type: 'http-request', name: 'Fetch prices', config, ...extra });

describe('what changed in a step', () => {
  it('names the setting by its label with the old and the new value', () => {
    const changes = settingChanges(
      {
        before: http({ url: 'https://a.example/prices', method: 'GET' }),
        after: http({ url: 'https://b.example/prices', method: 'POST' }),
      },
      getNodeType('http-request'),
    );
    expect(changes).toEqual([
      { setting: 'Method', from: expect.stringContaining('GET'), to: expect.stringContaining('POST') },
      { setting: 'Web address (URL)', from: '"https://a.example/prices"', to: '"https://b.example/prices"' },
    ]);
  });

  it('never shows a secret, only that it changed', () => {
    const changes = settingChanges(
      {
        before: http({ url: 'https://a', auth: 'bearer', token: 'old-s3cret' }),
        after: http({ url: 'https://a', auth: 'bearer', token: 'new-s3cret' }),
      },
      getNodeType('http-request'),
    );
    expect(changes).toEqual([{ setting: 'Token', from: '(hidden)', to: 'changed (hidden)' }]);
    expect(JSON.stringify(changes)).not.toContain('s3cret');
  });

  it('never shows a secret typed into a header, only that it changed', () => {
    const headers = (key: string, accept = 'application/json') =>
      http({
        url: 'https://a',
        headers: [
          { name: 'Accept', value: accept },
          { name: 'X-Api-Key', value: key },
        ],
      });
    const changed = settingChanges({ before: headers('old-k3y-value'), after: headers('new-k3y-value') }, getNodeType('http-request'));
    expect(changed).toEqual([{ setting: 'Headers', from: '(hidden)', to: 'changed (hidden)' }]);
    const both = settingChanges(
      { before: headers('old-k3y-value'), after: headers('new-k3y-value', 'text/csv') },
      getNodeType('http-request'),
    );
    expect(JSON.stringify(both)).not.toMatch(/k3y/);
    expect(JSON.stringify(both)).toContain('text/csv');
  });

  it('cuts long values short and words failure handling, names and on/off', () => {
    const long = `https://example.com/${'x'.repeat(200)}`;
    const changes = settingChanges(
      {
        before: http({ url: 'https://a' }),
        after: http(
          { url: long },
          {
            name: 'Fetch all prices',
            disabled: true,
            settings: { retries: 3, retryBackoffMs: 1000, timeoutMs: 30000, onError: 'continue' },
          },
        ),
      },
      getNodeType('http-request'),
    );
    const url = changes.find((c) => c.setting === 'Web address (URL)')!;
    expect(url.to.length).toBeLessThanOrEqual(62);
    expect(url.to.endsWith('…"')).toBe(true);
    expect(changes).toEqual(
      expect.arrayContaining([
        { setting: 'Step name', from: '"Fetch prices"', to: '"Fetch all prices"' },
        { setting: 'Try again if it fails', from: '0', to: '3' },
        { setting: 'Time limit', from: '0 (default)', to: '30 s' },
        { setting: 'If it still fails', from: 'Stop the whole run', to: 'Carry on' },
        { setting: 'Turned', from: 'on', to: 'off' },
      ]),
    );
  });

  it('uses the plain words of a choice', () => {
    const filter = (combine: string) => workflowNodeSchema.parse({ id: 'f', type: 'filter', name: 'Big', config: { combine } });
    expect(settingChanges({ before: filter('and'), after: filter('or') }, getNodeType('filter'))).toEqual([
      { setting: 'Keep an item when', from: 'all conditions are met', to: 'any condition is met' },
    ]);
  });
});
