import { z } from 'zod';
import { defineNode, field, MAIN, type FieldMeta, type Item, type NodeContext } from './types';
import { requiredCredentialField } from './lib/credential-field';
import { optionalTextField } from './lib/fields';
import {
  describeRateLimit,
  gitHubRequest,
  loadGitHubCredential,
  type GitHubCredential,
  type GitHubRateLimit,
  type GitHubRequest,
} from './lib/github-api';
import { isPlainObject, toText } from './lib/values';

const OPERATIONS = ['listRepos', 'listIssues', 'listPulls', 'createIssue', 'createComment', 'getFile'] as const;
type Operation = (typeof OPERATIONS)[number];
const IN_A_REPOSITORY: Operation[] = ['listIssues', 'listPulls', 'createIssue', 'createComment', 'getFile'];
const LISTS: Operation[] = ['listRepos', 'listIssues', 'listPulls'];
const PER_PAGE = 100;

const shownFor = (...operations: Operation[]): FieldMeta['showWhen'] => ({ operation: operations });

const config = z
  .object({
    credential: requiredCredentialField(
      ['github-token'],
      { label: 'GitHub token', help: 'A token saved under Credentials: it stays encrypted and out of the workflow.' },
      'Choose a saved GitHub token, or create one under Credentials.',
    ),
    operation: field(z.enum(OPERATIONS).default('listIssues'), {
      label: 'What to do',
      widget: 'select',
      optionLabels: {
        listRepos: 'List repositories',
        listIssues: 'List issues',
        listPulls: 'List pull requests',
        createIssue: 'Create an issue',
        createComment: 'Comment on an issue or pull request',
        getFile: 'Get a file',
      },
    }),
    account: field(z.string().trim().default(''), {
      label: 'Whose repositories',
      help: 'A user or organization name. Leave empty for your own, private ones included.',
      placeholder: 'octocat',
      showWhen: shownFor('listRepos'),
    }),
    repository: field(z.string().trim().default(''), {
      label: 'Repository',
      help: 'The owner and the name, as in github.com/owner/name. The full github.com address works too.',
      placeholder: 'octocat/Hello-World',
      showWhen: shownFor(...IN_A_REPOSITORY),
    }),
    state: field(z.enum(['open', 'closed', 'all']).default('open'), {
      label: 'Which ones',
      widget: 'select',
      optionLabels: { open: 'Open', closed: 'Closed', all: 'Open and closed' },
      showWhen: shownFor('listIssues', 'listPulls'),
    }),
    maxItems: field(
      z.coerce
        .number({ error: 'Enter a whole number.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(10_000, 'Enter at most 10000.')
        .default(500),
      {
        label: 'At most',
        help: 'GitHub sends 100 at a time; the step asks for more until it has this many or there are no more.',
        widget: 'number',
        showWhen: shownFor(...LISTS),
      },
    ),
    title: optionalTextField({ label: 'Title', placeholder: 'Order {{ $json.id }} failed', showWhen: shownFor('createIssue') }),
    body: optionalTextField({
      label: 'Text',
      help: 'Formatting with Markdown works, like **bold**.',
      widget: 'textarea',
      showWhen: shownFor('createIssue', 'createComment'),
    }),
    labels: optionalTextField({
      label: 'Labels',
      help: 'Optional, separated by commas, like bug, help wanted.',
      showWhen: shownFor('createIssue'),
    }),
    issueNumber: field(
      z.coerce
        .number({ error: 'Enter the number, like 42.' })
        .int('Enter a whole number, like 42.')
        .min(1, 'Enter the number, like 42.')
        .optional(),
      {
        label: 'Issue or pull request number',
        help: 'The number after # on GitHub, like 42.',
        widget: 'number',
        showWhen: shownFor('createComment'),
      },
    ),
    path: field(z.string().trim().default(''), {
      label: 'File',
      help: 'Its path in the repository, with folders, like docs/setup.md.',
      placeholder: 'README.md',
      showWhen: shownFor('getFile'),
    }),
    ref: field(z.string().trim().default(''), {
      label: 'Branch, tag or commit',
      help: 'Leave empty for the default branch.',
      showWhen: shownFor('getFile'),
    }),
  })
  .superRefine((cfg, ctx) => {
    const need = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (IN_A_REPOSITORY.includes(cfg.operation)) {
      if (cfg.repository === '') need('repository', 'Enter the repository, like octocat/Hello-World.');
      else if (!repositoryOf(cfg.repository))
        need('repository', `"${cfg.repository}" is not a repository: write it as owner/name, like octocat/Hello-World.`);
    }
    if (cfg.operation === 'createIssue' && cfg.title.trim() === '') need('title', 'Enter the title of the issue.');
    if (cfg.operation === 'createComment') {
      if (cfg.issueNumber === undefined) need('issueNumber', 'Enter the number of the issue or pull request to comment on.');
      if (cfg.body.trim() === '') need('body', 'Enter the text of the comment.');
    }
    if (cfg.operation === 'getFile' && cfg.path.replace(/^\/+/, '') === '') need('path', 'Enter the path of the file, like README.md.');
  });
type GitHubConfig = z.output<typeof config>;

interface Repository {
  owner: string;
  name: string;
}

/** `owner/name`, or a github.com address (of the repository or a page in it). */
function repositoryOf(value: string): Repository | null {
  const path = value
    .replace(/^https?:\/\/[^/]+\//i, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
  const [owner, name] = path.split('/');
  const valid = (part: string | undefined) => part !== undefined && /^[A-Za-z0-9_.-]+$/.test(part);
  return valid(owner) && valid(name) ? { owner: owner!, name: name! } : null;
}

function repoPath(cfg: GitHubConfig): { path: string; label: string } {
  const repo = repositoryOf(cfg.repository);
  if (!repo) throw new Error(`"${cfg.repository}" is not a repository: write it as owner/name, like octocat/Hello-World.`);
  return { path: `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`, label: `${repo.owner}/${repo.name}` };
}

const repoNotFound = (label: string) =>
  `GitHub found no repository "${label}" (status 404). Check the owner and the name; a private repository needs a token that may read it.`;

interface Step {
  items: Item[];
  rateLimit: GitHubRateLimit | null;
}

type Ctx = NodeContext<GitHubConfig>;

/** Follows the Link header from page to page until `max` entries are in or there are no more. */
async function list(
  ctx: Ctx,
  cred: GitHubCredential,
  path: string,
  query: Record<string, string>,
  max: number,
  notFound: string,
  keep: (entry: Item) => boolean = () => true,
): Promise<Step> {
  const items: Item[] = [];
  let rateLimit: GitHubRateLimit | null = null;
  let page: string | URL = path;
  for (;;) {
    const answer = await gitHubRequest(ctx, cred, { method: 'GET', path: page, query: { ...query, per_page: String(PER_PAGE) }, notFound });
    rateLimit = answer.rateLimit ?? rateLimit;
    if (!Array.isArray(answer.data))
      throw new Error('GitHub answered with something other than a list: is the API address in the credential right?');
    for (const entry of answer.data) {
      if (isPlainObject(entry) && keep(entry)) items.push({ ...entry, _rateLimit: answer.rateLimit });
      if (items.length >= max) return { items, rateLimit };
    }
    if (!answer.next) return { items, rateLimit };
    page = answer.next;
  }
}

async function single(ctx: Ctx, cred: GitHubCredential, req: GitHubRequest): Promise<Step> {
  const answer = await gitHubRequest(ctx, cred, req);
  if (!isPlainObject(answer.data))
    throw new Error('GitHub answered with something unexpected: is the API address in the credential right?');
  return { items: [{ ...answer.data, _rateLimit: answer.rateLimit }], rateLimit: answer.rateLimit };
}

/** A file's text, or its bytes as base64 when they are not text (an image, a zip). */
function fileItem(data: Item): Item {
  const raw = typeof data.content === 'string' ? data.content : '';
  const bytes = Buffer.from(raw, 'base64');
  let content: string;
  let encoding: 'utf-8' | 'base64' = 'utf-8';
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    content = bytes.toString('base64');
    encoding = 'base64';
  }
  return { name: data.name, path: data.path, sha: data.sha, size: data.size, url: data.html_url, encoding, content };
}

async function getFile(ctx: Ctx, cred: GitHubCredential, cfg: GitHubConfig): Promise<Step> {
  const repo = repoPath(cfg);
  const file = cfg.path.replace(/^\/+/, '');
  const where = cfg.ref ? ` on "${cfg.ref}"` : '';
  const answer = await gitHubRequest(ctx, cred, {
    method: 'GET',
    path: `${repo.path}/contents/${file.split('/').map(encodeURIComponent).join('/')}`,
    query: cfg.ref ? { ref: cfg.ref } : {},
    notFound: `GitHub found no file "${file}"${where} in ${repo.label} (status 404). Check the path (letter case counts), the branch, and that the token may read the repository.`,
  });
  if (Array.isArray(answer.data))
    throw new Error(`"${file}" in ${repo.label} is a folder, not a file. Enter the path of a file in it, like ${file}/README.md.`);
  if (!isPlainObject(answer.data))
    throw new Error('GitHub answered with something unexpected: is the API address in the credential right?');
  if (answer.data.type !== 'file') throw new Error(`"${file}" in ${repo.label} is not a file (it is a ${toText(answer.data.type)}).`);
  if (answer.data.encoding !== 'base64') {
    throw new Error(
      `"${file}" is too large for GitHub to send this way (over 1 MB). Use an HTTP request step with its download address: ${toText(answer.data.download_url)}`,
    );
  }
  return { items: [{ ...fileItem(answer.data), _rateLimit: answer.rateLimit }], rateLimit: answer.rateLimit };
}

function perform(ctx: Ctx, cred: GitHubCredential, cfg: GitHubConfig): Promise<Step> {
  const state = { state: cfg.state };
  switch (cfg.operation) {
    case 'listRepos': {
      const account = cfg.account.replace(/^@/, '');
      return account
        ? list(
            ctx,
            cred,
            `/users/${encodeURIComponent(account)}/repos`,
            {},
            cfg.maxItems,
            `GitHub found no user or organization "${account}" (status 404). Check the name.`,
          )
        : list(ctx, cred, '/user/repos', { sort: 'updated' }, cfg.maxItems, 'GitHub found no account for this token (status 404).');
    }
    case 'listIssues': {
      const repo = repoPath(cfg);
      // GitHub lists pull requests among the issues; "List pull requests" is there for those.
      return list(
        ctx,
        cred,
        `${repo.path}/issues`,
        state,
        cfg.maxItems,
        repoNotFound(repo.label),
        (entry) => entry.pull_request === undefined,
      );
    }
    case 'listPulls': {
      const repo = repoPath(cfg);
      return list(ctx, cred, `${repo.path}/pulls`, state, cfg.maxItems, repoNotFound(repo.label));
    }
    case 'createIssue': {
      const repo = repoPath(cfg);
      const labels = cfg.labels
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean);
      const body = { title: cfg.title.trim(), body: cfg.body, ...(labels.length ? { labels } : {}) };
      return single(ctx, cred, { method: 'POST', path: `${repo.path}/issues`, body, notFound: repoNotFound(repo.label) });
    }
    case 'createComment': {
      const repo = repoPath(cfg);
      const notFound = `GitHub found no issue or pull request #${cfg.issueNumber} in ${repo.label} (status 404). Check the number and the repository.`;
      return single(ctx, cred, {
        method: 'POST',
        path: `${repo.path}/issues/${cfg.issueNumber}/comments`,
        body: { body: cfg.body },
        notFound,
      });
    }
    case 'getFile':
      return getFile(ctx, cred, cfg);
  }
}

export default defineNode({
  id: 'github',
  version: 1,
  category: 'action',
  group: 'API',
  displayName: 'GitHub',
  description: 'Lists repositories, issues and pull requests, creates issues and comments, reads files.',
  icon: 'git-branch',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    credential: 'cred_example',
    operation: 'createIssue',
    repository: 'octocat/Hello-World',
    title: 'Order {{ $json.id }} failed',
    body: 'The shop said: {{ $json.error }}',
    labels: 'bug',
  },
  async execute(ctx) {
    // The credential field takes no expressions: the same token for every item.
    const cred = await loadGitHubCredential(ctx, ctx.config.credential);
    const out: Item[] = [];
    let rateLimit: GitHubRateLimit | null = null;
    // One item at a time, in order: GitHub limits parallel requests, and results keep their order.
    for (const [index, item] of (ctx.inputs.main ?? []).entries()) {
      const step = await perform(ctx, cred, ctx.configFor(item, index));
      out.push(...step.items);
      rateLimit = step.rateLimit ?? rateLimit;
    }
    if (rateLimit) ctx.log.info(`GitHub rate limit: ${describeRateLimit(rateLimit)}.`);
    return { outputs: { main: out } };
  },
});
