/**
 * Code (and the older Function / Function Item). The code is kept and n8n's ways of reaching the
 * items are rewritten to ours: `$input.all()` → `items`, `$input.item.json` → `item`. n8n wraps
 * each item as `{ json: … }`; ours are the plain objects, so `.json` after an item is dropped.
 * What can't be rewritten safely is reported for the user to check.
 */
import type { NodeConverter, NodeScope } from '../scope';
import { text } from '../params';

/** Rewrites n8n item access to ours; returns the new code. */
export function adaptCode(code: string, mode: 'all' | 'each'): string {
  let out = code
    .replace(/\$input\.first\(\s*\)\.json\b/g, 'items[0]')
    .replace(/\$input\.last\(\s*\)\.json\b/g, 'items[items.length - 1]')
    .replace(/\$input\.item\.json\b/g, 'item')
    .replace(/\$input\.all\(\s*\)/g, 'items')
    .replace(/\$input\.first\(\s*\)/g, 'items[0]')
    .replace(/\$input\.last\(\s*\)/g, 'items[items.length - 1]')
    .replace(/\$input\.item\b/g, 'item');
  // `.json` right after an item (`item.json.x`, `items[0].json`): the wrapper n8n puts around items.
  out = out.replace(/([\w$\]])\.json\b(?!\s*\()/g, '$1');
  if (mode === 'all') out = out.replace(/\$json\b/g, 'items[0]');
  return out;
}

const NO_EQUIVALENT: Array<[RegExp, string]> = [
  [/\$\(\s*['"`]|\$node\s*[[.]/, 'reads other steps\' data ($(...) or $node), which the Code step can\'t: connect that step before this one or pass the values along'],
  [/\$items\s*\(/, 'uses $items(...) of another step, which the Code step can\'t reach'],
  [/\$env\b|\$vars\b|\$secrets\b/, 'reads n8n variables or environment values, which the Code step can\'t reach'],
  [/getWorkflowStaticData|\$getWorkflowStaticData/, 'keeps data between runs (workflow static data), which TaskMaster does not offer'],
  [/\$now\b|\$today\b|\bDateTime\./, 'uses n8n\'s date helpers ($now, $today, DateTime), which the Code step does not have: use new Date() instead'],
  [/\$execution\b|\$workflow\b|\$prevNode\b|\$runIndex\b|\$mode\b/, 'reads information about the run that the Code step does not have'],
  [/\bbinary\b/, 'works with binary data (files), which TaskMaster items do not carry'],
  [/\brequire\s*\(|\bimport\s*\(/, 'loads modules; the Code step runs in a closed sandbox without them'],
  [/\bhelpers\.|this\.helpers/, 'uses n8n helper functions, which the Code step does not have'],
];

function check(scope: NodeScope, code: string): void {
  for (const [pattern, reason] of NO_EQUIVALENT) if (pattern.test(code)) scope.notConverted('code', reason);
  if (/\bjson\s*:/.test(code)) {
    scope.review('code', 'builds items as { json: … } like n8n; here an item is the object itself: return { name: "Ada" } rather than { json: { name: "Ada" } }');
  }
  scope.review('code', 'adapted from n8n ($input.all() → items, item.json.x → item.x); run it once and check the result');
}

export const code: NodeConverter = (scope) => {
  const p = scope.params;
  const n8nType = scope.node.type;
  const mode: 'all' | 'each' =
    n8nType.endsWith('.functionItem') || text(p, 'mode', 'runOnceForAllItems') === 'runOnceForEachItem' ? 'each' : 'all';
  if (text(p, 'language', 'javaScript') !== 'javaScript') {
    scope.notConverted('code', 'is Python, which the Code step can\'t run: rewrite it in JavaScript (the Python is kept in a comment)');
    const python = text(p, 'pythonCode').split('\n').map((line) => `// ${line}`).join('\n');
    return { type: 'code', config: { mode, code: `${python}\nreturn ${mode === 'all' ? 'items' : 'item'};\n` } };
  }
  const original = text(p, 'jsCode', text(p, 'functionCode', text(p, 'code')));
  check(scope, original);
  return { type: 'code', config: { mode, code: adaptCode(original, mode) } };
};
