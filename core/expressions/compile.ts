/**
 * Turns a parsed expression into a tree of closures, once. Evaluating is then a walk of
 * plain function calls with no parsing or lookups by node type, which is what makes running
 * the same config over a million items cheap. Every closure that can repeat work ticks the
 * step budget; only user text's *structure* decides which of our closures exist, so no
 * user text ever becomes a real JS function.
 */
import type jsep from 'jsep';
import type { ArrowExpression } from '@jsep-plugin/arrow';
import type { ObjectExpression, Property } from '@jsep-plugin/object';
import type { SpreadElement } from '@jsep-plugin/spread';
import { blockedKeyReason, callMethod, invoke, readKnownMember, readMember } from './access';
import { GLOBALS } from './builtins';
import { DATE_FUNCTION, nowValue, todayValue } from './dates';
import { binaryOperator, unaryOperator } from './operators';
import { type Node, describe } from './parse';
import {
  type Code,
  type Env,
  type ExpressionScope,
  type Runtime,
  Lambda,
  SCOPE_NAMES,
  charge,
  fail,
  isPlainObject,
  kindOf,
  setField,
  tick,
} from './runtime';

/** Arrow-function parameter names visible at a point of the source, innermost first. */
interface Lexical {
  readonly names: readonly string[];
  readonly parent: Lexical | null;
}

/** Marks `a?.b` finding nothing; the end of the chain turns it into `undefined`. */
const SHORT = Symbol('optional chain ended');

const KEYWORDS = new Set([
  'new',
  'typeof',
  'instanceof',
  'in',
  'delete',
  'void',
  'async',
  'await',
  'function',
  'let',
  'const',
  'var',
  'yield',
  'class',
  'import',
  'return',
  'if',
  'for',
  'while',
]);
const HOST_NAMES = new Set(['process', 'globalThis', 'global', 'window', 'self', 'require', 'module', 'eval', 'Function']);

export function compileExpression(ast: Node): Code {
  return compile(ast, null, false);
}

function compile(node: Node, lex: Lexical | null, inChain: boolean): Code {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value !== null && typeof value === 'object') fail('regular expressions are not supported');
      return () => value;
    }
    case 'Identifier':
      return identifier((node as jsep.Identifier).name, lex);
    case 'ThisExpression':
      return fail('"this" is not available in expressions; use $json for the current item');
    case 'MemberExpression':
      return endChain(node, inChain, member(node as jsep.MemberExpression, lex));
    case 'CallExpression':
      return endChain(node, inChain, call(node as jsep.CallExpression, lex));
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      return unaryOperator(u.operator, compile(u.argument, lex, false));
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      return binaryOperator(b.operator, compile(b.left, lex, false), compile(b.right, lex, false));
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const test = compile(c.test, lex, false);
      const yes = compile(c.consequent, lex, false);
      const no = compile(c.alternate, lex, false);
      return (rt, env) => (test(rt, env) ? yes(rt, env) : no(rt, env));
    }
    case 'ArrayExpression': {
      const items = list((node as jsep.ArrayExpression).elements, lex);
      return (rt, env) => (tick(rt), items(rt, env));
    }
    case 'ObjectExpression':
      return object(node as ObjectExpression, lex);
    case 'ArrowFunctionExpression':
      return arrow(node as ArrowExpression, lex);
    case 'Compound': {
      const keyword = (node as jsep.Compound).body.find((n) => n.type === 'Identifier' && KEYWORDS.has((n as jsep.Identifier).name));
      if (keyword) fail(`"${(keyword as jsep.Identifier).name}" is not supported in expressions`);
      return fail('has several expressions side by side; write one expression per {{ }}');
    }
    case 'SequenceExpression':
      return fail('commas between expressions are not supported; write one expression per {{ }}');
    case 'SpreadElement':
      return fail('"..." can only be used inside [ ], { } or the arguments of a call');
    default:
      return fail(`uses syntax that is not supported (${node.type})`);
  }
}

