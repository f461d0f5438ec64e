/** The HTTP request node with saved credentials ("Use a saved credential"), against a local server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpRequest from '../../../nodes/http-request';
import { startRecorder } from '../../helpers/http-recorder';
import { fakeCtx } from './fake-ctx';

type Recorder = Awaited<ReturnType<typeof startRecorder>>;
let api: Recorder;
let tokensIssued = 0;

beforeAll(async () => {
  api = await startRecorder((req) => {
    if (req.path === '/token') {
      tokensIssued += 1;
      const body = new URLSearchParams(req.body);
      if (req.headers.authorization !== `Basic ${Buffer.from('client-1:client-secret-1').toString('base64')}`)
        return { status: 401, body: { error: 'invalid_client' } };
      return { body: { access_token: `token-${tokensIssued}-${body.get('scope')}`, expires_in: 3600, token_type: 'Bearer' } };
    }
    if (req.path === '/revoked') return { status: 401, body: { error: 'token revoked' } };
    return { body: { authorization: req.headers.authorization ?? null, key: req.headers['x-api-key'] ?? null, path: req.path } };
  });
});

afterAll(async () => {
  await api.close();
});

function run(credential: Record<string, unknown>, path = '/echo', items = [{}]) {
  const fake = fakeCtx(httpRequest, {
    config: { url: `${api.url}${path}`, auth: 'credential', credential: 'cred_1', failOnHttpError: false },
    inputs: { main: items },
    credentials: { cred_1: credential },
  });
  return { fake, result: httpRequest.execute(fake.ctx) };
}

describe('http-request with a saved credential', () => {
  it('asks for a credential when "Use a saved credential" is chosen without one', () => {
    const issues = httpRequest.config.safeParse({ url: 'https://x.example', auth: 'credential' }).error?.issues;
    expect(issues?.map((i) => [i.path[0], i.message])).toEqual([
      ['credential', 'Choose a saved credential, or create one under Credentials.'],
    ]);
  });

  it('sends a bearer token', async () => {
    const { result } = run({ type: 'http-bearer', token: 'tok-123' });
    expect((await result).outputs.main[0].body).toMatchObject({ authorization: 'Bearer tok-123' });
  });

  it('sends user name and password, and asks to hide their encoded form', async () => {
    const { fake, result } = run({ type: 'http-basic', user: 'ada', password: 'pw-456' });
    const encoded = Buffer.from('ada:pw-456').toString('base64');
    expect((await result).outputs.main[0].body).toMatchObject({ authorization: `Basic ${encoded}` });
    expect(fake.masked).toEqual([encoded]);
  });

  it('sends an API key in a header, or in the address without logging it', async () => {
    const inHeader = run({ type: 'api-key', placement: 'header', name: 'X-API-Key', value: 'key-789' });
    expect((await inHeader.result).outputs.main[0].body).toMatchObject({ key: 'key-789' });
    const inQuery = run({ type: 'api-key', placement: 'query', name: 'api_key', value: 'key-789' });
    expect((await inQuery.result).outputs.main[0].body).toMatchObject({ path: '/echo?api_key=key-789' });
    expect(JSON.stringify(inQuery.fake.logs)).not.toContain('key-789');
  });

  it('fetches an OAuth2 token once for many items, and hides it', async () => {
    const before = tokensIssued;
    const cred = {
      type: 'oauth2-client-credentials',
      tokenUrl: `${api.url}/token`,
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      scope: 'orders',
      clientAuth: 'basic',
    };
    const { fake, result } = run(cred, '/echo', [{}, {}, {}]);
    const out = (await result).outputs.main;
    expect(tokensIssued - before).toBe(1);
    expect(out.map((item) => (item.body as { authorization: string }).authorization)).toEqual(
      Array(3).fill(`Bearer token-${tokensIssued}-orders`),
    );
    expect(fake.masked).toContain(`token-${tokensIssued}-orders`);
  });

  it('fetches a new OAuth2 token after the API refused the cached one', async () => {
    const cred = {
      type: 'oauth2-client-credentials',
      tokenUrl: `${api.url}/token`,
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      scope: 'revoking',
      clientAuth: 'basic',
    };
    await run(cred, '/revoked').result;
    const before = tokensIssued;
    await run(cred, '/echo').result;
    expect(tokensIssued - before).toBe(1);
  });

  it('explains a refused OAuth2 client', async () => {
    const cred = {
      type: 'oauth2-client-credentials',
      tokenUrl: `${api.url}/token`,
      clientId: 'client-1',
      clientSecret: 'wrong',
      scope: '',
      clientAuth: 'basic',
    };
    await expect(run(cred).result).rejects.toThrow(`The token address ${api.url}/token refused to give an access token (status 401)`);
  });

  it('explains a credential whose values do not fit', async () => {
    await expect(run({ type: 'smtp', host: 'x' }).result).rejects.toThrow('The saved credential is incomplete');
  });
});
