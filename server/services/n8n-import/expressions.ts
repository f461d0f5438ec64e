/**
 * n8n expressions to ours. n8n marks an expression with a leading "=" (`={{ $json.x }}`) and
 * names other steps by their display name (`$('Fetch').item.json.x`); we write `{{ $json.x }}`
 * and name steps by id (`$node["n_abc"].json.x`) so renaming a step breaks nothing.
 *
 * Each converted block is compiled by our expression engine; what it refuses, and methods of
 * n8n's own (Luxon dates, `.isEmpty()`…) that ours lack, are reported with the reason.
 */
import type jsep from 'jsep';
import { GLOBALS } from '../../../core/expressions/builtins';
import { compileExpression } from '../../../core/expressions/compile';
import { DATE_METHODS } from '../../../core/expressions/dates';
import { ARRAY_METHODS, NUMBER_METHODS, STRING_METHODS } from '../../../core/expressions/methods';
import { forEachChild, parseExpression, splitTemplate, type Node } from '../../../core/expressions/parse';
import { isExpression, isRecord } from './params';

/** How steps are found by their n8n name. */
export interface StepNames {
  idOf(name: string): string | undefined;
  /** True for steps that were in the file but left out of the import. */
  wasLeftOut(name: string): boolean;
}

export type Complain = (reason: string, severity: 'not-converted' | 'review') => void;

const KNOWN_METHODS = new Set([...STRING_METHODS.keys(), ...ARRAY_METHODS.keys(), ...NUMBER_METHODS.keys(), ...DATE_METHODS.keys()]);

const QUOTED = String.raw`(['"\`])((?:\\.|(?!\1)[^\\])*?)\1`;
const NODE_INDEX = new RegExp(String.raw`\$node(?:\[\s*${QUOTED}\s*\]|\.([A-Za-z_$][\w$]*))(\.(?:parameter|runIndex|context)\b)?`, 'g');
const NODE_CALL = new RegExp(
  String.raw`\$\(\s*${QUOTED}\s*\)(\.item\.json\b|\.item\b|\.first\(\s*\)\.json\b|\.first\(\s*\)|\.last\(\s*\)\.json\b|\.all\(\s*\))?`,
  'g',
);
const ITEMS_CALL = new RegExp(String.raw`\$items\(\s*(?:${QUOTED}[^)]*)?\)`, 'g');

