import { afterEach, describe, expect, it } from 'vitest';
import openai from '../../../nodes/openai';
import { parseDuration } from '../../../nodes/lib/openai-api';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';
import { startLocalApi, type LocalApi, type Reply, type ReceivedRequest } from './local-api';

const KEY = 'sk-test-secretKey456';
let api: LocalApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(handler: (req: ReceivedRequest, n: number) => Reply): Promise<LocalApi> {
  api = await startLocalApi(handler);
  return api;
}

/** Runs the node against the local server (as a compatible service at /v1); waits are recorded, not slept. */
async function run(config: Record<string, unknown>, inputs: Item[] = [{}], organization = '') {
  const fake = fakeCtx(openai, {
    config: { credential: 'cred_ai', ...config },
    inputs: { main: inputs },
    credentials: { cred_ai: { type: 'openai-api-key', key: KEY, baseUrl: `${api!.url}/v1/`, organization } },
  });
  const sleeps: number[] = [];
  fake.ctx.sleep = async (ms) => void sleeps.push(ms);
  const outcome = await openai.execute(fake.ctx).then(
    (result) => ({ items: result.outputs.main ?? [], error: undefined }),
    (error: Error) => ({ items: [] as Item[], error }),
  );
  return { ...outcome, logs: fake.logs, sleeps };
}

const completion = (content: string, usage = { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 }) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage,
});

describe('OpenAI node: chat', () => {
  it('sends the instructions, message, temperature and JSON mode, and reads the JSON answer', async () => {
    const server = await serve(() => ({ body: completion('{"category":"billing","urgent":true}') }));
    const { items, logs, error } = await run(
      { model: 'gpt-4o', system: 'Sort emails. Reply in JSON.', prompt: 'My invoice is wrong!', jsonOutput: true, temperature: 0 },
      [{}],
      'org-7',
    );
    expect(error).toBeUndefined();
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(req.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'openai-organization': 'org-7',
      'content-type': 'application/json',
    });
    expect(req.body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Sort emails. Reply in JSON.' },
        { role: 'user', content: 'My invoice is wrong!' },
      ],
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(items).toEqual([
      {
        answer: '{"category":"billing","urgent":true}',
        json: { category: 'billing', urgent: true },
        model: 'gpt-4o-mini-2024-07-18',
        finishReason: 'stop',
        usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
      },
    ]);
    expect(logs.at(-1)?.message).toBe('Tokens used: 30 (20 in the messages, 10 in the answers), in 1 request.');
    expect(JSON.stringify(logs)).not.toContain(KEY);
  });

  it('uses the default model, leaves temperature to the model, and adds up the tokens of every item', async () => {
    const server = await serve((_req, n) => ({
      body: completion(`answer ${n}`, { prompt_tokens: 5 * n, completion_tokens: n, total_tokens: 6 * n }),
    }));
    const { items, logs } = await run({ prompt: 'Say hi' }, [{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(server.requests.map((r) => r.body)).toEqual(
      Array(3).fill({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }] }),
    );
    expect(items.map((i) => i.answer)).toEqual(['answer 1', 'answer 2', 'answer 3']);
    expect(items.every((i) => !('json' in i))).toBe(true);
    expect(logs.at(-1)?.message).toBe('Tokens used: 36 (30 in the messages, 6 in the answers), in 3 requests.');
  });

  it('asks for the word JSON in the message when "Answer as JSON" is on', () => {
    const issues = openai.config.safeParse({ credential: 'c', prompt: 'Sort this email', jsonOutput: true }).error?.issues;
    expect(issues?.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'prompt',
        'With "Answer as JSON" on, ask for JSON in the message or the instructions, like "Reply in JSON with the fields name and city."',
      ],
    ]);
    expect(openai.config.safeParse({}).error?.issues.map((i) => i.message)).toEqual([
      'Choose a saved API key, or create one under Credentials.',
    ]);
  });

  it('fails in plain words when the JSON answer is not JSON', async () => {
    await serve(() => ({ body: completion('Sure! Here it is: {category: billing') }));
    const { error } = await run({ prompt: 'Reply in JSON', jsonOutput: true });
    expect(error?.message).toBe('The answer is not valid JSON: Sure! Here it is: {category: billing');
  });
});

describe('OpenAI node: embeddings', () => {
  it('turns the text into an embedding, with its usage', async () => {
    const server = await serve(() => ({
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, -0.2, 0.3] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 4, total_tokens: 4 },
      },
    }));
    const { items, logs } = await run({ operation: 'embeddings', input: 'A red bicycle' });
    expect(server.requests[0]).toMatchObject({ url: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: 'A red bicycle' } });
    expect(items).toEqual([
      { embedding: [0.1, -0.2, 0.3], dimensions: 3, model: 'text-embedding-3-small', usage: { prompt_tokens: 4, total_tokens: 4 } },
    ]);
    expect(logs.at(-1)?.message).toBe('Tokens used: 4, in 1 request.');
  });
});

describe('OpenAI node: rate limits and errors', () => {
  it('waits as retry-after-ms says after a 429, then goes on', async () => {
    const server = await serve((_req, n) =>
      n === 1
        ? {
            status: 429,
            headers: { 'retry-after-ms': '1500', 'retry-after': '2' },
            body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
          }
        : { body: completion('ok') },
    );
    const { items, sleeps, logs } = await run({ prompt: 'Hi' });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1500]);
    expect(items[0].answer).toBe('ok');
    expect(logs.find((l) => l.level === 'warn')?.message).toMatch(
      /^The AI service at 127\.0\.0\.1:\d+ asked to slow down \(status 429\): waiting 1\.5 s/,
    );
  });

  it('waits until the used-up limit resets when no Retry-After is given', async () => {
    await serve((_req, n) =>
      n === 1
        ? {
            status: 429,
            headers: {
              'x-ratelimit-remaining-requests': '10',
              'x-ratelimit-reset-requests': '1s',
              'x-ratelimit-remaining-tokens': '0',
              'x-ratelimit-reset-tokens': '2.5s',
            },
            body: { error: { message: 'tokens' } },
          }
        : { body: completion('ok') },
    );
    expect((await run({ prompt: 'Hi' })).sleeps).toEqual([2500]);
    expect([parseDuration('6m0s'), parseDuration('20ms'), parseDuration('1h2m3.5s'), parseDuration('soon')]).toEqual([
      360_000,
      20,
      3_723_500,
      null,
    ]);
  });

  it('does not wait when the account has no credit left', async () => {
    const server = await serve(() => ({
      status: 429,
      body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } },
    }));
    const { error, sleeps } = await run({ prompt: 'Hi' });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error?.message).toMatch(
      /refused: the account has no credit left \(status 429\)\. Add credit .* It said: You exceeded your current quota\.$/,
    );
  });

  it('says in plain words when the key is refused or the model does not exist', async () => {
    await serve((req) =>
      (req.body as { model: string }).model === 'gpt-nope'
        ? { status: 404, body: { error: { message: 'The model `gpt-nope` does not exist', code: 'model_not_found' } } }
        : { status: 401, body: { error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' } } },
    );
    const refused = await run({ prompt: 'Hi' });
    expect(refused.error?.message).toMatch(/^The AI service at 127\.0\.0\.1:\d+ refused the API key \(status 401\)/);
    expect(refused.error?.message).not.toContain(KEY);
    const noModel = await run({ prompt: 'Hi', model: 'gpt-nope' });
    expect(noModel.error?.message).toMatch(
      /has no model "gpt-nope", or this key may not use it \(status 404\)\. Check the model name\. It said: The model `gpt-nope` does not exist$/,
    );
  });
});
