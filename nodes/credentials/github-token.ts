import { z } from 'zod';
import { requestJsonWithHeaders } from '../lib/credential-checks';
import { describeRateLimit, rateLimitOf } from '../lib/github-rate-limit';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'github-token',
  displayName: 'GitHub token',
  description: 'A personal access token, made on GitHub under Settings → Developer settings.',
  icon: 'git-branch',
  schema: z.object({
    token: field(z.string({ error: 'Enter the token.' }).trim().min(1, 'Enter the token.'), { label: 'Token', widget: 'secret' }),
    baseUrl: field(
      z.url({ protocol: /^https?$/, error: 'Enter the API address, starting with https://.' }).default('https://api.github.com'),
      {
        label: 'API address',
        help: 'Change it only for GitHub Enterprise, like https://github.example.com/api/v3.',
      },
    ),
  }),
  async test(values, ctx) {
    const url = `${values.baseUrl.replace(/\/+$/, '')}/user`;
    const headers = { authorization: `Bearer ${values.token}`, accept: 'application/vnd.github+json', 'user-agent': 'TaskMaster' };
    const answer = await requestJsonWithHeaders(url, { headers }, ctx, 'GitHub');
    const user = z.object({ login: z.string() }).safeParse(answer.body);
    const signedIn = user.success ? `Signed in to GitHub as ${user.data.login}.` : 'GitHub accepted the token.';
    // Shown on the Credentials page: how much of the hourly limit is left when it was tested.
    const rate = rateLimitOf(answer.headers);
    return rate ? `${signedIn} Rate limit: ${describeRateLimit(rate)}.` : signedIn;
  },
});