function identifier(name: string, lex: Lexical | null): Code {
  let depth = 0;
  for (let scope = lex; scope; scope = scope.parent, depth++) {
    const index = scope.names.indexOf(name);
    if (index >= 0) return parameter(depth, index);
  }
  if (name === '$json') return (rt) => rt.scope.$json;
  if (name === '$index') return (rt) => rt.scope.$index;
  if (name === '$now') return nowValue;
  if (name === '$today') return todayValue;
  if (name === '$date') return () => DATE_FUNCTION;
  if (name === '$workflow') return (rt) => rt.scope.$workflow ?? { id: rt.scope.$run.workflowId, name: '', active: false };
  if ((SCOPE_NAMES as readonly string[]).includes(name)) {
    const key = name as keyof ExpressionScope;
    return (rt) => rt.scope[key];
  }
  if (GLOBALS.has(name)) {
    const value = GLOBALS.get(name);
    return () => value;
  }
  if (HOST_NAMES.has(name)) fail(`"${name}" is not available in expressions`);
  return fail(
    `unknown name "${name}"; expressions can use ${SCOPE_NAMES.join(', ')}, $today, $date and helpers such as Math, JSON, String`,
  );
}

function parameter(depth: number, index: number): Code {
  // Compiled only inside an arrow body, where the evaluator always passes that body's Env.
  if (depth === 0) return (_rt, env) => (env as Env).values[index];
  return (_rt, env) => {
    let frame = env as Env;
    for (let d = 0; d < depth; d++) frame = frame.parent as Env;
    return frame.values[index];
  };
}

function chainHasOptional(node: Node): boolean {
  for (let n: Node = node; n.type === 'MemberExpression' || n.type === 'CallExpression'; ) {
    if (n.optional === true) return true;
    n = n.type === 'MemberExpression' ? (n as jsep.MemberExpression).object : (n as jsep.CallExpression).callee;
  }
  return false;
}

function endChain(node: Node, inChain: boolean, code: Code): Code {
  if (inChain || !chainHasOptional(node)) return code;
  return (rt, env) => {
    const value = code(rt, env);
    return value === SHORT ? undefined : value;
  };
}

/** The key of `a.b` or `a["b"]` when it is written out; blocked keys fail before any run. */
function constantKey(node: jsep.MemberExpression): string | number | undefined {
  let key: unknown;
  if (!node.computed && node.property.type === 'Identifier') key = (node.property as jsep.Identifier).name;
  else if (node.property.type === 'Literal') key = (node.property as jsep.Literal).value;
  else return undefined;
  if (typeof key === 'string') {
    const blocked = blockedKeyReason(key);
    if (blocked) fail(blocked);
    return key;
  }
  return typeof key === 'number' ? key : String(key);
}

function toKey(value: unknown): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  return fail(`a field name must be text or a number, not ${kindOf(value)}`);
}

function member(node: jsep.MemberExpression, lex: Lexical | null): Code {
  const target = compile(node.object, lex, true);
  const desc = describe(node.object);
  const optional = node.optional === true;
  const key = constantKey(node);
  if (key !== undefined) {
    return (rt, env) => {
      tick(rt);
      const obj = target(rt, env);
      if (obj === SHORT || (optional && (obj === null || obj === undefined))) return SHORT;
      return readKnownMember(obj, key, desc);
    };
  }
  const property = compile(node.property, lex, false);
  return (rt, env) => {
    tick(rt);
    const obj = target(rt, env);
    if (obj === SHORT || (optional && (obj === null || obj === undefined))) return SHORT;
    return readMember(obj, toKey(property(rt, env)), desc);
  };
}

function call(node: jsep.CallExpression, lex: Lexical | null): Code {
  const args = list(node.arguments, lex);
  const optionalCall = node.optional === true;
  if (node.callee.type !== 'MemberExpression') {
    const callee = compile(node.callee, lex, true);
    const desc = describe(node.callee);
    return (rt, env) => {
      tick(rt);
      const fn = callee(rt, env);
      if (fn === SHORT || (optionalCall && (fn === null || fn === undefined))) return SHORT;
      return invoke(rt, fn, args(rt, env), desc);
    };
  }
  const m = node.callee as jsep.MemberExpression;
  const target = compile(m.object, lex, true);
  const desc = describe(m.object);
  const optionalMember = m.optional === true;
  const missing = optionalCall ? SHORT : undefined;
  const key = constantKey(m);
  const property = key === undefined ? compile(m.property, lex, false) : () => key;
  return (rt, env) => {
    tick(rt);
    const recv = target(rt, env);
    if (recv === SHORT || (optionalMember && (recv === null || recv === undefined))) return SHORT;
    return callMethod(rt, recv, toKey(property(rt, env)), args(rt, env), desc, missing);
  };
}

