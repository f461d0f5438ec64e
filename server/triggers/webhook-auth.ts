/**
 * A webhook's caller check: a secret header, Basic user and password, or an HMAC-SHA256
 * signature of the raw body (GitHub `X-Hub-Signature-256: sha256=<hex>`; Stripe-style
 * `t=<unix seconds>,v1=<hex>` over `<t>.<body>`, refused when older than the tolerance so a
 * captured request can't be replayed). Secrets come from saved credentials; every comparison is
 * in constant time. Pure apart from the credential loader it is given.
 */
import { createHmac } from 'node:crypto';
import type http from 'node:http';
import { WEBHOOK_AUTH_FIELD, type WebhookConfig } from '../../nodes/webhook-trigger';
import type { LoadedCredential } from '../credentials/grant';
import { secretMatches } from './webhook-request';

export type AuthCheck = { ok: true } | { ok: false; message: string };

const refuse = (message: string): AuthCheck => ({ ok: false, message });
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const hmacHex = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data).digest('hex');

/** Whether the body must be read before checking (signatures are over the raw body). */
export function needsBody(config: WebhookConfig): boolean {
  return config.auth === 'github' || config.auth === 'stripe';
}

/** The header that carried a secret, left out of the stored request. */
export function secretHeaderOf(config: WebhookConfig, credential: LoadedCredential | null): string {
  if (config.auth === 'header') return text(credential?.values.name).toLowerCase();
  return config.secretHeader;
}

export async function checkWebhookAuth(
  config: WebhookConfig,
  headers: http.IncomingHttpHeaders,
  raw: Buffer | null,
  credential: LoadedCredential | null,
  now = Date.now(),
): Promise<AuthCheck> {
  if (config.auth === 'none') return { ok: true };
  if (!credential) {
    return refuse(
      `This webhook's ${config.auth === 'basic' ? 'password' : 'secret'} is not available (its saved credential was deleted?). Ask the workflow's owner to choose one.`,
    );
  }
  const values = credential.values;
  switch (config.auth) {
    case 'header': {
      const name = text(values.name).toLowerCase();
      const given = header(headers, name);
      if (given === undefined) return refuse(`The request has no "${name}" header.`);
      return secretMatches(given, text(values.value)) ? { ok: true } : refuse(`The "${name}" header has the wrong value.`);
    }
    case 'basic': {
      const match = /^Basic\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '');
      if (!match) return refuse('The request has no user name and password (Authorization: Basic …).');
      const given = Buffer.from(match[1], 'base64').toString('utf8');
      return secretMatches(given, `${text(values.user)}:${text(values.password)}`)
        ? { ok: true }
        : refuse('The user name or password is wrong.');
    }
    case 'github': {
      const given = header(headers, 'x-hub-signature-256');
      if (!given) return refuse('The request has no X-Hub-Signature-256 header.');
      const expected = `sha256=${hmacHex(text(values.secret), raw ?? Buffer.alloc(0))}`;
      return secretMatches(given.trim().toLowerCase(), expected)
        ? { ok: true }
        : refuse('The X-Hub-Signature-256 signature does not match the body.');
    }
    case 'stripe': {
      const given = header(headers, 'stripe-signature') ?? header(headers, 'x-signature');
      if (!given) return refuse('The request has no Stripe-Signature header.');
      const parts = given.split(',').map((p) => p.trim().split('='));
      const t = parts.find(([k]) => k === 't')?.[1] ?? '';
      const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
      if (!/^\d{1,12}$/.test(t) || signatures.length === 0)
        return refuse('The Stripe-Signature header must look like t=<time>,v1=<signature>.');
      if (Math.abs(now / 1000 - Number(t)) > config.toleranceSeconds) {
        return refuse(`The signature's time is more than ${config.toleranceSeconds} seconds away from now (an old or replayed request).`);
      }
      const expected = hmacHex(text(values.secret), Buffer.concat([Buffer.from(`${t}.`), raw ?? Buffer.alloc(0)]));
      // Every v1 is compared (a service rolling its secret sends two), each in constant time.
      const ok = signatures.map((s) => secretMatches(s.toLowerCase(), expected)).includes(true);
      return ok ? { ok: true } : refuse('The Stripe-Signature signature does not match the body.');
    }
  }
}

/** The id of the saved credential the check uses, or '' for none. */
export function authCredentialId(config: WebhookConfig): string {
  return config.auth === 'none' ? '' : config[WEBHOOK_AUTH_FIELD[config.auth]];
}
