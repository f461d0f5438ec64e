import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import { currentPage, passOn } from './lib/browser-page';

const cookieSchema = z.object({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().optional(),
  path: z.string().optional(),
  url: z.string().optional(),
  expires: z.number().optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
});

const config = z.object({
  action: field(z.enum(['get', 'set', 'clear']).default('get'), {
    label: 'What to do',
    widget: 'select',
    optionLabels: { get: 'Read the cookies', set: 'Add cookies', clear: 'Delete cookies' },
  }),
  scope: field(z.enum(['page', 'all']).default('page'), {
    label: 'Which cookies',
    widget: 'select',
    optionLabels: { page: 'Those of the open page', all: 'All the browser has' },
  }),
  name: field(z.string().trim().default(''), { label: 'Only the cookie named (optional)', help: 'For reading and deleting.' }),
  cookies: field(z.unknown().optional(), {
    label: 'Cookies to add',
    help: 'A list like [{ "name": "consent", "value": "yes" }]. Without "domain" or "url", a cookie is set for the open page.',
    widget: 'json',
  }),
});

export default defineNode({
  id: 'browser-cookies',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: cookies',
  description: "Reads, adds or deletes the browser's cookies (they keep logins). Read cookies are stored in the run like any output.",
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { action: 'get', scope: 'page' },
  async execute(ctx) {
    const cfg = ctx.config;
    const page = currentPage(ctx);
    const context = page.context();
    const pageUrl = page.url().startsWith('http') ? page.url() : undefined;
    if (cfg.action === 'get') {
      const all = cfg.scope === 'page' && pageUrl ? await context.cookies(pageUrl) : await context.cookies();
      const items: Item[] = all.filter((c) => !cfg.name || c.name === cfg.name).map((c) => ({ ...c }));
      ctx.log.info(`Read ${items.length} cookie${items.length === 1 ? '' : 's'}.`);
      return { outputs: { main: items } };
    }
    if (cfg.action === 'clear') {
      const domain = cfg.scope === 'page' && pageUrl ? new URL(pageUrl).hostname : undefined;
      await context.clearCookies({ ...(cfg.name ? { name: cfg.name } : {}), ...(domain ? { domain } : {}) });
      ctx.log.info(`Deleted ${cfg.name ? `the cookie "${cfg.name}"` : 'the cookies'}${domain ? ` of ${domain}` : ''}.`);
      return { outputs: { main: passOn(ctx) } };
    }
    const raw = typeof cfg.cookies === 'string' ? parseJson(cfg.cookies) : cfg.cookies;
    const parsed = z.array(cookieSchema).safeParse(Array.isArray(raw) ? raw : [raw]);
    if (!parsed.success) {
      throw new Error(
        '"Cookies to add" must be a list of cookies, each with a "name" and a "value", like [{ "name": "consent", "value": "yes" }].',
      );
    }
    // Playwright needs a url, or a domain with a path.
    const cookies = parsed.data.map((c) => (c.url ? c : c.domain ? { path: '/', ...c } : { ...c, url: requireUrl(pageUrl) }));
    await context.addCookies(cookies);
    ctx.log.info(`Added ${cookies.length} cookie${cookies.length === 1 ? '' : 's'}.`);
    return { outputs: { main: passOn(ctx) } };
  },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('"Cookies to add" is not valid JSON. Write a list like [{ "name": "consent", "value": "yes" }].');
  }
}

function requireUrl(pageUrl: string | undefined): string {
  if (!pageUrl)
    throw new Error(
      'A cookie without "domain" or "url" is set for the open page, but no web page is open yet. Open one first, or give the cookie a "url".',
    );
  return pageUrl;
}
