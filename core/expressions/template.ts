/**
 * One config string compiled: plain text, a single `{{ }}` that yields a raw value, or text
 * with blocks interpolated. Errors leave here as ExpressionErrors that name the field.
 */
import { type Where, toExpressionError } from './errors';
import { compileExpression } from './compile';
import { MENTIONS_DATES, datesToText } from './dates';
import { parseExpression, splitTemplate, type TemplatePart } from './parse';
import { type Code, type Runtime, LIMITS, checkText, fail, isCallable } from './runtime';

export type Resolver = (rt: Runtime) => unknown;

interface Block {
  readonly source: string;
  readonly code: Code;
  /** Mentions $now, $today or $date: its result may hold dates to turn into text. */
  readonly dates: boolean;
}

function compileBlock(source: string, where: Where): Block {
  try {
    return { source, code: compileExpression(parseExpression(source)), dates: MENTIONS_DATES.test(source) };
  } catch (error) {
    throw toExpressionError(error, source, where);
  }
}

function run(rt: Runtime, block: Block): unknown {
  rt.steps = 0;
  rt.depth = 0;
  const value = block.code(rt, null);
  return block.dates ? datesToText(value) : value;
}

function toText(rt: Runtime, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (isCallable(value)) fail('gives a function, not a value; call it or pass it to map/filter');
  if (typeof value === 'object') return checkText(rt, JSON.stringify(value) ?? '');
  return String(value);
}

export function compileTemplate(text: string, where: Where): Resolver {
  let parts: TemplatePart[];
  try {
    parts = splitTemplate(text);
  } catch (error) {
    throw toExpressionError(error, text, where, JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text));
  }
  const pieces = parts.map((p) => (typeof p === 'string' ? p : compileBlock(p.source, where)));
  const blocks = pieces.filter((p): p is Block => typeof p !== 'string');

  if (blocks.length === 0) {
    const constant = pieces.join('');
    return () => constant;
  }
  if (blocks.length === 1 && pieces.every((p) => typeof p !== 'string' || p.trim() === '')) {
    const [block] = blocks;
    return (rt) => {
      try {
        const value = run(rt, block);
        if (isCallable(value)) fail('gives a function, not a value; call it or pass it to map/filter');
        return value;
      } catch (error) {
        throw toExpressionError(error, block.source, where);
      }
    };
  }
  return (rt) => {
    let out = '';
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      try {
        out += toText(rt, run(rt, piece));
        if (out.length > LIMITS.textLength) fail('produces text longer than 10 MB');
      } catch (error) {
        throw toExpressionError(error, piece.source, where);
      }
    }
    return out;
  };
}
