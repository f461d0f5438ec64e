import { describe, expect, it } from 'vitest';
import ifNode from '../../../nodes/if';
import { fakeCtx, runNode } from './fake-ctx';

/** Whether one condition sends the item to "true". */
async function check(left: unknown, operator: string, right?: unknown, extra: Record<string, unknown> = {}) {
  const out = await runNode(ifNode, { config: { conditions: [{ left, operator, right }], ...extra }, inputs: { main: [{}] } });
  return out.true.length === 1;
}

describe('if', () => {
  it('routes each item to true or false', async () => {
    const { ctx } = fakeCtx(ifNode, { inputs: { main: [{ n: 5 }, { n: 50 }, { n: 500 }] } });
    ctx.configFor = (item) => ifNode.config.parse({ conditions: [{ left: item.n, operator: 'gt', right: '10' }] });
    const { outputs } = await ifNode.execute(ctx);
    expect(outputs).toEqual({ true: [{ n: 50 }, { n: 500 }], false: [{ n: 5 }] });
  });

  it('compares numbers as numbers when both sides are numeric', async () => {
    expect(await check('10', 'gt', '9')).toBe(true);
    expect(await check(10, 'gt', '9')).toBe(true);
    expect(await check('1.0', 'equals', 1)).toBe(true);
    expect(await check(' 7 ', 'lte', 7)).toBe(true);
    expect(await check(3, 'gte', 4)).toBe(false);
  });

  it('compares as text when one side is not a number', async () => {
    expect(await check('10', 'gt', 'abc')).toBe(false);
    expect(await check('b', 'gt', 'a')).toBe(true);
    expect(await check('2024-05-01', 'lt', '2024-12-31')).toBe(true);
    expect(await check('0x10', 'equals', 16)).toBe(false);
    expect(await check(true, 'equals', 'true')).toBe(true);
  });

  it('checks text operators', async () => {
    expect(await check('hello world', 'contains', 'lo w')).toBe(true);
    expect(await check('hello', 'notContains', 'x')).toBe(true);
    expect(await check('hello', 'startsWith', 'he')).toBe(true);
    expect(await check('hello', 'endsWith', 'lo')).toBe(true);
    expect(await check('hello', 'notEquals', 'Hello')).toBe(true);
  });

  it('finds a value in a list with "contains"', async () => {
    expect(await check(['a', 2, 'c'], 'contains', '2')).toBe(true);
    expect(await check(['ab', 'c'], 'contains', 'a')).toBe(false);
  });

  it('can ignore upper and lower case', async () => {
    expect(await check('Paris', 'equals', 'PARIS', { ignoreCase: true })).toBe(true);
    expect(await check('Paris', 'contains', 'AR', { ignoreCase: true })).toBe(true);
    expect(await check('Paris', 'regex', '^par', { ignoreCase: true })).toBe(true);
    expect(await check('Paris', 'equals', 'PARIS')).toBe(false);
  });

  it('treats missing, blank, empty lists and empty objects as empty', async () => {
    for (const value of [undefined, null, '', '   ', [], {}]) expect(await check(value, 'isEmpty')).toBe(true);
    for (const value of [0, false, 'x', [0], { a: 1 }]) expect(await check(value, 'isNotEmpty')).toBe(true);
  });

  it('reads true and false from booleans, 1/0 and text', async () => {
    for (const value of [true, 'true', ' TRUE ', 1, '1']) expect(await check(value, 'isTrue')).toBe(true);
    for (const value of [false, 'false', 0, '0']) expect(await check(value, 'isFalse')).toBe(true);
    expect(await check('yes', 'isTrue')).toBe(false);
    expect(await check('', 'isFalse')).toBe(false);
  });

  it('matches patterns, with or without slashes', async () => {
    expect(await check('order-123', 'regex', '^order-\\d+$')).toBe(true);
    expect(await check('ORDER', 'regex', '/order/i')).toBe(true);
    expect(await check('order', 'regex', '^\\d+$')).toBe(false);
  });

  it('has the negative checks: does not start with, does not end with, does not match the pattern', async () => {
    expect(await check('order-123', 'notStartsWith', 'order')).toBe(false);
    expect(await check('invoice-1', 'notStartsWith', 'order')).toBe(true);
    expect(await check('Report.PDF', 'notEndsWith', '.pdf', { ignoreCase: true })).toBe(false);
    expect(await check('report.csv', 'notEndsWith', '.pdf')).toBe(true);
    expect(await check('order-123', 'notRegex', '^order-\\d+$')).toBe(false);
    expect(await check('order-x', 'notRegex', '/^order-\\d+$/')).toBe(true);
  });

  it('explains an invalid pattern, naming the condition', async () => {
    const config = {
      conditions: [
        { left: 'a', operator: 'equals', right: 'a' },
        { left: 'a', operator: 'regex', right: '(' },
      ],
    };
    await expect(runNode(ifNode, { config, inputs: { main: [{}] } })).rejects.toThrow(/Condition 2: "\(" is not a valid pattern/);
  });

  it('combines conditions with "all" or "any"', async () => {
    const conditions = [
      { left: 5, operator: 'gt', right: 1 },
      { left: 5, operator: 'gt', right: 10 },
    ];
    const run = (combine: string) => runNode(ifNode, { config: { conditions, combine }, inputs: { main: [{ x: 1 }] } });
    expect(await run('and')).toEqual({ true: [], false: [{ x: 1 }] });
    expect(await run('or')).toEqual({ true: [{ x: 1 }], false: [] });
  });

  it('asks for a condition when the list is empty', async () => {
    await expect(runNode(ifNode, { config: { conditions: [] }, inputs: { main: [{}] } })).rejects.toThrow(/at least one condition/);
  });
});
