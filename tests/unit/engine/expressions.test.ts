import { describe, expect, it } from 'vitest';
import {
  EXPRESSION_LIMITS,
  ExpressionError,
  type ExpressionScope,
  compileConfig,
  evaluateExpression,
  findNodeReferences,
  hasExpression,
} from '../../../core/expressions';

const items = [
  { id: 1, name: 'Ann', tags: ['a', 'b'], price: 2.5 },
  { id: 2, name: 'Bob', tags: [], price: 10 },
  { id: 3, name: 'Cy', tags: ['c'], price: 4 },
];

function scopeFor(index = 0, extra: Partial<ExpressionScope> = {}): ExpressionScope {
  return {
    $json: items[index],
    $index: index,
    $items: items,
    $node: {
      n_fetch: { json: { status: 200, body: { ok: true } }, items: [{ status: 200 }, { status: 404 }] },
    },
    $trigger: { body: { email: 'a@b.c' } },
    $run: { id: 'run_1', workflowId: 'wf_1' },
    $now: '2024-05-01T12:00:00.000Z',
    $vars: { region: 'eu' },
    ...extra,
  };
}

const ev = (text: string, scope: ExpressionScope = scopeFor()) => evaluateExpression(text, scope);

/** The ExpressionError thrown by `run`, so a test can assert on its fields. */
function errorOf(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw new Error(`expected an ExpressionError, got ${String(error)}`);
  }
  throw new Error('expected an ExpressionError, but nothing was thrown');
}

describe('raw values and interpolation', () => {
  it('gives the raw value when the string is exactly one expression', () => {
    expect(ev('{{ $json.id + 1 }}')).toBe(2);
    expect(ev('  {{ $json.tags }}  ')).toEqual(['a', 'b']);
    expect(ev('{{ $json.price > 3 }}')).toBe(false);
    expect(ev('{{ { n: $json.name, i: $index } }}')).toEqual({ n: 'Ann', i: 0 });
    expect(ev('{{ null }}')).toBeNull();
  });

  it('builds a string when text and expressions are mixed', () => {
    expect(ev('Hi {{ $json.name }}, #{{ $json.id }}!')).toBe('Hi Ann, #1!');
    expect(ev('tags={{ $json.tags }} obj={{ {a: 1} }}')).toBe('tags=["a","b"] obj={"a":1}');
    expect(ev('[{{ null }}|{{ $json.missing }}]')).toBe('[|]');
    expect(ev('{{ $json.id }}{{ $json.name }}')).toBe('1Ann');
  });

  it('treats \\{{ as literal braces', () => {
    expect(ev('\\{{ not code }}')).toBe('{{ not code }}');
    expect(ev('\\{{ x }} and {{ $json.name }}')).toBe('{{ x }} and Ann');
  });

  it('finds the closing braces after object literals and quoted braces', () => {
    expect(ev('{{ {a: {b: 1}} }}')).toEqual({ a: { b: 1 } });
    expect(ev('{{ "}}" + $json.name }}')).toBe('}}Ann');
  });

  it('returns text without expressions unchanged', () => {
    expect(ev('plain text')).toBe('plain text');
  });
});

describe('scope variables', () => {
  it('reads the current item, its index and all items', () => {
    expect(ev('{{ $items.length }}')).toBe(3);
    expect(ev('{{ $items[$index + 1].name }}')).toBe('Bob');
    expect(ev('{{ $json.name }}', scopeFor(2))).toBe('Cy');
  });

  it('reads upstream nodes by id with dot or bracket access', () => {
    expect(ev('{{ $node["n_fetch"].json.status }}')).toBe(200);
    expect(ev('{{ $node.n_fetch.items.map(i => i.status) }}')).toEqual([200, 404]);
    expect(ev('{{ $node.n_fetch.json.body.ok }}')).toBe(true);
  });

  it('reads the trigger, run, now and vars', () => {
    expect(ev('{{ $trigger.body.email }}')).toBe('a@b.c');
    expect(ev('{{ $run.id }}/{{ $run.workflowId }}')).toBe('run_1/wf_1');
    expect(ev('{{ Date.parse($now) }}')).toBe(Date.parse('2024-05-01T12:00:00.000Z'));
    expect(ev('{{ $vars.region.toUpperCase() }}')).toBe('EU');
  });
});

