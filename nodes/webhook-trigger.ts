/**
 * Starts the workflow when another program sends a request to its web address. The web
 * server answers those requests itself (server/triggers/webhook.ts); this file holds the
 * settings and turns the request into items.
 */
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { itemsFromPayload } from './lib/trigger-items';
import { credentialField } from './lib/credential-field';
import { keyValueList } from './lib/fields';

export const WEBHOOK_METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'ANY'] as const;

/** How a webhook checks its callers (server/triggers/webhook-auth.ts). */
export const WEBHOOK_AUTH = ['none', 'header', 'basic', 'github', 'stripe'] as const;

/** The credential field each check uses. */
export const WEBHOOK_AUTH_FIELD = {
  header: 'headerCredential',
  basic: 'basicCredential',
  github: 'signingCredential',
  stripe: 'signingCredential',
} as const;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const PATH_FORMAT = /^[A-Za-z0-9_-]+(?:[/.][A-Za-z0-9_-]+)*$/;

export const webhookConfig = z
  .object({
    path: field(
      z
        .string()
        .trim()
        .transform((p) => p.replace(/^\/+|\/+$/g, ''))
        .refine((p) => p === '' || PATH_FORMAT.test(p), 'Use letters, digits, "-", "_" and "/" only, like "orders/new".')
        .default(''),
      {
        label: 'Address (path)',
        help: 'The end of the address: /webhook/<path>. Empty: this step’s id. Must differ from every other active workflow.',
        placeholder: 'orders/new',
        expressions: false,
      },
    ),
    method: field(z.enum(WEBHOOK_METHODS).default('POST'), {
      label: 'Accepted method',
      help: 'Requests with another method are refused (405).',
      widget: 'select',
      optionLabels: { ANY: 'Any method' },
    }),
    secretHeader: field(z.string().trim().toLowerCase().default(''), {
      label: 'Secret header name',
      help: 'When set with a value, only requests carrying this header with this exact value start the workflow (others get 401).',
      placeholder: 'x-webhook-secret',
      expressions: false,
    }),
    secretValue: field(z.string().default(''), { label: 'Secret header value', widget: 'secret', expressions: false }),
    auth: field(z.enum(WEBHOOK_AUTH).default('none'), {
      label: 'Check who is calling',
      help: 'Requests that fail the check get 401 and start nothing. The secret is a saved credential (encrypted), never part of the workflow.',
      widget: 'select',
      optionLabels: {
        none: 'No check (anyone who knows the address)',
        header: 'A secret header (saved API key credential)',
        basic: 'User name and password (Basic)',
        github: 'GitHub signature (X-Hub-Signature-256)',
        stripe: 'Stripe-style signature with a timestamp',
      },
    }),
    headerCredential: credentialField(['api-key'], {
      label: 'Header and its secret value',
      help: 'An “API key” credential: its header name and key are what callers must send.',
      showWhen: { auth: ['header'] },
    }),
    basicCredential: credentialField(['http-basic'], { label: 'User name and password', showWhen: { auth: ['basic'] } }),
    signingCredential: credentialField(['webhook-secret'], {
      label: 'Signing secret',
      help: 'The same secret you gave the service (GitHub: the webhook’s “Secret”; Stripe: its “Signing secret”).',
      showWhen: { auth: ['github', 'stripe'] },
    }),
    toleranceSeconds: field(
      z.coerce
        .number({ error: 'Enter a number of seconds.' })
        .int('Enter a whole number.')
        .min(10, 'Enter at least 10.')
        .max(3600, 'Enter at most 3600.')
        .default(300),
      {
        label: 'Refuse signatures older than (seconds)',
        help: 'A signed request replayed later than this is refused.',
        widget: 'number',
        expressions: false,
        showWhen: { auth: ['stripe'] },
      },
    ),
    respond: field(z.enum(['immediately', 'whenDone']).default('immediately'), {
      label: 'Answer',
      widget: 'select',
      optionLabels: {
        immediately: 'At once, with the run id (202)',
        whenDone: 'When the workflow has finished, with a step’s output',
      },
    }),
    responseNodeId: field(z.string().trim().default(''), {
      label: 'Answer with the output of the step',
      help: 'Only when answering after the workflow has finished.',
      placeholder: 'The last step that ran',
      widget: 'step',
      expressions: false,
    }),
    responseCode: field(
      z.coerce
        .number({ error: 'Enter a status code, like 200.' })
        .int('Enter a whole number.')
        .min(100, 'A status code is between 100 and 599.')
        .max(599, 'A status code is between 100 and 599.')
        .default(200),
      {
        label: 'Answer status code',
        help: 'When answering after the workflow has finished: 200 OK, 201 Created, 204 No content… A failed run still answers 500.',
        widget: 'number',
        expressions: false,
        showWhen: { respond: ['whenDone'] },
      },
    ),
    responseData: field(z.enum(['allItems', 'firstItem', 'noData', 'text', 'json']).default('allItems'), {
      label: 'Answer body',
      help: 'When answering after the workflow has finished.',
      widget: 'select',
      optionLabels: {
        allItems: 'All items of the step (a JSON list)',
        firstItem: 'The first item of the step (a JSON object)',
        noData: 'No body',
        text: 'This text',
        json: 'This JSON',
      },
      expressions: false,
      showWhen: { respond: ['whenDone'] },
    }),
    responseBody: field(z.string().default(''), {
      label: 'Answer text or JSON',
      help: 'For "This text" or "This JSON". May use {{ }} expressions, worked out with the answering step\'s first item as $json, like {"total": {{ $json.total }}} or {{ { ok: true, count: $items.length } }}.',
      widget: 'code',
      expressions: false,
      showWhen: { respond: ['whenDone'], responseData: ['text', 'json'] },
    }),
    responseHeaders: keyValueList({
      label: 'Answer headers',
      help: 'Extra headers of the answer, like Cache-Control. Content-Type may be set here too.',
      showWhen: { respond: ['whenDone'] },
    }),
    responseTimeoutSeconds: field(
      z.coerce
        .number({ error: 'Enter a number of seconds.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(300, 'Enter at most 300.')
        .default(30),
      {
        label: 'Wait at most (seconds)',
        help: 'When answering after the workflow finishes: how long the caller waits before getting a "still running" answer (504).',
        widget: 'number',
        expressions: false,
      },
    ),
    maxBodyKb: field(
      z.coerce
        .number({ error: 'Enter a number of kilobytes.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(102_400, 'Enter at most 102400 (100 MB).')
        .default(1024),
      {
        label: 'Largest request body (KB)',
        help: 'Bigger requests are refused (413). 1024 KB = 1 MB.',
        widget: 'number',
        expressions: false,
      },
    ),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.secretHeader !== '' && cfg.secretValue === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['secretValue'],
        message: 'Enter the value the secret header must have, or clear the header name.',
      });
    }
    if (cfg.secretHeader === '' && cfg.secretValue !== '') {
      ctx.addIssue({
        code: 'custom',
        path: ['secretHeader'],
        message: 'Enter the name of the header that carries the secret, like x-webhook-secret.',
      });
    }
    if (cfg.auth !== 'none' && cfg[WEBHOOK_AUTH_FIELD[cfg.auth]] === '') {
      ctx.addIssue({
        code: 'custom',
        path: [WEBHOOK_AUTH_FIELD[cfg.auth]],
        message: 'Choose the saved credential to check requests with, or create one under Credentials.',
      });
    }
    // A body with {{ }} is checked once its expressions are worked out, when the webhook answers.
    if (cfg.responseData === 'json' && !cfg.responseBody.includes('{{')) {
      try {
        JSON.parse(cfg.responseBody);
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['responseBody'],
          message: 'The answer is not valid JSON. Check quotes and commas, like {"ok": true}.',
        });
      }
    }
    for (const [index, row] of cfg.responseHeaders.entries()) {
      if (row.name.trim() !== '' && !HEADER_NAME.test(row.name.trim())) {
        ctx.addIssue({
          code: 'custom',
          path: ['responseHeaders', index, 'name'],
          message: 'A header name uses letters, digits and "-" only, like Cache-Control.',
        });
      }
    }
    if (cfg.secretHeader !== '' && !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(cfg.secretHeader)) {
      ctx.addIssue({
        code: 'custom',
        path: ['secretHeader'],
        message: 'A header name uses letters, digits and "-" only, like x-webhook-secret.',
      });
    }
  });
export type WebhookConfig = z.output<typeof webhookConfig>;

/** The path a webhook node listens on: its own setting, else its node id. */
export function webhookPathOf(cfg: WebhookConfig, nodeId: string): string {
  return cfg.path === '' ? nodeId : cfg.path;
}

export default defineNode({
  id: 'webhook-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Webhook',
  description: 'Starts the workflow when a request arrives at its web address, with the request as the item.',
  icon: 'webhook',
  config: webhookConfig,
  inputs: [],
  outputs: [MAIN],
  example: { path: 'orders/new', method: 'POST', respond: 'immediately' },
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});
