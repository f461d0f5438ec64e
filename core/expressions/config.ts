/** Expressions across a whole node config: compile once, resolve per item. */
import type jsep from 'jsep';
import type { Where } from './errors';
import { forEachChild, type Node, parseExpression, splitTemplate } from './parse';
import { type ExpressionScope, type Runtime, isPlainObject, setField } from './runtime';
import { type Resolver, compileTemplate } from './template';

/** Placeholder between runs so a compiled config does not keep the last items alive. */
const NO_SCOPE: ExpressionScope = {
  $json: {},
  $index: 0,
  $items: [],
  $node: {},
  $trigger: null,
  $run: { id: '', workflowId: null },
  $workflow: { id: null, name: '', active: false },
  $now: '',
  $vars: {},
};

/** True when any string inside `value` (deeply) contains `{{`. */
export function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (isPlainObject(value)) return Object.values(value).some(hasExpression);
  return false;
}

function fieldPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** A resolver for the parts of `value` holding expressions; null when it has none. */
function compileValue(value: unknown, path: string, where: Where): Resolver | null {
  if (typeof value === 'string') {
    return value.includes('{{') ? compileTemplate(value, { ...where, field: path === '' ? undefined : path }) : null;
  }
  if (Array.isArray(value)) {
    const dynamic: [number, Resolver][] = [];
    value.forEach((item: unknown, i) => {
      const resolver = compileValue(item, fieldPath(path, i), where);
      if (resolver) dynamic.push([i, resolver]);
    });
    if (dynamic.length === 0) return null;
    return (rt) => {
      const out: unknown[] = value.slice();
      for (const [i, resolver] of dynamic) out[i] = resolver(rt);
      return out;
    };
  }
  if (isPlainObject(value)) {
    const dynamic: [string, Resolver][] = [];
    for (const [key, item] of Object.entries(value)) {
      const resolver = compileValue(item, fieldPath(path, key), where);
      if (resolver) dynamic.push([key, resolver]);
    }
    if (dynamic.length === 0) return null;
    return (rt) => {
      // Spread defines fields (never calls the __proto__ setter), unlike Object.assign.
      const out: Record<string, unknown> = { ...value };
      for (const [key, resolver] of dynamic) setField(out, key, resolver(rt));
      return out;
    };
  }
  return null;
}

/**
 * Parses every expression in `config` once and returns a resolver to call per item. Parts
 * without expressions are shared, not copied; with none at all the original is returned.
 * Throws ExpressionError (with nodeId and field) for expressions that cannot be compiled or run.
 */
export function compileConfig(config: unknown, where: { nodeId: string; nodeName: string }): (scope: ExpressionScope) => unknown {
  const root = compileValue(config, '', { nodeId: where.nodeId, nodeName: where.nodeName });
  if (!root) return () => config;
  const rt: Runtime = { scope: NO_SCOPE, steps: 0, depth: 0 };
  return (scope) => {
    rt.scope = scope;
    try {
      return root(rt);
    } finally {
      rt.scope = NO_SCOPE;
    }
  };
}

/** Resolves one config string (e.g. for the editor's live preview). */
export function evaluateExpression(text: string, scope: ExpressionScope): unknown {
  return compileTemplate(text, {})({ scope, steps: 0, depth: 0 });
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, out);
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) collectStrings(item, out);
  }
}

function collectNodeIds(node: Node, out: Set<string>): void {
  if (node.type === 'MemberExpression') {
    const { object, property, computed } = node as jsep.MemberExpression;
    if (object.type === 'Identifier' && (object as jsep.Identifier).name === '$node') {
      if (!computed && property.type === 'Identifier') out.add((property as jsep.Identifier).name);
      else if (property.type === 'Literal' && typeof (property as jsep.Literal).value === 'string') {
        out.add((property as jsep.Literal).value as string);
      }
    }
  }
  forEachChild(node, (child) => collectNodeIds(child, out));
}

/**
 * Node ids a config refers to as `$node["id"]` or `$node.id`, in order of first use.
 * Broken expressions are skipped: compiling reports those with better messages.
 */
export function findNodeReferences(config: unknown): string[] {
  const strings: string[] = [];
  collectStrings(config, strings);
  const ids = new Set<string>();
  for (const text of strings) {
    try {
      for (const part of splitTemplate(text)) {
        if (typeof part === 'string') continue;
        try {
          collectNodeIds(parseExpression(part.source), ids);
        } catch {
          // skipped, see above
        }
      }
    } catch {
      // an unclosed {{: no blocks to read
    }
  }
  return [...ids];
}
