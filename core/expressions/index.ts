/**
 * The `{{ }}` expression language for node config strings. See docs/expressions.md for the
 * user-facing description. Pure: no I/O, no clock, no globals read.
 */
export { ExpressionError } from './errors';
export type { ExpressionScope } from './runtime';
export { LIMITS as EXPRESSION_LIMITS } from './runtime';
export { compileConfig, evaluateExpression, findNodeReferences, hasExpression } from './config';