function unquote(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

/** Rewrites one block's source (the text between `{{` and `}}`). */
export function convertBlock(source: string, steps: StepNames, complain: Complain): string {
  const refer = (name: string): string | null => {
    const id = steps.idOf(name);
    if (id) return `$node[${JSON.stringify(id)}]`;
    complain(
      steps.wasLeftOut(name)
        ? `uses data of "${name}", a step that was left out of the import`
        : `uses data of "${name}", a step that is not in the file`,
      'not-converted',
    );
    return null;
  };

  let out = source.replace(
    NODE_INDEX,
    (whole, _q: string, quoted: string | undefined, bare: string | undefined, extra: string | undefined) => {
      const ref = refer(quoted !== undefined ? unquote(quoted) : (bare ?? ''));
      if (!ref) return whole;
      if (extra) complain(`reads ${extra.slice(1)} of a step, which TaskMaster does not offer`, 'not-converted');
      return ref + (extra ?? '');
    },
  );

  out = out.replace(NODE_CALL, (whole, _q: string, quoted: string, suffix: string | undefined) => {
    const name = unquote(quoted);
    const ref = refer(name);
    if (!ref) return whole;
    const compact = suffix?.replace(/\s+/g, '');
    switch (compact) {
      case '.item.json':
      case '.item':
        complain(`$('${name}').item is the matching item in n8n; here it is the first item of "${name}"`, 'review');
        return compact === '.item' ? ref : `${ref}.json`;
      case '.first().json':
        return `${ref}.json`;
      case '.first()':
        return ref;
      case '.last().json':
        return `${ref}.items.at(-1)`;
      case '.all()':
        complain(`$('${name}').all() gives plain items here: write item.x where n8n had item.json.x`, 'review');
        return `${ref}.items`;
      default:
        complain(`uses $('${name}') in a way TaskMaster has no equivalent for`, 'not-converted');
        return whole;
    }
  });

  out = out.replace(ITEMS_CALL, (whole, _q: string | undefined, quoted: string | undefined) => {
    if (quoted === undefined) return '$items';
    const ref = refer(unquote(quoted));
    if (!ref) return whole;
    complain('$items("…") gives plain items here: write item.x where n8n had item.json.x', 'review');
    return `${ref}.items`;
  });

  out = out
    .replace(/\$input\.item\.json\b/g, '$json')
    .replace(/\$input\.first\(\s*\)\.json\b/g, '$items[0]')
    .replace(/\$input\.last\(\s*\)\.json\b/g, '$items.at(-1)')
    .replace(/\$input\.all\(\s*\)/g, () => {
      complain('$input.all() gives plain items here: write item.x where n8n had item.json.x', 'review');
      return '$items';
    })
    .replace(/\$execution\.id\b/g, '$run.id')
    .replace(/\$itemIndex\b/g, '$index')
    .replace(/\$now\.toISO\(\s*\)/g, '$now');
  return out;
}

/** Methods called on values that are not ours (n8n's extensions, Luxon): reported, the run would fail. */
function unknownMethods(ast: Node, found: Set<string>): void {
  if (ast.type === 'CallExpression') {
    const callee = (ast as jsep.CallExpression).callee;
    if (callee.type === 'MemberExpression') {
      const member = callee as jsep.MemberExpression;
      const onGlobal = member.object.type === 'Identifier' && GLOBALS.has((member.object as jsep.Identifier).name);
      if (!member.computed && member.property.type === 'Identifier' && !onGlobal) {
        const name = (member.property as jsep.Identifier).name;
        if (!KNOWN_METHODS.has(name)) found.add(name);
      }
    }
  }
  forEachChild(ast, (child) => unknownMethods(child, found));
}

/** Why our engine would refuse a converted block, or null when it accepts it. */
export function blockProblem(source: string): string | null {
  try {
    const ast = parseExpression(source);
    compileExpression(ast);
    const methods = new Set<string>();
    unknownMethods(ast, methods);
    if (methods.size > 0) {
      return `uses ${[...methods].map((m) => `.${m}()`).join(', ')}, which TaskMaster expressions do not have (see docs/expressions.md)`;
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Writes literal text so `{{` in it stays text. */
function literal(textPart: string): string {
  return textPart.replaceAll('{{', '\\{{');
}

/**
 * One n8n parameter string as our config text: an expression (`=...`) is converted block by
 * block; plain text is kept, with `{{` escaped so it is not read as an expression.
 */
export function convertText(value: string, steps: StepNames, complain: Complain): string {
  if (!isExpression(value)) return literal(value);
  const body = value.slice(1);
  let parts;
  try {
    parts = splitTemplate(body);
  } catch (error) {
    complain(`could not be read: the expression ${(error as Error).message}`, 'not-converted');
    return body;
  }
  return parts
    .map((part) => {
      if (typeof part === 'string') return literal(part);
      const converted = convertBlock(part.source, steps, complain);
      const problem = blockProblem(converted);
      if (problem) complain(`{{ ${converted} }} ${problem}`, 'not-converted');
      return `{{ ${converted} }}`;
    })
    .join('');
}

/** Converts every string inside a parameter value (objects and lists included). */
export function convertValue(value: unknown, steps: StepNames, complain: Complain): unknown {
  if (typeof value === 'string') return convertText(value, steps, complain);
  if (Array.isArray(value)) return value.map((v) => convertValue(v, steps, complain));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertValue(v, steps, complain)]));
  return value;
}

/**
 * The field path of a plain `={{ $json.a.b }}` or `={{ $json["a b"].c }}`, for nodes of ours that
 * take a field name (Switch) instead of an expression; null for anything else.
 */
export function plainFieldPath(value: unknown): string | null {
  if (!isExpression(value)) return null;
  const match = /^=\s*\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}\s*$/.exec(value);
  if (!match) return null;
  const parts: string[] = [];
  for (const piece of match[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g)) {
    parts.push(piece[1] ?? piece[2] ?? piece[3] ?? '');
  }
  return parts.some((p) => p.includes('.')) ? null : parts.join('.');
}
