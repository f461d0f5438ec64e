/**
 * Operators over already-compiled operands. They keep JavaScript's own semantics; operands are
 * plain data or our inert Lambda/Builtin records, so the implicit conversions JS performs
 * (`[1] + 1`, `{} < 1`) only ever reach the built-in Object/Array conversions.
 */
import { type Code, checkText, fail, tick } from './runtime';

export function unaryOperator(operator: string, arg: Code): Code {
  switch (operator) {
    case '!':
      return (rt, env) => !arg(rt, env);
    case '-':
      return (rt, env) => (tick(rt), -(arg(rt, env) as number));
    case '+':
      return (rt, env) => (tick(rt), +(arg(rt, env) as number));
    case '~':
      return (rt, env) => (tick(rt), ~(arg(rt, env) as number));
    default:
      return fail(`the operator "${operator}" is not supported`);
  }
}

type Op = (a: unknown, b: unknown) => unknown;
const OPERATORS: Readonly<Record<string, Op>> = {
  '-': (a, b) => (a as number) - (b as number),
  '*': (a, b) => (a as number) * (b as number),
  '/': (a, b) => (a as number) / (b as number),
  '%': (a, b) => (a as number) % (b as number),
  '**': (a, b) => (a as number) ** (b as number),
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
  '&': (a, b) => (a as number) & (b as number),
  '|': (a, b) => (a as number) | (b as number),
  '^': (a, b) => (a as number) ^ (b as number),
  '<<': (a, b) => (a as number) << (b as number),
  '>>': (a, b) => (a as number) >> (b as number),
  '>>>': (a, b) => (a as number) >>> (b as number),
};

export function binaryOperator(operator: string, left: Code, right: Code): Code {
  switch (operator) {
    case '&&':
      return (rt, env) => left(rt, env) && right(rt, env);
    case '||':
      return (rt, env) => left(rt, env) || right(rt, env);
    case '??':
      return (rt, env) => left(rt, env) ?? right(rt, env);
    case '+':
      return (rt, env) => {
        tick(rt);
        const a = left(rt, env);
        const b = right(rt, env);
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        const sum: unknown = (a as string) + (b as string);
        return typeof sum === 'string' && sum.length > 65_536 ? checkText(rt, sum) : sum;
      };
  }
  if (!Object.hasOwn(OPERATORS, operator)) fail(`the operator "${operator}" is not supported`);
  const op = OPERATORS[operator];
  return (rt, env) => (tick(rt), op(left(rt, env), right(rt, env)));
}
