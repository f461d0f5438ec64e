import { z } from 'zod';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'api-key',
  displayName: 'API key',
  description: 'A key sent in a header (like X-API-Key) or in the web address (like ?api_key=…). The service’s documentation says which.',
  icon: 'key',
  schema: z.object({
    placement: field(z.enum(['header', 'query']).default('header'), {
      label: 'Send the key in',
      widget: 'select',
      optionLabels: { header: 'A header', query: 'The web address (query parameter)' },
    }),
    name: field(
      z.string({ error: 'Enter the name of the header or parameter.' }).trim().min(1, 'Enter the name of the header or parameter.'),
      {
        label: 'Header or parameter name',
        placeholder: 'X-API-Key',
      },
    ),
    value: field(z.string({ error: 'Enter the key.' }).min(1, 'Enter the key.'), { label: 'Key', widget: 'secret' }),
  }),
});
