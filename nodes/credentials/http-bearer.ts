import { z } from 'zod';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'http-bearer',
  displayName: 'Bearer token',
  description: 'A token sent as "Authorization: Bearer …", as most web APIs ask. The service gives it in its settings or developer pages.',
  icon: 'key-round',
  schema: z.object({
    token: field(z.string({ error: 'Enter the token.' }).trim().min(1, 'Enter the token.'), { label: 'Token', widget: 'secret' }),
  }),
});
