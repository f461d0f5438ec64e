import { afterEach, describe, expect, it } from 'vitest';
import github from '../../../nodes/github';
import githubToken from '../../../nodes/credentials/github-token';
import { nodeCatalog } from '../../../nodes';
import { fieldsOf, isShown } from '../../../app/workflows/[id]/lib/schema-fields';
import type { Item } from '../../../nodes/types';
import { fakeCtx } from './fake-ctx';
import { startLocalApi, type LocalApi, type Reply, type ReceivedRequest } from './local-api';

const TOKEN = 'ghp_secretToken123';
let api: LocalApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(handler: (req: ReceivedRequest, n: number) => Reply): Promise<LocalApi> {
  api = await startLocalApi(handler);
  return api;
}

/** Runs the node against the local server; waits are recorded instead of slept. */
async function run(config: Record<string, unknown>, inputs: Item[] = [{}]) {
  const fake = fakeCtx(github, {
    config: { credential: 'cred_gh', ...config },
    inputs: { main: inputs },
    credentials: { cred_gh: { type: 'github-token', token: TOKEN, baseUrl: api!.url } },
  });
  const sleeps: number[] = [];
  fake.ctx.sleep = async (ms) => void sleeps.push(ms);
  const outcome = await github.execute(fake.ctx).then(
    (result) => ({ items: result.outputs.main ?? [], error: undefined }),
    (error: Error) => ({ items: [] as Item[], error }),
  );
  return { ...outcome, logs: fake.logs, sleeps };
}

const resetAt = Math.floor(Date.UTC(2030, 0, 1, 14, 5) / 1000);
const rateHeaders = (remaining: number, reset = resetAt) => ({
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-used': String(5000 - remaining),
  'x-ratelimit-reset': String(reset),
  'x-ratelimit-resource': 'core',
});

describe('GitHub node: lists', () => {
  it('follows the Link header over three pages and leaves pull requests out of "List issues"', async () => {
    const server = await serve((req) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1');
      const base = `${api!.url}/repos/octo/hello/issues?state=open&per_page=100`;
      const links: Record<string, string> =
        page < 3 ? { link: `<${base}&page=${page + 1}>; rel="next", <${base}&page=3>; rel="last"` } : {};
      const issues = [{ number: page * 10 + 1 }, { number: page * 10 + 2 }];
      if (page === 2) issues.push({ number: 99, pull_request: { url: 'x' } } as never);
      return { headers: { ...rateHeaders(5000 - page), ...links }, body: issues };
    });
    const { items, logs, error } = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(error).toBeUndefined();
    expect(server.requests.map((r) => r.url)).toEqual([
      '/repos/octo/hello/issues?state=open&per_page=100',
      '/repos/octo/hello/issues?state=open&per_page=100&page=2',
      '/repos/octo/hello/issues?state=open&per_page=100&page=3',
    ]);
    expect(server.requests[0].headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'user-agent': 'TaskMaster',
      accept: 'application/vnd.github+json',
    });
    expect(items.map((i) => i.number)).toEqual([11, 12, 21, 22, 31, 32]);
    // Each item carries the rate limit of the page it came from.
    expect(items[0]._rateLimit).toEqual({ remaining: 4999, limit: 5000, used: 1, resetsAt: '2030-01-01T14:05:00.000Z', resource: 'core' });
    expect(items[5]._rateLimit).toMatchObject({ remaining: 4997 });
    expect(logs.at(-1)?.message).toMatch(/^GitHub rate limit: 4,997 of 5,000 requests left; resets at 14:05 UTC \(in .+\)\.$/);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it('stops asking for pages once "At most" items are in', async () => {
    const server = await serve((req) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1');
      const body = Array.from({ length: 100 }, (_, i) => ({ number: (page - 1) * 100 + i + 1 }));
      return { headers: { link: `<${api!.url}/repos/octo/hello/pulls?page=${page + 1}>; rel="next"` }, body };
    });
    const { items } = await run({ operation: 'listPulls', repository: 'octo/hello', state: 'all', maxItems: 150 });
    expect(items).toHaveLength(150);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].url).toBe('/repos/octo/hello/pulls?state=all&per_page=100');
  });

  it('lists your own repositories, or those of the account given', async () => {
    const server = await serve((req) => ({ body: [{ full_name: req.url.startsWith('/user/') ? 'me/mine' : 'octo/theirs' }] }));
    expect((await run({ operation: 'listRepos' })).items.map((i) => i.full_name)).toEqual(['me/mine']);
    expect((await run({ operation: 'listRepos', account: '@octo' })).items.map((i) => i.full_name)).toEqual(['octo/theirs']);
    expect(server.requests.map((r) => r.url)).toEqual(['/user/repos?sort=updated&per_page=100', '/users/octo/repos?per_page=100']);
  });

  it('does not send the token to another server a next link points to', async () => {
    await serve(() => ({ headers: { link: '<https://elsewhere.example/page2>; rel="next"' }, body: [{ number: 1 }] }));
    const { error } = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(error?.message).toMatch(/next page to another server \(elsewhere\.example\); stopped so the token is not sent there/);
  });
});

