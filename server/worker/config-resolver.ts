/**
 * A node's config, compiled once per node of a run: expressions are parsed once and evaluated
 * per item. Fields whose meta says `expressions: false` (code, file patterns…) are taken
 * literally, so `{{` inside JavaScript is just text.
 */
import type { NodeDefinition } from '../../nodes/types';
import type { WorkflowNode } from '../../core/document';
import { compileConfig, hasExpression, type ExpressionScope } from '../../core/expressions';
import { literalFields } from '../../core/literal-fields';

export { literalFields };

export type ConfigResolver = (scope: ExpressionScope) => unknown;

const resolverCache = new WeakMap<WorkflowNode, ConfigResolver>();

export function configResolverFor(def: NodeDefinition, node: WorkflowNode): ConfigResolver {
  const cached = resolverCache.get(node);
  if (cached) return cached;
  const literal = literalFields(def);
  const config = node.config;
  let resolver: ConfigResolver;
  if (literal.size === 0) {
    resolver = compileConfig(config, { nodeId: node.id, nodeName: node.name });
  } else {
    const rest: Record<string, unknown> = {};
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) (literal.has(key) ? kept : rest)[key] = value;
    const resolveRest = compileConfig(rest, { nodeId: node.id, nodeName: node.name });
    resolver = (scope) => ({ ...(resolveRest(scope) as Record<string, unknown>), ...kept });
  }
  resolverCache.set(node, resolver);
  return resolver;
}

const usesCache = new WeakMap<WorkflowNode, boolean>();

/** Whether the node's config has any expression (then upstream data must be put in scope). */
export function usesExpressions(node: WorkflowNode): boolean {
  let uses = usesCache.get(node);
  if (uses === undefined) {
    uses = hasExpression(node.config);
    usesCache.set(node, uses);
  }
  return uses;
}
