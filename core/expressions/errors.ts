/** The one error expressions throw, worded for the person who wrote the expression. */
import { EvalFailure, LIMITS } from './runtime';

/** Where an expression sits: the engine fills node, the config walk fills the field path. */
export interface Where {
  /** Dotted path inside the node config, e.g. `fields.0.value`. */
  field?: string;
  nodeId?: string;
  nodeName?: string;
}

function shorten(source: string): string {
  return source.length > 120 ? `${source.slice(0, 117)}…` : source;
}

export class ExpressionError extends Error {
  /** The text between `{{` and `}}` (or the whole string when the braces themselves are wrong). */
  readonly expression: string;
  readonly field?: string;
  readonly nodeId?: string;
  readonly nodeName?: string;
  /** What went wrong without the "Expression … in field …" prefix, for display next to the field. */
  readonly reason: string;

  /** `shown` replaces `{{ expression }}` in the message when the braces themselves are the problem. */
  constructor(reason: string, expression: string, where: Where = {}, shown = `{{ ${shorten(expression)} }}`) {
    const place = where.field !== undefined ? ` in field "${where.field}"` : '';
    super(`Expression ${shown}${place}: ${reason}`);
    this.name = 'ExpressionError';
    this.expression = expression;
    this.reason = reason;
    this.field = where.field;
    this.nodeId = where.nodeId;
    this.nodeName = where.nodeName;
  }
}

/** Native errors that can escape helpers, in plain words. */
function reasonFor(error: unknown): string {
  if (error instanceof EvalFailure) return error.message;
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return 'is nested too deeply';
    if (/string length/i.test(error.message)) return `produces text longer than ${LIMITS.textLength / 1024 / 1024} MB`;
    if (/array length/i.test(error.message)) return 'produces a list that is too long';
    return error.message;
  }
  if (error instanceof SyntaxError) return `could not read JSON: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function toExpressionError(error: unknown, expression: string, where: Where, shown?: string): ExpressionError {
  if (error instanceof ExpressionError) return error;
  return new ExpressionError(reasonFor(error), expression, where, shown);
}