describe('GitHub node: rate limits', () => {
  it('waits as Retry-After says after a 429, then goes on', async () => {
    const server = await serve((_req, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '2' }, body: { message: 'slow down' } }
        : { headers: rateHeaders(4000), body: [{ number: 1 }] },
    );
    const { items, sleeps, logs, error } = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    expect(items.map((i) => i.number)).toEqual([1]);
    expect(logs.find((l) => l.level === 'warn')?.message).toBe(
      'GitHub asked to slow down (status 429): waiting 2 s, then trying again (1 of 3 extra tries).',
    );
  });

  it('waits until the reset when the hourly limit is used up (403, none left)', async () => {
    const soon = Math.floor(Date.now() / 1000) + 10;
    await serve((_req, n) =>
      n === 1
        ? { status: 403, headers: rateHeaders(0, soon), body: { message: 'API rate limit exceeded' } }
        : { headers: rateHeaders(4999), body: [{ number: 1 }] },
    );
    const { items, sleeps } = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(items).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(8000);
    expect(sleeps[0]).toBeLessThanOrEqual(11_000);
  });

  it('fails at once, saying when the limit resets, when that is too far ahead', async () => {
    const server = await serve(() => ({ status: 403, headers: rateHeaders(0), body: { message: 'API rate limit exceeded' } }));
    const { error, sleeps } = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error?.message).toMatch(
      /^GitHub's rate limit is used up \(0 of 5,000 requests left; resets at 14:05 UTC .*\)\. GitHub asks to wait .* run it again later/,
    );
  });

  it('gives up after three extra tries, waiting longer each time', async () => {
    const server = await serve(() => ({ status: 429, body: { message: 'secondary rate limit' } }));
    const { error, sleeps } = await run({ operation: 'createIssue', repository: 'octo/hello', title: 'Hi' });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(error?.message).toMatch(/kept refusing requests because of its rate limit/);
  });

  it("shows the rate limit in the credential's test message", async () => {
    await serve((req) => (req.url === '/user' ? { headers: rateHeaders(4321), body: { login: 'octocat' } } : { status: 404 }));
    const message = await githubToken.test!(
      { token: TOKEN, baseUrl: api!.url },
      { fetch, resolveHost: async (host: string) => host, signal: AbortSignal.timeout(10_000) },
    );
    expect(message).toMatch(/^Signed in to GitHub as octocat\. Rate limit: 4,321 of 5,000 requests left; resets at 14:05 UTC \(in .+\)\.$/);
  });
});

