/**
 * Merge, versions 1 to 3, with every mode that has a TaskMaster equivalent: append, combine by
 * matching fields (keep matches, keep non-matches, keep everything, enrich input 1 or 2), by
 * position, all combinations (multiplex), and choose branch. Inputs 1 and 2 become `a` and `b`.
 *
 * n8n 3.x lets Append and Choose branch take up to 10 inputs. Ours has two, and several
 * connections into one input arrive one after the other in connection order (the importer
 * orders them by n8n's input number): so Append takes input 1 on `a` and inputs 2 and up on
 * `b`, and Choose branch takes the chosen input on `a` and all the others on `b` (it only waits
 * for them).
 */
import type { NodeConverter, NodeScope } from '../scope';
import { flag, list, number, record, text, type Params } from '../params';
import { needsAttention } from './attention';

const INPUTS = ['a', 'b'];
/** n8n's largest number of Merge inputs. */
const MAX_INPUTS = 10;

type Config = Record<string, unknown>;

/** n8n's clash handling; without the option input 2 wins, as in n8n. */
function clashOf(scope: NodeScope, options: Params): string {
  const values = record(record(options, 'clashHandling'), 'values');
  const resolve = text(values, 'resolveClash', 'preferInput2');
  if (text(values, 'mergeMode', 'deepMerge') === 'deepMerge') {
    scope.review(
      'options.clashHandling',
      'n8n merges objects inside the items field by field; here a field holding an object is taken whole from one input',
    );
  }
  return resolve === 'addSuffix' ? 'suffix' : resolve === 'preferInput1' ? 'preferA' : 'preferB';
}

function matchFields(scope: NodeScope, p: Params): { keyA: string; keyB: string } {
  let pairs: Array<{ a: string; b: string }>;
  if (p.advanced === true || p.mergeByFields !== undefined) {
    pairs = list(record(p, 'mergeByFields'), 'values').map((v) => ({ a: text(v, 'field1'), b: text(v, 'field2') }));
  } else {
    pairs = text(p, 'fieldsToMatchString')
      .split(',')
      .map((f) => ({ a: f.trim(), b: f.trim() }))
      .filter((f) => f.a !== '');
  }
  if (pairs.length > 1) scope.notConverted('keyA', `matched on ${pairs.length} fields; only the first pair was kept`);
  const pair = pairs[0] ?? { a: '', b: '' };
  return { keyA: pair.a, keyB: pair.b === pair.a ? '' : pair.b };
}

function byFields(scope: NodeScope, p: Params, options: Params): Config {
  const keys = matchFields(scope, p);
  const joinMode = text(p, 'joinMode', 'keepMatches');
  const from = text(p, 'outputDataFrom', 'both');
  if (options.fuzzyCompare === true) scope.review('options.fuzzyCompare', 'values are always compared as text here, so 1 and "1" match');
  if (text(options, 'multipleMatches', 'all') === 'first')
    scope.notConverted('options.multipleMatches', 'kept only the first match in n8n; here every match gives an item');
  scope.ignoredOptions(options, ['clashHandling', 'fuzzyCompare', 'multipleMatches', 'disableDotNotation']);
  switch (joinMode) {
    case 'keepNonMatches':
      return { mode: 'unmatched', ...keys, unmatchedFrom: from === 'input1' ? 'a' : from === 'input2' ? 'b' : 'both' };
    case 'keepMatches':
      return {
        mode: 'byKey',
        ...keys,
        keepUnmatched: 'none',
        matchOutput: from === 'input1' ? 'a' : from === 'input2' ? 'b' : 'merged',
        clash: clashOf(scope, options),
      };
    case 'keepEverything':
      return { mode: 'byKey', ...keys, keepUnmatched: 'both', unmatchedLast: true, clash: clashOf(scope, options) };
    case 'enrichInput1':
      return { mode: 'byKey', ...keys, keepUnmatched: 'a', unmatchedLast: true, clash: clashOf(scope, options) };
    case 'enrichInput2':
      // Enriching input 2 is enriching input 1 with the inputs swapped: the converter swaps the connections.
      return {
        mode: 'byKey',
        keyA: keys.keyB || keys.keyA,
        keyB: keys.keyB ? keys.keyA : '',
        keepUnmatched: 'a',
        unmatchedLast: true,
        clash: swapClash(clashOf(scope, options)),
        swapInputs: true,
      };
    default:
      scope.notConverted('joinMode', `the join "${joinMode}" is not known; the matches are kept`);
      return { mode: 'byKey', ...keys };
  }
}

