/**
 * What a node can reach through ctx.credentials, and what the executor hides afterwards: one
 * attempt through executeAttempt with a small node made for the test.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { credentialField } from '../../../nodes/lib/credential-field';
import { defineNode, MAIN, type NodeDefinition } from '../../../nodes/types';
import type { CredentialSource, LoadedCredential } from '../../../server/credentials/grant';
import { MASK } from '../../../server/credentials/mask';
import { workflowNodeSchema } from '../../../core/document';
import { executeAttempt, type NodeEnvironment } from '../../../server/worker/execute-node';

const SECRET = 's3cr3t-grant-test';

const saved: Record<string, LoadedCredential> = {
  cred_mine: { type: 'http-bearer', name: 'Mine', values: { token: SECRET } },
  cred_other: { type: 'http-bearer', name: 'Not granted', values: { token: 'other-secret' } },
  cred_mail: { type: 'smtp', name: 'Mail', values: { host: 'smtp.example.com', port: 587, secure: false, user: '', password: 'mail-pw' } },
};
const source: CredentialSource = { load: async (id) => saved[id] ?? null };

/** Reads the credential its config names (or `read`), then does what `then` says with the token. */
const leaky = defineNode({
  id: 'leaky',
  version: 1,
  category: 'action',
  group: 'Flow',
  displayName: 'Leaky',
  description: 'test only',
  icon: 'box',
  config: z.object({
    credential: credentialField(['http-bearer'], { label: 'Credential' }),
    read: z.string().default(''),
    then: z.enum(['output', 'fail', 'derived']).default('output'),
  }),
  inputs: [MAIN],
  outputs: [MAIN],
  async execute(ctx) {
    const values = await ctx.credentials.get(ctx.config.read || ctx.config.credential);
    const token = String(values.token);
    ctx.log.info(`using ${token}`, { header: `Bearer ${token}` });
    if (ctx.config.then === 'fail') throw new Error(`the API said: bad token ${token}`);
    if (ctx.config.then === 'derived') {
      const derived = Buffer.from(token).toString('hex');
      ctx.credentials.mask(derived);
      return { outputs: { main: [{ derived }] } };
    }
    return { outputs: { main: [{ echoed: { authorization: `Bearer ${token}` }, type: values.type, [token]: true }] } };
  },
});

function attempt(config: Record<string, unknown>, credentials: CredentialSource | null = source) {
  const node = workflowNodeSchema.parse({ id: 'n', name: 'Leaky step', type: 'leaky', config });
  const env: NodeEnvironment = {
    run: { id: 'run-1', workflowId: null },
    startedAt: '2024-05-01T12:00:00.000Z',
    trigger: null,
    upstream: new Map(),
    runSignal: new AbortController().signal,
    dataDir: '/tmp',
    fetch: globalThis.fetch,
    credentials: credentials ?? undefined,
  };
  return executeAttempt(leaky as NodeDefinition, node, { main: [{}] }, env);
}

describe('credentials granted to a node', () => {
  it('gives the chosen credential with its type, and hides its secret in output and logs', async () => {
    const result = await attempt({ credential: 'cred_mine' });
    expect(result.ok).toBe(true);
    expect(result.outputs.main).toEqual([{ echoed: { authorization: `Bearer ${MASK}` }, type: 'http-bearer', [MASK]: true }]);
    expect(result.logs[0]).toMatchObject({ message: `using ${MASK}`, data: { header: `Bearer ${MASK}` } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('hides the secret in the error message of a failed attempt', async () => {
    const result = await attempt({ credential: 'cred_mine', then: 'fail' });
    expect(result.error?.message).toBe(`the API said: bad token ${MASK}`);
  });

  it('hides values the node derived and asked to hide', async () => {
    const result = await attempt({ credential: 'cred_mine', then: 'derived' });
    expect(result.outputs.main).toEqual([{ derived: MASK }]);
  });

  it('refuses a credential the config does not choose', async () => {
    const result = await attempt({ credential: 'cred_mine', read: 'cred_other' });
    expect(result.error?.message).toBe('Step "Leaky step" may only use the saved credentials chosen in its settings.');
  });

  it('refuses a credential of a type the field does not accept, and one that is gone', async () => {
    expect((await attempt({ credential: 'cred_mail' })).error?.message).toBe(
      'The saved credential "Mail" is a Mail server (SMTP), but step "Leaky step" needs one of: Bearer token.',
    );
    expect((await attempt({ credential: 'cred_gone' })).error?.message).toContain('no longer exists');
  });

  it('explains when no credentials can be read here', async () => {
    const result = await attempt({ credential: 'cred_mine' }, null);
    expect(result.error?.message).toBe('Saved credentials are not available here.');
  });
});
