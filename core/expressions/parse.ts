/**
 * Reading config strings: finding `{{ }}` blocks (with `\{{` as an escape) and parsing each
 * block with jsep. Parsing happens once per config; evaluation reuses the tree.
 */
import jsep from 'jsep';
import jsepArrow from '@jsep-plugin/arrow';
import jsepObject from '@jsep-plugin/object';
import jsepSpread from '@jsep-plugin/spread';
import jsepTernary from '@jsep-plugin/ternary';
import { LIMITS, fail } from './runtime';

// jsep keeps its plugins on the shared module; registering is idempotent, and we add no
// operators of our own so other users of jsep see the same grammar.
jsep.plugins.register(jsepTernary, jsepObject, jsepArrow, jsepSpread);

export type Node = jsep.Expression;

/** A config string split into literal text and expression sources. */
export type TemplatePart = string | { source: string };

/** Index of the `}}` closing a block opened before `start`, skipping quotes and `{ }` pairs. */
function findClose(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Splits `Hello {{ $json.name }}!` into `['Hello ', { source: '$json.name' }, '!']`. */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      buffer += text.slice(i);
      break;
    }
    if (open > 0 && text[open - 1] === '\\') {
      buffer += text.slice(i, open - 1) + '{{';
      i = open + 2;
      continue;
    }
    buffer += text.slice(i, open);
    const close = findClose(text, open + 2);
    if (close < 0) {
      fail('has "{{" without a closing "}}" (write \\{{ for literal braces)');
    }
    if (buffer) parts.push(buffer);
    buffer = '';
    parts.push({ source: text.slice(open + 2, close).trim() });
    i = close + 2;
  }
  if (buffer) parts.push(buffer);
  return parts;
}

function checkDepth(node: Node, depth: number): void {
  if (depth > LIMITS.syntaxDepth) fail('is nested too deeply');
  forEachChild(node, (child) => checkDepth(child, depth + 1));
}

/** Parses one block; failures are EvalFailures with a plain reason. */
export function parseExpression(source: string): Node {
  if (source === '') fail('is empty: write an expression between {{ and }}, e.g. {{ $json.name }}');
  if (source.length > LIMITS.sourceLength) fail(`is longer than ${LIMITS.sourceLength} characters`);
  let ast: Node;
  try {
    ast = jsep(source);
  } catch (error) {
    if (error instanceof RangeError) fail('is nested too deeply');
    fail(`is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkDepth(ast, 0);
  return ast;
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';
}

/** Visits direct children of any node type, including plugin ones. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  for (const key of Object.keys(node)) {
    const value: unknown = node[key];
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (isNode(item)) visit(item);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

/** Source-like text for a node, used in messages such as `($json.foo is undefined)`. */
export function describe(node: Node): string {
  switch (node.type) {
    case 'Identifier':
      return (node as jsep.Identifier).name;
    case 'Literal':
      return (node as jsep.Literal).raw;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const dot = m.optional ? '?.' : '.';
      if (!m.computed && m.property.type === 'Identifier') return `${describe(m.object)}${dot}${(m.property as jsep.Identifier).name}`;
      return `${describe(m.object)}${m.optional ? '?.' : ''}[${describe(m.property)}]`;
    }
    case 'CallExpression':
      return `${describe((node as jsep.CallExpression).callee)}(…)`;
    case 'ArrayExpression':
      return '[…]';
    case 'ObjectExpression':
      return '{…}';
    default:
      return '(…)';
  }
}
