import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { goTo } from './lib/browser-actions';
import { LOAD_STATE_LABELS, LOAD_STATES } from './lib/browser-fields';
import { passOn, seconds } from './lib/browser-page';

const MAX_AT_ONCE = 10;
const URL_REQUIRED = 'Enter the web address (URL) of the page to open.';

const config = z.object({
  url: field(z.string({ error: URL_REQUIRED }).trim().min(1, URL_REQUIRED), {
    label: 'Web address (URL)',
    placeholder: 'https://example.com/login',
  }),
  items: field(z.enum(['first', 'each']).default('first'), {
    label: 'Open it',
    widget: 'select',
    expressions: false,
    optionLabels: { first: 'Once (with the first item)', each: 'For each incoming item: one page per item' },
    help: "For each incoming item: the page opens once per item, and the Browser steps right after this one work on that item's page. Each item gives its own output item, in order. Use the item's values in the address and selectors, like {{ $json.url }}.",
  }),
  atOnce: field(
    z.coerce
      .number({ error: 'Enter a number of pages.' })
      .int()
      .min(1, 'At least 1 page.')
      .max(MAX_AT_ONCE, `At most ${MAX_AT_ONCE} pages.`)
      .default(1),
    {
      label: 'Pages open at the same time',
      help: `1: one item after the other. Up to ${MAX_AT_ONCE}: that many items at once, each in its own tab of the same browser (sharing its cookies and sign-ins). When a step fails for an item, that step's "On error" setting decides: stop the run (items already done are kept), or go on with the other items (the failed one gets an "error" field).`,
      widget: 'number',
      expressions: false,
      showWhen: { items: ['each'] },
    },
  ),
  waitUntil: field(z.enum(LOAD_STATES).default('load'), {
    label: 'Go on when',
    widget: 'select',
    optionLabels: LOAD_STATE_LABELS,
  }),
  profileId: field(z.string().default(''), {
    label: 'Browser profile',
    help: 'The saved profile the browser uses: its cookies and logins, window size, language and proxy (see Browser profiles). None: a fresh browser that keeps nothing after the run.',
    widget: 'browser-profile',
    expressions: false,
  }),
  profileWaitSeconds: field(
    z.coerce
      .number({ error: 'Enter a number of seconds.' })
      .int()
      .min(0, 'The wait cannot be negative.')
      .max(3600, 'The wait can be at most 3600 seconds.')
      .default(60),
    {
      label: 'Wait for the profile up to (seconds)',
      help: 'A profile is used by one run at a time. When another run is using it, this step waits this long, then fails and names that run.',
      widget: 'number',
    },
  ),
  timeoutMs: field(
    z.coerce
      .number({ error: 'Enter a number of milliseconds.' })
      .int()
      .min(1000, 'Allow at least 1000 ms.')
      .max(600_000, 'The limit can be at most 600000 ms.')
      .default(30_000),
    { label: 'Give up loading after (milliseconds)', widget: 'number' },
  ),
});

export default defineNode({
  id: 'browser-open',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: open page',
  description: 'Opens a web page in a real browser; the Browser steps after it work on that page.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: { url: 'https://example.com/login', waitUntil: 'load' },
  eachItem(saved) {
    const parsed = config.pick({ items: true, atOnce: true }).safeParse(saved);
    if (!parsed.success) return saved.items === 'each' ? { atOnce: 1 } : null;
    return parsed.data.items === 'each' ? { atOnce: parsed.data.atOnce } : null;
  },
  async execute(ctx) {
    const cfg = ctx.config;
    if (!ctx.browser) {
      throw new Error(
        'Browser steps cannot run here: this TaskMaster process has no browser support. Run the workflow from the editor or with the worker.',
      );
    }
    const opened = await ctx.browser.open({
      profileId: cfg.profileId || null,
      profileWaitMs: cfg.profileWaitSeconds * 1000,
      signal: ctx.signal,
      onWait: (message) => ctx.log.info(message),
    });
    const who = cfg.profileId
      ? `the browser with the profile "${opened.profileName}"`
      : 'a temporary browser (nothing is kept after the run)';
    if (opened.reused) ctx.log.info(`Went on in ${who}, already open in this run.`);
    else
      ctx.log.info(
        `Started ${who} in ${seconds(opened.launchMs)}${opened.waitedMs >= 1000 ? ` after waiting ${seconds(opened.waitedMs)}` : ''}.`,
      );
    const page = await goTo(ctx, opened.page, cfg.url, cfg.waitUntil, cfg.timeoutMs);
    ctx.log.info(`Opened ${page.url}${page.title ? ` ("${page.title}")` : ''}${page.status ? `, status ${page.status}` : ''}.`);
    if (page.status !== null && page.status >= 400)
      ctx.log.warn(`The site answered with status ${page.status}: the page may be an error page.`);
    return { outputs: { main: passOn(ctx) } };
  },
});