describe('GitHub node: create and read', () => {
  it('creates an issue with its title, text and labels', async () => {
    const server = await serve(() => ({
      status: 201,
      headers: rateHeaders(4990),
      body: { number: 42, html_url: 'https://github.com/octo/hello/issues/42' },
    }));
    const { items, error } = await run({
      operation: 'createIssue',
      repository: 'https://github.com/octo/hello',
      title: ' Order 7 failed ',
      body: 'It **broke**.',
      labels: 'bug, help wanted,',
    });
    expect(error).toBeUndefined();
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/repos/octo/hello/issues',
      body: { title: 'Order 7 failed', body: 'It **broke**.', labels: ['bug', 'help wanted'] },
    });
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    expect(items).toEqual([
      { number: 42, html_url: 'https://github.com/octo/hello/issues/42', _rateLimit: expect.objectContaining({ remaining: 4990 }) },
    ]);
  });

  it('comments on an issue or pull request', async () => {
    const server = await serve(() => ({ status: 201, body: { id: 5, body: 'Thanks!' } }));
    const { items } = await run({ operation: 'createComment', repository: 'octo/hello', issueNumber: '7', body: 'Thanks!' });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/repos/octo/hello/issues/7/comments', body: { body: 'Thanks!' } });
    expect(items[0]).toMatchObject({ id: 5, _rateLimit: null });
  });

  it('reads a file, decoded from base64, and keeps bytes that are not text as base64', async () => {
    const text = 'Héllo\nwörld\n';
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00]);
    const server = await serve((req) => {
      const binary = req.url.includes('logo');
      const content = (binary ? bytes : Buffer.from(text)).toString('base64').replace(/(.{8})/g, '$1\n');
      return {
        body: { type: 'file', encoding: 'base64', name: 'x', path: 'docs/read me.md', sha: 'abc', size: 13, html_url: 'h', content },
      };
    });
    const file = await run({ operation: 'getFile', repository: 'octo/hello', path: '/docs/read me.md', ref: 'main' });
    expect(server.requests[0].url).toBe('/repos/octo/hello/contents/docs/read%20me.md?ref=main');
    expect(file.items[0]).toMatchObject({ path: 'docs/read me.md', encoding: 'utf-8', content: text, sha: 'abc' });
    const image = await run({ operation: 'getFile', repository: 'octo/hello', path: 'logo.png' });
    expect(image.items[0]).toMatchObject({ encoding: 'base64', content: bytes.toString('base64') });
  });

  it('says in plain words when GitHub refuses the token or finds nothing', async () => {
    await serve((req) =>
      req.url.includes('secret-repo')
        ? { status: 404, body: { message: 'Not Found' } }
        : req.url.includes('contents')
          ? { status: 404, body: { message: 'Not Found' } }
          : { status: 401, body: { message: 'Bad credentials' } },
    );
    const refused = await run({ operation: 'listIssues', repository: 'octo/hello' });
    expect(refused.error?.message).toMatch(
      /^GitHub refused the token \(status 401\): it is wrong, expired or was revoked.* GitHub said: Bad credentials$/,
    );
    expect(refused.error?.message).not.toContain(TOKEN);
    const missing = await run({ operation: 'listIssues', repository: 'octo/secret-repo' });
    expect(missing.error?.message).toBe(
      'GitHub found no repository "octo/secret-repo" (status 404). Check the owner and the name; a private repository needs a token that may read it.',
    );
    const noFile = await run({ operation: 'getFile', repository: 'octo/hello', path: 'nope.md' });
    expect(noFile.error?.message).toMatch(/^GitHub found no file "nope\.md" in octo\/hello \(status 404\)/);
    // The worker masks granted secrets everywhere; the node itself never puts the token in its logs.
    expect(JSON.stringify([refused.logs, missing.logs])).not.toContain(TOKEN);
  });
});

describe('GitHub node: form', () => {
  it('asks for what the chosen operation needs, in plain words', () => {
    const issues = (config: Record<string, unknown>) =>
      github.config.safeParse({ credential: 'c', ...config }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(github.config.safeParse({}).error?.issues.map((i) => i.message)).toEqual([
      'Choose a saved GitHub token, or create one under Credentials.',
    ]);
    expect(issues({ operation: 'listRepos' })).toBeUndefined();
    expect(issues({ operation: 'listIssues' })).toEqual(['repository: Enter the repository, like octocat/Hello-World.']);
    expect(issues({ operation: 'listIssues', repository: 'just-a-name' })).toEqual([
      'repository: "just-a-name" is not a repository: write it as owner/name, like octocat/Hello-World.',
    ]);
    expect(issues({ operation: 'createComment', repository: 'o/r' })).toEqual([
      'issueNumber: Enter the number of the issue or pull request to comment on.',
      'body: Enter the text of the comment.',
    ]);
  });

  it('shows only the fields of the chosen operation', () => {
    const fields = fieldsOf(nodeCatalog().find((e) => e.id === 'github')?.configSchema);
    const shown = (config: Record<string, unknown>) => fields.filter((f) => isShown(f, fields, config)).map((f) => f.key);
    // No operation saved yet: the default one (List issues).
    expect(shown({})).toEqual(['credential', 'operation', 'repository', 'state', 'maxItems']);
    expect(shown({ operation: 'createIssue' })).toEqual(['credential', 'operation', 'repository', 'title', 'body', 'labels']);
    expect(shown({ operation: 'getFile' })).toEqual(['credential', 'operation', 'repository', 'path', 'ref']);
  });
});