describe('operators, helpers and methods', () => {
  it('supports optional chaining, ?? and the conditional operator', () => {
    expect(ev('{{ $json.missing?.deep.deeper }}')).toBeUndefined();
    expect(ev('{{ $json.missing ?? "fallback" }}')).toBe('fallback');
    expect(ev('{{ $json.price >= 10 ? "big" : "small" }}')).toBe('small');
    expect(ev('{{ !$json.tags.length || $json.id === 1 }}')).toBe(true);
  });

  it('runs array methods with arrow functions', () => {
    expect(ev('{{ $items.filter(i => i.price > 3).map(i => i.name) }}')).toEqual(['Bob', 'Cy']);
    expect(ev('{{ $items.find(i => i.id === 2).name }}')).toBe('Bob');
    expect(ev('{{ $items.some(i => i.tags.includes("c")) }}')).toBe(true);
    expect(ev('{{ $items.every(i => i.price > 3) }}')).toBe(false);
    expect(ev('{{ $items.reduce((sum, i) => sum + i.price, 0) }}')).toBe(16.5);
    expect(ev('{{ $items.map((i, n) => n + ":" + i.name).join(", ") }}')).toBe('0:Ann, 1:Bob, 2:Cy');
    expect(ev('{{ $items.map(i => i.tags).flat() }}')).toEqual(['a', 'b', 'c']);
    expect(ev('{{ [1, 2, 3].map(a => [10, 20].map(b => a * b)) }}')).toEqual([
      [10, 20],
      [20, 40],
      [30, 60],
    ]);
    expect(ev('{{ ["1", "2"].map(Number) }}')).toEqual([1, 2]);
  });

  it('sorts and reverses copies, leaving the input items untouched', () => {
    expect(ev('{{ $items.sort((a, b) => b.price - a.price).map(i => i.id) }}')).toEqual([2, 3, 1]);
    expect(ev('{{ $items.reverse()[0].id }}')).toBe(3);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it('offers the allowlisted string and number methods', () => {
    expect(ev('{{ " a-b ".trim().split("-") }}')).toEqual(['a', 'b']);
    expect(ev('{{ "a.b.c".replaceAll(".", "/") }}')).toBe('a/b/c');
    expect(ev('{{ "cost: $x".replace("$x", "$&5") }}')).toBe('cost: $&5');
    expect(ev('{{ $json.name.padStart(6, "*").slice(1) }}')).toBe('**Ann');
    expect(ev('{{ $json.price.toFixed(2) }}')).toBe('2.50');
    expect(ev('{{ "abc"[1] + "abc".at(-1) }}')).toBe('bc');
  });

  it('offers Math, JSON, Object and conversion helpers', () => {
    expect(ev('{{ Math.max(...$items.map(i => i.price)) }}')).toBe(10);
    expect(ev('{{ Math.round(Math.PI * 100) / 100 }}')).toBe(3.14);
    expect(ev('{{ JSON.parse(JSON.stringify($json)).name }}')).toBe('Ann');
    expect(ev('{{ Object.entries({a: 1, b: 2}).map(e => e[0] + e[1]).join() }}')).toBe('a1,b2');
    expect(ev('{{ [String(5), Number("7"), Boolean(""), parseInt("12px"), parseFloat("1.5"), isNaN("x")] }}')).toEqual([
      '5',
      7,
      false,
      12,
      1.5,
      true,
    ]);
    expect(ev('{{ {...$json, id: 9, extra: [...$json.tags, "z"]} }}')).toEqual({ ...items[0], id: 9, extra: ['a', 'b', 'z'] });
  });
});

describe('compileConfig', () => {
  const where = { nodeId: 'n_http', nodeName: 'Fetch user' };

  it('returns the original object when there are no expressions', () => {
    const config = { url: 'https://example.com', headers: [{ name: 'a', value: 'b' }] };
    expect(compileConfig(config, where)(scopeFor())).toBe(config);
  });

  it('resolves every expression deeply and shares the parts without any', () => {
    const headers = [{ name: 'Accept', value: 'application/json' }];
    const config = {
      url: 'https://api.test/users/{{ $json.id }}',
      headers,
      fields: [
        { name: 'total', value: '{{ $json.price * 2 }}' },
        { name: 'fixed', value: 1 },
      ],
    };
    const resolve = compileConfig(config, where);
    const first = resolve(scopeFor(0)) as typeof config;
    expect(first).toEqual({
      url: 'https://api.test/users/1',
      headers,
      fields: [
        { name: 'total', value: 5 },
        { name: 'fixed', value: 1 },
      ],
    });
    expect(first.headers).toBe(headers);
    expect((resolve(scopeFor(1)) as typeof config).url).toBe('https://api.test/users/2');
    expect(config.url).toBe('https://api.test/users/{{ $json.id }}');
  });

  it('names the field, node and expression when evaluation fails', () => {
    const resolve = compileConfig({ url: '{{ $json.foo.bar }}' }, where);
    const error = errorOf(() => resolve(scopeFor()));
    expect(error.message).toBe('Expression {{ $json.foo.bar }} in field "url": cannot read "bar" of undefined ($json.foo is undefined)');
    expect(error).toMatchObject({ expression: '$json.foo.bar', field: 'url', nodeId: 'n_http' });
  });

  it('reports a broken expression when compiling, with the dotted path of the field', () => {
    const error = errorOf(() => compileConfig({ fields: [{ value: 'ok' }, { value: 'x {{ $json.a + }}' }] }, where));
    expect(error).toMatchObject({ field: 'fields.1.value', nodeId: 'n_http', expression: '$json.a +' });
    expect(error.message).toMatch(/^Expression \{\{ \$json\.a \+ \}\} in field "fields\.1\.value": is not valid/);
  });

  it('reports a {{ that is never closed', () => {
    expect(errorOf(() => compileConfig({ body: 'Dear {{ name' }, where)).message).toMatch(
      /in field "body": has "\{\{" without a closing "\}\}"/,
    );
  });
});

describe('static helpers', () => {
  it('hasExpression looks through nested objects and arrays', () => {
    expect(hasExpression({ a: [{ b: 'x {{ $json.y }}' }] })).toBe(true);
    expect(hasExpression({ a: [{ b: 'plain' }], n: 1 })).toBe(false);
    expect(hasExpression('{{')).toBe(true);
  });

  it('findNodeReferences lists ids used through $node, once each', () => {
    const config = {
      a: '{{ $node["n_a"].json.x + $node.n_b.items.length }}',
      b: ["{{ $node['n_a'].json }}", '{{ $items.map(i => $node.n_c.json[i.k]) }}', '{{ broken( }}'],
    };
    expect(findNodeReferences(config)).toEqual(['n_a', 'n_b', 'n_c']);
  });
});

describe('escape attempts', () => {
  it.each([
    '{{ $json.constructor }}',
    '{{ $json.__proto__ }}',
    '{{ $json["__proto__"] }}',
    '{{ $json["con" + "structor"] }}',
    '{{ "".constructor.constructor("return process")() }}',
    '{{ ""["constructor"]["constructor"]("return process")() }}',
    '{{ [].map.constructor }}',
    '{{ [].map }}',
    '{{ Math.constructor }}',
    '{{ Math.max.call }}',
    '{{ JSON.parse.constructor }}',
    '{{ (x => x).constructor }}',
    '{{ $json.toString }}',
    '{{ $json.hasOwnProperty("id") }}',
    '{{ [].push(1) }}',
    '{{ this }}',
    '{{ process }}',
    '{{ process.env }}',
    '{{ globalThis }}',
    '{{ require("fs") }}',
    '{{ eval("1") }}',
    '{{ Function("return process")() }}',
    '{{ new Function("return 1") }}',
    '{{ $json["__proto__"]["polluted"] = 1 }}',
    '{{ "aaaa".match("(a+)+$") }}',
    '{{ Math.random() }}',
  ])('refuses %s', (text) => {
    expect(() => ev(text)).toThrow(ExpressionError);
  });

  it('does not let an object literal change Object.prototype', () => {
    expect(() => ev('{{ {"__proto__": {"polluted": 1}} }}')).toThrow(ExpressionError);
    const copied = ev('{{ {...JSON.parse(\'{"__proto__": {"polluted": 1}}\')} }}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops runaway nesting with the step budget', () => {
    const ten = '[0,1,2,3,4,5,6,7,8,9]';
    const nested = `{{ ${ten}.map(a => ${ten}.map(b => ${ten}.map(c => ${ten}.map(d => ${ten}.map(e => a+b+c+d+e))))) }}`;
    expect(errorOf(() => ev(nested)).reason).toMatch(/took more than 100,000 steps/);
    expect(ev(`{{ ${ten}.map(a => ${ten}.map(b => a * b)).flat().length }}`)).toBe(100);
  });

  it('stops functions that call themselves', () => {
    expect(errorOf(() => ev('{{ (f => f(f))(f => f(f)) }}')).reason).toMatch(/too deeply/);
  });

  it('refuses to build text over the size limit', () => {
    expect(errorOf(() => ev('{{ "a".repeat(1e9) }}')).reason).toMatch(/longer than 10 MB/);
    expect(errorOf(() => ev('{{ "ab".padEnd(1e9) }}')).reason).toMatch(/longer than 10 MB/);
    const half = EXPRESSION_LIMITS.textLength / 2;
    expect(() => ev(`{{ "a".repeat(${half}) + "a".repeat(${half}) + "a" }}`)).toThrow(ExpressionError);
  });

  it('never hands a function out of an expression', () => {
    expect(() => ev('{{ x => x }}')).toThrow(ExpressionError);
    expect(() => ev('{{ String }}')).toThrow(ExpressionError);
  });
});
