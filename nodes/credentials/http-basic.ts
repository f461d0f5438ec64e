import { z } from 'zod';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'http-basic',
  displayName: 'User name and password',
  description: 'A user name and password sent with each request (HTTP Basic authentication).',
  icon: 'user-lock',
  schema: z.object({
    user: field(z.string({ error: 'Enter the user name.' }).trim().min(1, 'Enter the user name.'), { label: 'User name' }),
    password: field(z.string().default(''), { label: 'Password', widget: 'secret' }),
  }),
});
