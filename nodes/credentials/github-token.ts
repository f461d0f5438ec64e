import { z } from 'zod';
import { requestJson } from '../lib/credential-checks';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'github-token',
  displayName: 'GitHub token',
  description: 'A personal access token, made on GitHub under Settings → Developer settings.',
  icon: 'git-branch',
  schema: z.object({
    token: field(z.string({ error: 'Enter the token.' }).trim().min(1, 'Enter the token.'), { label: 'Token', widget: 'secret' }),
    baseUrl: field(z.url({ protocol: /^https?$/, error: 'Enter the API address, starting with https://.' }).default('https://api.github.com'), {
      label: 'API address',
      help: 'Change it only for GitHub Enterprise, like https://github.example.com/api/v3.',
    }),
  }),
  async test(values, ctx) {
    const url = `${values.baseUrl.replace(/\/+$/, '')}/user`;
    const headers = { authorization: `Bearer ${values.token}`, accept: 'application/vnd.github+json', 'user-agent': 'TaskMaster' };
    const user = z.object({ login: z.string() }).safeParse(await requestJson(url, { headers }, ctx, 'GitHub'));
    return user.success ? `Signed in to GitHub as ${user.data.login}.` : 'GitHub accepted the token.';
  },
});
