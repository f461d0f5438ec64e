/** Merge, versions 1 to 3: append, combine by matching fields, choose branch. Inputs 1 and 2 become `a` and `b`. */
import type { NodeConverter, NodeScope } from '../scope';
import { list, number, record, text, type Params } from '../params';

const INPUTS = ['a', 'b'];

const KEEP_UNMATCHED: Record<string, string> = { keepMatches: 'none', enrichInput1: 'a', enrichInput2: 'b', keepEverything: 'both' };

function byFields(scope: NodeScope, p: Params): Record<string, unknown> {
  let pairs: Array<{ a: string; b: string }>;
  if (p.advanced === true || p.mergeByFields !== undefined) {
    pairs = list(record(p, 'mergeByFields'), 'values').map((v) => ({ a: text(v, 'field1'), b: text(v, 'field2') }));
  } else {
    pairs = text(p, 'fieldsToMatchString').split(',').map((f) => ({ a: f.trim(), b: f.trim() })).filter((f) => f.a !== '');
  }
  if (pairs.length > 1) scope.notConverted('keyA', `matched on ${pairs.length} fields; only the first pair was kept`);
  const joinMode = text(p, 'joinMode', 'keepMatches');
  let keepUnmatched = KEEP_UNMATCHED[joinMode];
  if (!keepUnmatched) {
    scope.notConverted('keepUnmatched', 'kept only the items without a match in n8n, which this Merge can\'t do; it now keeps the matches');
    keepUnmatched = 'none';
  }
  if (text(p, 'outputDataFrom', 'both') !== 'both') scope.review('outputDataFrom', 'matched items now carry the fields of both inputs');
  const pair = pairs[0] ?? { a: '', b: '' };
  return { mode: 'byKey', keyA: pair.a, keyB: pair.b === pair.a ? '' : pair.b, keepUnmatched };
}

function chooseBranch(scope: NodeScope, p: Params): Record<string, unknown> {
  const second = text(p, 'output', '') === 'input2' || number(p, 'useDataOfInput', 1) === 2;
  if (second) scope.notConverted('mode', 'passed on Input 2 in n8n; this Merge passes on Input 1: swap its two connections');
  if (text(p, 'output', '') === 'empty') scope.review('mode', 'passed on one empty item in n8n; here it passes on the items of Input 1');
  return { mode: 'waitForAll' };
}

export const merge: NodeConverter = (scope) => {
  const p = scope.params;
  const version = scope.node.typeVersion;
  const mode = text(p, 'mode', 'append');
  if (number(p, 'numberInputs', 2) > 2) scope.notConverted('numberInputs', 'had more than two inputs; connections into inputs 3 and up were dropped');
  let config: Record<string, unknown>;
  if (mode === 'append') config = { mode: 'append' };
  else if (mode === 'chooseBranch' || mode === 'passThrough' || mode === 'wait') config = chooseBranch(scope, p);
  else if (version < 2 && mode === 'mergeByKey') {
    config = { mode: 'byKey', keyA: text(p, 'propertyName1'), keyB: text(p, 'propertyName2'), keepUnmatched: 'a' };
  } else if (mode === 'combine' && (version >= 3 ? text(p, 'combineBy', 'combineByFields') : text(p, 'combinationMode', 'mergeByFields')).match(/ByFields$/)) {
    config = byFields(scope, p);
  } else {
    const how = mode === 'combine' ? (version >= 3 ? text(p, 'combineBy') : text(p, 'combinationMode')) : mode;
    scope.notConverted('mode', `merged by "${how}" in n8n, which this Merge can't do; it now puts Input 2's items after Input 1's`);
    config = { mode: 'append' };
  }
  scope.ignoredOptions(record(p, 'options'), []);
  return { type: 'merge', config, inputs: INPUTS };
};
