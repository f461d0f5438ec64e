/**
 * n8n's way of writing Code steps, for code imported from n8n: items arrive wrapped as
 * `{ json: {...} }`, `$input.all()`, `$input.first()`, `$input.item` and `$json` reach them, and
 * what the code returns may be wrapped the same way. The prelude sits on the code's first line,
 * so line numbers in error messages stay those of the user's code.
 */

/** Unwraps `{ json }` entries (n8n's shape) and leaves plain objects as they are. */
const UNWRAP = `const __unwrap = (e) => (e !== null && typeof e === 'object' && !Array.isArray(e) && 'json' in e && e.json !== null && typeof e.json === 'object' ? e.json : e);`;

const ALL_PRELUDE =
  `${UNWRAP} const items = (globalThis.items ?? []).map((json) => ({ json })); ` +
  `const $input = { all: () => items, first: () => items[0], last: () => items[items.length - 1], item: items[0] }; ` +
  `const $json = items[0]?.json; const __result = await (async () => {`;
const ALL_EPILOGUE = `\n})(); return __result === undefined ? undefined : Array.isArray(__result) ? __result.map(__unwrap) : __unwrap(__result);`;

const EACH_PRELUDE =
  `${UNWRAP} const $itemIndex = index; ` +
  `const $input = { item: { json: item }, all: () => (globalThis.items ?? []).map((json) => ({ json })) }; ` +
  `const __result = await (async () => {`;
const EACH_EPILOGUE = `\n})(); return __unwrap(Array.isArray(__result) ? __result[0] : __result);`;

/** The code wrapped so it runs with n8n's item shape in TaskMaster's sandbox. */
export function withN8nItems(code: string, mode: 'all' | 'each'): string {
  return mode === 'all' ? `${ALL_PRELUDE}${code}${ALL_EPILOGUE}` : `${EACH_PRELUDE}${code}${EACH_EPILOGUE}`;
}
