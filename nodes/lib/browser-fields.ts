/** Config fields the Browser nodes share, so they read and behave the same in every form. */
import { z } from 'zod';
import { field } from '../types';

export const SELECTOR_HELP =
  'Which element on the page. CSS like #email or .price, text=Sign in for the element showing that text, ' +
  'or role=button[name="Save"] for a button by its name. If several match, the first is used.';

const SELECTOR_REQUIRED = 'Enter a selector: which element on the page, like #email or text=Sign in.';

export function selectorField(label = 'Element (selector)', help = SELECTOR_HELP) {
  return field(z.string({ error: SELECTOR_REQUIRED }).trim().min(1, SELECTOR_REQUIRED), {
    label,
    help,
    placeholder: '#email or text=Sign in',
    pick: true,
  });
}

/** How long a step waits for its element to appear and be usable. */
export function waitField(defaultMs = 10_000) {
  return field(
    z.coerce
      .number({ error: 'Enter a number of milliseconds.' })
      .int()
      .min(0, 'The wait cannot be negative.')
      .max(600_000, 'The wait can be at most 10 minutes (600000 ms).')
      .default(defaultMs),
    {
      label: 'Wait for the element up to (milliseconds)',
      help: "Pages often draw elements a moment after loading; the step waits this long before giving up. 0: don't wait, the element must be there already.",
      widget: 'number',
    },
  );
}

/** What a page load waits for, in the words the form shows. */
export const LOAD_STATES = ['load', 'domcontentloaded', 'networkidle'] as const;
export const LOAD_STATE_LABELS = {
  load: 'The page and its pictures have loaded',
  domcontentloaded: 'The page text has loaded (faster)',
  networkidle: 'Nothing more has loaded for half a second (for pages that load data late)',
};
