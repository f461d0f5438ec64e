/**
 * Proposes a selector for the element at a point of a live page, the way Playwright's own
 * selector generator ranks them: test id, then role and accessible name, then label/placeholder,
 * then visible text, then id, then CSS classes. Each candidate is counted by Playwright itself on
 * the page, and the first that matches exactly one element wins; so what we propose is what the
 * Browser steps will find.
 */
import type { Page } from 'playwright-core';

export interface PickedElement {
  /** The proposed selector, in the syntax of the Browser steps' selector fields. */
  selector: string;
  /** How many elements on the page it matches right now (1 is what we aim for). */
  count: number;
  /** The element's box in page pixels of the picture, to outline it. */
  box: { x: number; y: number; width: number; height: number };
  /** A few words about the element for the dialog: "button “Sign in”". */
  description: string;
  /** True for fields one types into (input, textarea, contenteditable). */
  typable: boolean;
}

interface Candidates {
  found: boolean;
  candidates: string[];
  box: { x: number; y: number; width: number; height: number };
  description: string;
  typable: boolean;
}

/**
 * Runs in the page (our own fixed code, sent as source). Finds the element at (x, y), moves up
 * to the element a person means (the button around an icon, the link around a text), and lists
 * selectors for it, most robust first.
 */
function candidatesAt(point: { x: number; y: number }): Candidates {
  const none = { found: false, candidates: [], box: { x: 0, y: 0, width: 0, height: 0 }, description: '', typable: false };
  let el = document.elementFromPoint(point.x, point.y);
  if (!el) return none;
  const meant = el.closest(
    'button, a[href], input, select, textarea, label, summary, [role], [data-testid], [contenteditable=""], [contenteditable="true"]',
  );
  if (meant) el = meant;
  const quote = (text: string) => JSON.stringify(text);
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const tag = el.tagName.toLowerCase();
  const input = el instanceof HTMLInputElement ? el : null;
  const type = input ? (input.type || 'text').toLowerCase() : '';
  const implicitRole = (): string => {
    if (tag === 'button' || (input && ['button', 'submit', 'reset', 'image'].includes(type))) return 'button';
    if (tag === 'a' && el!.hasAttribute('href')) return 'link';
    if (input && type === 'checkbox') return 'checkbox';
    if (input && type === 'radio') return 'radio';
    if (input && ['text', 'email', 'tel', 'url', 'search', 'password', ''].includes(type))
      return type === 'search' ? 'searchbox' : 'textbox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return 'combobox';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'img') return 'img';
    return '';
  };
  const role = el.getAttribute('role') ?? implicitRole();
  const labelText = (): string => {
    const labelled = el!.getAttribute('aria-labelledby');
    if (labelled)
      return clean(
        labelled
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    const aria = el!.getAttribute('aria-label');
    if (aria) return clean(aria);
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length > 0) return clean(labels[0].textContent);
    return '';
  };
  const label = labelText();
  const text = clean((el as HTMLElement).innerText ?? el.textContent);
  const name =
    label ||
    (input && ['button', 'submit', 'reset'].includes(type) ? clean(input.value) : '') ||
    (tag === 'img' ? clean(el.getAttribute('alt')) : '') ||
    (['button', 'link', 'heading', 'checkbox', 'radio', 'tab', 'menuitem', 'option'].includes(role) ? text : '') ||
    clean(el.getAttribute('title'));
  const candidates: string[] = [];
  const testId = el.getAttribute('data-testid');
  if (testId) candidates.push(`[data-testid=${quote(testId)}]`);
  if (role && name && name.length <= 80) candidates.push(`role=${role}[name=${quote(name)}]`);
  const placeholder = el.getAttribute('placeholder');
  if (placeholder) candidates.push(`[placeholder=${quote(placeholder)}]`);
  const fieldName = el.getAttribute('name');
  if (fieldName && (input || tag === 'select' || tag === 'textarea')) candidates.push(`${tag}[name=${quote(fieldName)}]`);
  if (text && text.length <= 60 && !input && tag !== 'select' && tag !== 'textarea') candidates.push(`text=${quote(text)}`);
  // Ids made by frameworks (":r1:", "ember123", long hex) change from one load to the next.
  if (el.id && /^[A-Za-z][\w-]{0,40}$/.test(el.id) && !/\d{3,}|[0-9a-f]{8,}/i.test(el.id)) candidates.push(`#${CSS.escape(el.id)}`);
  const classes = [...el.classList].filter((c) => /^[A-Za-z][\w-]*$/.test(c) && !/\d{3,}/.test(c)).slice(0, 3);
  if (classes.length > 0) candidates.push(`${tag}.${classes.map((c) => CSS.escape(c)).join('.')}`);
  candidates.push(cssPath(el));
  const rect = el.getBoundingClientRect();
  const description = `${role || tag}${name ? ` “${name.slice(0, 60)}”` : ''}`;
  const typable = Boolean(
    (input && !['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'file', 'range', 'color'].includes(type)) ||
      tag === 'textarea' ||
      (el as HTMLElement).isContentEditable,
  );
  return { found: true, candidates, box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height }, description, typable };

  function cssPath(start: Element): string {
    const parts: string[] = [];
    for (let node: Element | null = start; node && node !== document.documentElement; node = node.parentElement) {
      const parent: Element | null = node.parentElement;
      const same = parent ? [...parent.children].filter((c) => c.tagName === node!.tagName) : [];
      const nth = same.length > 1 ? `:nth-of-type(${same.indexOf(node) + 1})` : '';
      parts.unshift(`${node.tagName.toLowerCase()}${nth}`);
      if (parts.length >= 6) break;
    }
    return parts.join(' > ');
  }
}

/** The element at (x, y) of the page (CSS pixels of the viewport) and a selector for it; null when there is none. */
export async function pickAt(page: Page, x: number, y: number): Promise<PickedElement | null> {
  const found = await page.evaluate(candidatesAt, { x, y });
  if (!found.found) return null;
  let best: { selector: string; count: number } | null = null;
  for (const selector of found.candidates) {
    const count = await page
      .locator(selector)
      .count()
      .catch(() => 0);
    if (count === 1) {
      best = { selector, count };
      break;
    }
    if (count > 1 && !best) best = { selector, count };
  }
  const last = found.candidates[found.candidates.length - 1];
  best ??= {
    selector: last,
    count: await page
      .locator(last)
      .count()
      .catch(() => 0),
  };
  return { ...best, box: found.box, description: found.description, typable: found.typable };
}

/** The element's box only, for outlining it while the mouse moves (no counting: cheap). */
export async function boxAt(page: Page, x: number, y: number): Promise<Pick<PickedElement, 'box' | 'description'> | null> {
  const found = await page.evaluate(candidatesAt, { x, y });
  return found.found ? { box: found.box, description: found.description } : null;
}