function spreadInto(rt: Runtime, out: unknown[], value: unknown): void {
  if (typeof value !== 'string' && !Array.isArray(value)) fail(`"..." expects a list here, got ${kindOf(value)}`);
  // Charged before copying so a huge spread stops before it allocates.
  charge(rt, value.length >> 6);
  const source: readonly unknown[] = typeof value === 'string' ? Array.from(value) : value;
  for (let i = 0; i < source.length; i++) out.push(source[i]);
}

/** Array literal elements and call arguments, with holes and `...spread`. */
function list(elements: readonly (Node | null)[], lex: Lexical | null): (rt: Runtime, env: Env | null) => unknown[] {
  const spread = elements.map((e) => e?.type === 'SpreadElement');
  const codes = elements.map(
    (e): Code => (e === null ? () => undefined : compile(e.type === 'SpreadElement' ? (e as SpreadElement).argument : e, lex, false)),
  );
  if (codes.length === 0) return () => [];
  if (codes.length === 1 && !spread[0]) {
    const only = codes[0];
    return (rt, env) => [only(rt, env)];
  }
  return (rt, env) => {
    const out: unknown[] = [];
    for (let i = 0; i < codes.length; i++) {
      if (spread[i]) spreadInto(rt, out, codes[i](rt, env));
      else out.push(codes[i](rt, env));
    }
    return out;
  };
}

interface PropertyCode {
  spread: boolean;
  key: string | undefined;
  keyCode: Code | undefined;
  value: Code;
}

function object(node: ObjectExpression, lex: Lexical | null): Code {
  const props = node.properties.map((p: Property | SpreadElement): PropertyCode => {
    if (p.type === 'SpreadElement') {
      return { spread: true, key: undefined, keyCode: undefined, value: compile((p as SpreadElement).argument, lex, false) };
    }
    const prop = p as Property;
    const value = compile(prop.value ?? prop.key, lex, false);
    if (prop.computed) return { spread: false, key: undefined, keyCode: compile(prop.key, lex, false), value };
    const raw = prop.key.type === 'Identifier' ? (prop.key as jsep.Identifier).name : String((prop.key as jsep.Literal).value);
    if (raw === '__proto__') fail('"__proto__" cannot be used as a field name');
    return { spread: false, key: raw, keyCode: undefined, value };
  });
  return (rt, env) => {
    tick(rt);
    const out: Record<string, unknown> = {};
    for (const p of props) {
      const value = p.value(rt, env);
      if (p.spread) {
        if (value === null || value === undefined) continue;
        if (typeof value !== 'object' && typeof value !== 'string') fail(`"..." expects an object here, got ${kindOf(value)}`);
        const source = readableRecord(value);
        if (typeof source === 'string' || Array.isArray(source)) charge(rt, source.length >> 6);
        const entries = Object.entries(source);
        charge(rt, entries.length >> 6);
        for (const [k, v] of entries) setField(out, k, v);
      } else {
        const key = p.key ?? String(toKey((p.keyCode as Code)(rt, env)));
        if (key === '__proto__') fail('"__proto__" cannot be used as a field name');
        setField(out, key, value);
      }
    }
    return out;
  };
}

function readableRecord(value: object | string): object | string {
  if (typeof value === 'string' || Array.isArray(value) || isPlainObject(value)) return value;
  return fail(`"..." expects an object here, got ${kindOf(value)}`);
}

function arrow(node: ArrowExpression, lex: Lexical | null): Code {
  if (node.async) fail('async functions are not supported');
  const names = (node.params ?? []).map((p) => {
    if (p.type !== 'Identifier') fail('arrow function parameters must be plain names, e.g. (item, index) => item.name');
    return (p as jsep.Identifier).name;
  });
  if (new Set(names).size !== names.length) fail('an arrow function has the same parameter name twice');
  const body = compile(node.body, { names, parent: lex }, false);
  return (rt, env) => (tick(rt), new Lambda(body, env));
}
