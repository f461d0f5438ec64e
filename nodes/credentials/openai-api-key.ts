import { z } from 'zod';
import { requestJson } from '../lib/credential-checks';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'openai-api-key',
  displayName: 'OpenAI API key',
  description: 'A key from platform.openai.com (API keys), or from a service with the same API.',
  icon: 'bot',
  schema: z.object({
    key: field(z.string({ error: 'Enter the API key.' }).trim().min(1, 'Enter the API key.'), { label: 'API key', widget: 'secret' }),
    baseUrl: field(
      z.url({ protocol: /^https?$/, error: 'Enter the API address, starting with https://.' }).default('https://api.openai.com/v1'),
      {
        label: 'API address',
        help: 'Change it only for a service with the same API (Azure, a local model server).',
      },
    ),
    organization: field(z.string().trim().default(''), {
      label: 'Organization',
      help: 'Optional: for keys that belong to several organizations.',
    }),
  }),
  async test(values, ctx) {
    const headers: Record<string, string> = { authorization: `Bearer ${values.key}` };
    if (values.organization) headers['openai-organization'] = values.organization;
    const answer = z
      .object({ data: z.array(z.unknown()) })
      .safeParse(await requestJson(`${values.baseUrl.replace(/\/+$/, '')}/models`, { headers }, ctx, 'The API'));
    return answer.success ? `The key works: ${answer.data.data.length} models are available.` : 'The key works.';
  },
});
