import { z } from 'zod';
import { fetchAccessToken } from '../lib/oauth2';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'oauth2-client-credentials',
  displayName: 'OAuth2 (client credentials)',
  description:
    'A client id and secret exchanged for a short-lived access token, for services that talk to other services (machine to machine).',
  icon: 'shield',
  schema: z.object({
    tokenUrl: field(z.url({ protocol: /^https?$/, error: 'Enter the token address, starting with https://.' }), {
      label: 'Token address (URL)',
      placeholder: 'https://auth.example.com/oauth/token',
    }),
    clientId: field(z.string({ error: 'Enter the client id.' }).trim().min(1, 'Enter the client id.'), { label: 'Client id' }),
    clientSecret: field(z.string({ error: 'Enter the client secret.' }).min(1, 'Enter the client secret.'), {
      label: 'Client secret',
      widget: 'secret',
    }),
    scope: field(z.string().trim().default(''), { label: 'Scope', help: 'Optional: the permissions to ask for, separated by spaces.' }),
    clientAuth: field(z.enum(['basic', 'body']).default('basic'), {
      label: 'Send the client id and secret',
      help: 'Most services accept either; change it only when the service asks.',
      widget: 'select',
      optionLabels: { basic: 'As a header (HTTP Basic)', body: 'In the request body' },
    }),
  }),
  async test(values, ctx) {
    const token = await fetchAccessToken(values, ctx);
    const seconds = token.expiresAt === null ? null : Math.round((token.expiresAt - Date.now()) / 1000);
    return `Got an access token${seconds === null ? '' : `, valid for ${seconds} seconds`}.`;
  },
});
