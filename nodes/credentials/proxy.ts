import { z } from 'zod';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'proxy',
  displayName: 'Proxy server',
  description: 'A proxy that web requests go through, with its sign-in when it needs one.',
  icon: 'network',
  schema: z.object({
    server: field(z.url({ protocol: /^(https?|socks5?)$/, error: 'Enter the proxy address, like http://proxy.example.com:8080.' }), {
      label: 'Proxy address',
      placeholder: 'http://proxy.example.com:8080',
    }),
    user: field(z.string().trim().default(''), { label: 'User name', help: 'Leave empty if the proxy needs no sign-in.' }),
    password: field(z.string().default(''), { label: 'Password', widget: 'secret' }),
  }),
});
