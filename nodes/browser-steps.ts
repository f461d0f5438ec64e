import { z } from 'zod';
import { defineNode, field, MAIN, type Item } from './types';
import {
  chooseOption,
  click,
  goTo,
  pressKey,
  readOne,
  scrollTo,
  scrollToBottom,
  setChecked,
  typeInto,
  waitForElement,
} from './lib/browser-actions';
import { SELECTOR_HELP, waitField } from './lib/browser-fields';
import { currentPage, firstLine, passOn } from './lib/browser-page';

const ACTIONS = {
  open: 'Open web address (value: the URL)',
  click: 'Click',
  type: 'Type text (value: the text)',
  select: 'Choose from list (value: the option)',
  check: 'Tick box',
  uncheck: 'Untick box',
  press: 'Press key (value: the key, like Enter)',
  waitFor: 'Wait for element',
  waitTime: 'Wait seconds (value: how many)',
  scrollTo: 'Scroll to element',
  scrollBottom: 'Scroll to the bottom',
  read: 'Read text (value: the field to put it in)',
} as const;
type Action = keyof typeof ACTIONS;

const NEEDS_SELECTOR = new Set<Action>(['click', 'type', 'select', 'check', 'uncheck', 'waitFor', 'scrollTo', 'read']);
const NEEDS_VALUE = new Set<Action>(['open', 'select', 'press', 'waitTime', 'read']);

const step = z.object({
  action: field(z.enum(Object.keys(ACTIONS) as [Action, ...Action[]]).default('click'), {
    label: 'Action',
    widget: 'select',
    optionLabels: ACTIONS,
  }),
  selector: field(z.string().trim().default(''), { label: 'Element (selector)', help: SELECTOR_HELP }),
  value: field(z.string().default(''), { label: 'Value' }),
});
type Step = z.output<typeof step>;

const config = z.object({
  steps: field(z.array(step).default([]), {
    label: 'Steps',
    help: 'Done in order, top to bottom, on the page a "Browser: open page" step opened. "Open web address" goes to another page in the same browser.',
    widget: 'list',
  }),
  waitMs: waitField(),
});

function check(s: Step, where: string): void {
  if (NEEDS_SELECTOR.has(s.action) && !s.selector) throw new Error(`${where}: enter the element (its selector).`);
  if (NEEDS_VALUE.has(s.action) && s.value.trim() === '') throw new Error(`${where}: enter the value.`);
}

export default defineNode({
  id: 'browser-steps',
  version: 1,
  category: 'action',
  group: 'Browser',
  displayName: 'Browser: several steps',
  description: 'Does a list of browser actions in order (open, click, type, wait, read…) in one step.',
  icon: 'browser',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    steps: [
      { action: 'type', selector: '#email', value: '{{ $json.email }}' },
      { action: 'click', selector: 'role=button[name="Sign in"]', value: '' },
      { action: 'read', selector: '.welcome', value: 'greeting' },
    ],
  },
  async execute(ctx) {
    const { steps, waitMs } = ctx.config;
    if (steps.length === 0) throw new Error('Add at least one step.');
    steps.forEach((s, i) => check(s, `Step ${i + 1} (${ACTIONS[s.action]})`));
    const read: Item = {};
    for (const [i, s] of steps.entries()) {
      const page = currentPage(ctx);
      const target = { selector: s.selector, waitMs };
      try {
        if (s.action === 'open') await goTo(ctx, page, s.value, 'load', Math.max(waitMs, 30_000));
        else if (s.action === 'click') await click(ctx, page, target, { waitForLoad: true });
        else if (s.action === 'type') await typeInto(ctx, page, target, s.value);
        else if (s.action === 'select') await chooseOption(ctx, page, target, s.value, 'label');
        else if (s.action === 'check' || s.action === 'uncheck') await setChecked(ctx, page, target, s.action === 'check');
        else if (s.action === 'press') await pressKey(ctx, page, s.value.trim(), s.selector ? target : null);
        else if (s.action === 'waitFor') await waitForElement(ctx, page, target, 'visible');
        else if (s.action === 'waitTime') await ctx.sleep(seconds(s.value) * 1000);
        else if (s.action === 'scrollTo') await scrollTo(ctx, page, target);
        else if (s.action === 'scrollBottom') await scrollToBottom(ctx, page, 1, 500);
        else read[s.value.trim()] = await readOne(ctx, page, target, 'text');
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw new Error(`Step ${i + 1} (${ACTIONS[s.action]}): ${firstLine(error)}`);
      }
    }
    ctx.log.info(`Did ${steps.length} step${steps.length === 1 ? '' : 's'}.`);
    return { outputs: { main: Object.keys(read).length ? [read] : passOn(ctx) } };
  },
});

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new Error(`"${value}" is not a number of seconds (0 to 3600).`);
  return n;
}