function swapClash(clash: string): string {
  return clash === 'preferA' ? 'preferB' : clash === 'preferB' ? 'preferA' : clash;
}

/** Input 1 on `a`, inputs 2 to `count` on `b`. */
function firstAndRest(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'a' : 'b'));
}

function chooseBranch(p: Params, count: number): Config {
  const output = text(p, 'output', 'specifiedInput');
  if (output === 'empty') return { mode: 'waitForAll', pass: 'empty', inputs: firstAndRest(count) };
  const chosen = output === 'input2' ? 2 : output === 'specifiedInput' ? number(p, 'useDataOfInput', 1) : 1;
  if (count <= 2) return { mode: 'waitForAll', pass: chosen === 2 ? 'b' : 'a' };
  return { mode: 'waitForAll', pass: 'a', inputs: Array.from({ length: count }, (_, i) => (i + 1 === chosen ? 'a' : 'b')) };
}

/** Version 1 had one mode per behaviour. */
function version1(scope: NodeScope, p: Params, mode: string): Config | string {
  const keys = {
    keyA: text(p, 'propertyName1'),
    keyB: text(p, 'propertyName2') === text(p, 'propertyName1') ? '' : text(p, 'propertyName2'),
  };
  switch (mode) {
    case 'mergeByKey':
      return { mode: 'byKey', ...keys, keepUnmatched: 'a' };
    case 'keepKeyMatches':
      return { mode: 'byKey', ...keys, matchOutput: 'a' };
    case 'removeKeyMatches':
      return { mode: 'unmatched', ...keys, unmatchedFrom: 'a' };
    case 'mergeByIndex': {
      const how = text(p, 'join', 'left');
      if (how === 'left') scope.notConverted('join', 'kept every item of input 1 in n8n; here the extra items of both inputs are kept');
      return { mode: 'byPosition', includeUnpaired: how !== 'inner' };
    }
    case 'multiplex':
      return { mode: 'allCombinations' };
    case 'passThrough':
      return { mode: 'waitForAll', pass: text(p, 'output', 'input1') === 'input2' ? 'b' : 'a' };
    case 'wait':
      return { mode: 'waitForAll', pass: 'empty' };
    default:
      return `merged by "${mode}" in n8n`;
  }
}

export const merge: NodeConverter = (scope) => {
  const p = scope.params;
  const version = scope.node.typeVersion;
  const mode = text(p, 'mode', 'append');
  const options = record(p, 'options');
  // Only Append, Choose branch and SQL take more than two inputs in n8n.
  const count = Math.min(Math.max(Math.trunc(number(p, 'numberInputs', 2)), 2), MAX_INPUTS);
  let config: Config | string;
  if (mode === 'append') config = { mode: 'append', inputs: firstAndRest(count) };
  else if (mode === 'chooseBranch') config = chooseBranch(p, count);
  else if (mode === 'combineBySql')
    config = "combined the inputs with an SQL query in n8n, which Merge can't do; use a Code step with the joined data in its place";
  else if (version < 2) config = version1(scope, p, mode);
  else if (mode === 'combine') {
    const by = version >= 3 ? text(p, 'combineBy', 'combineByFields') : text(p, 'combinationMode', 'mergeByFields');
    if (by === 'combineByFields' || by === 'mergeByFields') config = byFields(scope, p, options);
    else if (by === 'combineByPosition' || by === 'mergeByPosition') {
      config = { mode: 'byPosition', clash: clashOf(scope, options), includeUnpaired: flag(options, 'includeUnpaired', false) };
      scope.ignoredOptions(options, ['clashHandling', 'includeUnpaired']);
    } else if (by === 'combineAll' || by === 'multiplex') {
      config = { mode: 'allCombinations', clash: clashOf(scope, options) };
      scope.ignoredOptions(options, ['clashHandling']);
    } else config = `combined by "${by}" in n8n`;
  } else config = `merged by "${mode}" in n8n`;
  if (typeof config === 'string') return needsAttention(scope, `${config}, which this Merge can't do`);
  const { swapInputs, inputs, ...rest } = config;
  return { type: 'merge', config: rest, inputs: Array.isArray(inputs) ? (inputs as string[]) : swapInputs ? ['b', 'a'] : INPUTS };
};
