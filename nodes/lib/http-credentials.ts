/** Applying a saved credential (bearer, basic, API key, OAuth2) to an HTTP request. */
import { z } from 'zod';
import apiKey from '../credentials/api-key';
import httpBasic from '../credentials/http-basic';
import httpBearer from '../credentials/http-bearer';
import oauth2 from '../credentials/oauth2-client-credentials';
import type { NodeContext } from '../types';
import { setHeader } from './http';
import { cachedAccessToken, forgetAccessToken, type ClientCredentials } from './oauth2';

export const HTTP_CREDENTIAL_TYPES = ['http-bearer', 'http-basic', 'api-key', 'oauth2-client-credentials'] as const;

// Values as the credential types define them, told apart by `type` (which ctx.credentials adds).
const savedCredential = z.discriminatedUnion('type', [
  httpBearer.schema.extend({ type: z.literal('http-bearer') }),
  httpBasic.schema.extend({ type: z.literal('http-basic') }),
  apiKey.schema.extend({ type: z.literal('api-key') }),
  oauth2.schema.extend({ type: z.literal('oauth2-client-credentials') }),
]);

/** Undoes what the credential did when the service refused it (a revoked OAuth2 token is fetched again). */
export type OnRefused = () => void;

/** Sets the credential's header (or query parameter) on the request. */
export async function applyCredential(
  ctx: Pick<NodeContext<unknown>, 'credentials' | 'fetch' | 'signal'>,
  credentialId: string,
  url: URL,
  headers: Headers,
): Promise<OnRefused> {
  const parsed = savedCredential.safeParse(await ctx.credentials.get(credentialId));
  if (!parsed.success) {
    throw new Error('The saved credential is incomplete: open it under Credentials, fill in every field and save it again.');
  }
  const cred = parsed.data;
  switch (cred.type) {
    case 'http-bearer':
      setHeader(headers, 'authorization', `Bearer ${cred.token}`);
      return () => {};
    case 'http-basic': {
      const encoded = Buffer.from(`${cred.user}:${cred.password}`).toString('base64');
      // The password hides inside the encoding: an API that echoes the header must not show it.
      ctx.credentials.mask(encoded);
      setHeader(headers, 'authorization', `Basic ${encoded}`);
      return () => {};
    }
    case 'api-key':
      if (cred.placement === 'query') url.searchParams.set(cred.name, cred.value);
      else setHeader(headers, cred.name, cred.value);
      return () => {};
    case 'oauth2-client-credentials': {
      const creds: ClientCredentials = cred;
      const token = await cachedAccessToken(creds, { fetch: ctx.fetch, signal: ctx.signal });
      ctx.credentials.mask(token.accessToken);
      setHeader(headers, 'authorization', `Bearer ${token.accessToken}`);
      return () => forgetAccessToken(creds);
    }
  }
}
