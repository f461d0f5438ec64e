import { z } from 'zod';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'webhook-secret',
  displayName: 'Webhook signing secret',
  description:
    'The secret a service signs its webhook requests with (GitHub’s “Secret”, Stripe’s “Signing secret” whsec_…). TaskMaster checks each request’s signature with it.',
  icon: 'key',
  schema: z.object({
    secret: field(z.string({ error: 'Enter the signing secret.' }).min(1, 'Enter the signing secret.'), {
      label: 'Signing secret',
      widget: 'secret',
    }),
  }),
});
