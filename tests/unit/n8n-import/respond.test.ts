/**
 * n8n's "Respond to Webhook" is left out on import; its status code, headers and body become the
 * Webhook step's answer settings (issue 17: imported webhooks answered differently, silently).
 */
import { describe, expect, it } from 'vitest';
import { convertN8nWorkflow } from '../../../server/services/n8n-import';

/** webhook (answer: "Using 'Respond to Webhook' node") ─► Set ─► Respond to Webhook */
function exportWith(respond: Record<string, unknown>) {
  return JSON.stringify({
    name: 'answering hook',
    nodes: [
      {
        id: 'w',
        name: 'Hook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        parameters: { httpMethod: 'POST', path: 'in', responseMode: 'responseNode', options: {} },
      },
      {
        id: 's',
        name: 'Shape',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        position: [200, 0],
        parameters: { assignments: { assignments: [{ id: 'a', name: 'ok', value: true, type: 'boolean' }] }, options: {} },
      },
      { id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [400, 0], parameters: respond },
    ],
    connections: {
      Hook: { main: [[{ node: 'Shape', type: 'main', index: 0 }]] },
      Shape: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
    },
  });
}

const answerOf = (respond: Record<string, unknown>) => {
  const { document, report } = convertN8nWorkflow(exportWith(respond));
  const hook = document.nodes.find((n) => n.type === 'webhook-trigger')!;
  const { responseCode, responseData, responseBody, responseHeaders } = hook.config as Record<string, unknown>;
  return {
    answer: { responseCode, responseData, responseBody, responseHeaders },
    issues: report.issues.map((i) => `${i.severity}: ${i.node} / ${i.field}`),
    check: report.checkBeforeUse,
  };
};

describe('n8n import: Respond to Webhook', () => {
  it('keeps the status code, headers and a text body', () => {
    const { answer, issues } = answerOf({
      respondWith: 'text',
      responseBody: 'Thanks!',
      options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Order', value: 'taken' }] } },
    });
    expect(answer).toEqual({
      responseCode: 201,
      responseData: 'text',
      responseBody: 'Thanks!',
      responseHeaders: [{ name: 'X-Order', value: 'taken' }],
    });
    expect(issues.filter((issue) => issue.includes('Respond'))).toEqual([]);
  });

  it('answers with the first item by default, all items or no data when n8n did', () => {
    expect(answerOf({ options: {} }).answer.responseData).toBe('firstItem');
    expect(answerOf({ respondWith: 'allIncomingItems', options: {} }).answer.responseData).toBe('allItems');
    expect(answerOf({ respondWith: 'noData', options: {} }).answer).toMatchObject({ responseData: 'noData', responseCode: 200 });
    expect(answerOf({ respondWith: 'json', responseBody: '{"ok": true}', options: {} }).answer).toMatchObject({
      responseData: 'json',
      responseBody: '{"ok": true}',
    });
  });

  it('keeps an expression body (worked out when the webhook answers), naming steps by their new ids', () => {
    const expression = answerOf({
      respondWith: 'json',
      responseBody: "={{ { total: $json.total, ok: $('Shape').first().json.ok } }}",
      options: {},
    });
    expect(expression.answer.responseData).toBe('json');
    expect(expression.answer.responseBody).toMatch(/^\{\{ \{ total: \$json\.total, ok: \$node\["n_\w+"\]\.json\.ok \} \}\}$/);
    expect(expression.issues.filter((issue) => issue.includes('Respond'))).toEqual([]);
    expect(expression.check).toBe(false);
    const inText = answerOf({ respondWith: 'text', responseBody: '=Total: {{ $json.total }}', options: {} });
    expect(inText.answer).toMatchObject({ responseData: 'text', responseBody: 'Total: {{ $json.total }}' });
  });

  it('says so, and asks for a check, when the body is a kind it cannot give', () => {
    const redirect = answerOf({ respondWith: 'redirect', redirectURL: 'https://example.com', options: {} });
    expect(redirect.issues).toContain('not-converted: Respond / respondWith');
  });
});
