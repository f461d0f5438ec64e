/**
 * Code (and the older Function / Function Item). The code is kept as written and runs with the
 * Code step's "Items as in n8n" switch on: items arrive as `{ json: … }`, `$input.all()`,
 * `$input.item` and `$json` work, and `[{ json }]` returns are unwrapped, so the steps after it
 * get n8n's items. What the sandbox can't offer ($node, $env, modules…) is reported.
 */
import type { NodeConverter, NodeScope } from '../scope';
import { text } from '../params';

const NO_EQUIVALENT: Array<[RegExp, string]> = [
  [
    /\$\(\s*['"`]|\$node\s*[[.]/,
    "reads other steps' data ($(...) or $node), which the Code step can't: connect that step before this one or pass the values along",
  ],
  [/\$items\s*\(/, "uses $items(...) of another step, which the Code step can't reach"],
  [/\$env\b|\$vars\b|\$secrets\b/, "reads n8n variables or environment values, which the Code step can't reach"],
  [/getWorkflowStaticData|\$getWorkflowStaticData/, 'keeps data between runs (workflow static data), which TaskMaster does not offer'],
  [/\$execution\b|\$workflow\b|\$prevNode\b|\$runIndex\b|\$mode\b/, 'reads information about the run that the Code step does not have'],
  [/\bbinary\b/, 'works with binary data (files), which TaskMaster items do not carry'],
  [/\brequire\s*\(|\bimport\s*\(/, 'loads modules; the Code step runs in a closed sandbox without them'],
  [/\bhelpers\.|this\.helpers/, 'uses n8n helper functions, which the Code step does not have'],
];

function check(scope: NodeScope, code: string): void {
  for (const [pattern, reason] of NO_EQUIVALENT) if (pattern.test(code)) scope.notConverted('code', reason);
  // The code runs as written: the step's "Items as in n8n" switch gives it n8n's { json } items.
}

export const code: NodeConverter = (scope) => {
  const p = scope.params;
  const n8nType = scope.node.type;
  const mode: 'all' | 'each' =
    n8nType.endsWith('.functionItem') || text(p, 'mode', 'runOnceForAllItems') === 'runOnceForEachItem' ? 'each' : 'all';
  if (text(p, 'language', 'javaScript') !== 'javaScript') {
    scope.notConverted('code', "is Python, which the Code step can't run: rewrite it in JavaScript (the Python is kept in a comment)");
    const python = text(p, 'pythonCode')
      .split('\n')
      .map((line) => `// ${line}`)
      .join('\n');
    return { type: 'code', config: { mode, code: `${python}\nreturn ${mode === 'all' ? 'items' : 'item'};\n` } };
  }
  const original = text(p, 'jsCode', text(p, 'functionCode', text(p, 'code')));
  check(scope, original);
  // Function Item (v1) code changed "item" in place and returned it; item is the plain object there.
  if (n8nType.endsWith('.functionItem')) return { type: 'code', config: { mode, code: original } };
  return { type: 'code', config: { mode, code: original, n8nItems: true } };
};
