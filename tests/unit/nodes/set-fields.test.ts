import { describe, expect, it } from 'vitest';
import setFields from '../../../nodes/set-fields';
import { fakeCtx, runNode } from './fake-ctx';

const set = (config: unknown, items: Record<string, unknown>[] = [{ id: 1 }]) => runNode(setFields, { config, inputs: { main: items } });

describe('set-fields', () => {
  it('adds fields and keeps the others by default', async () => {
    const out = await set({ fields: [{ name: 'status', value: 'new' }] });
    expect(out.main).toEqual([{ id: 1, status: 'new' }]);
  });

  it('keeps only the listed fields when "keep the other fields" is off', async () => {
    const out = await set({ fields: [{ name: 'status', value: 'new' }], keepOtherFields: false });
    expect(out.main).toEqual([{ status: 'new' }]);
  });

  it('creates nested objects for dotted names without touching the input item', async () => {
    const input = { id: 1, address: { street: 'Main St' } };
    const out = await set(
      {
        fields: [
          { name: 'address.city', value: 'Lyon' },
          { name: 'a.b.c', value: 'x' },
        ],
      },
      [input],
    );
    expect(out.main).toEqual([{ id: 1, address: { street: 'Main St', city: 'Lyon' }, a: { b: { c: 'x' } } }]);
    expect(input).toEqual({ id: 1, address: { street: 'Main St' } });
  });

  it('keeps the type of values that came from expressions', async () => {
    const out = await set({
      fields: [
        { name: 'count', value: 42 },
        { name: 'ok', value: true },
        { name: 'tags', value: ['a', 'b'] },
      ],
    });
    expect(out.main).toEqual([{ id: 1, count: 42, ok: true, tags: ['a', 'b'] }]);
  });

  it('keeps typed text that looks like a number as text', async () => {
    const out = await set({
      fields: [
        { name: 'zip', value: '01234' },
        { name: 'n', value: '42' },
      ],
    });
    expect(out.main).toEqual([{ id: 1, zip: '01234', n: '42' }]);
  });

  it('skips rows without a name and sets a missing value to null', async () => {
    const out = await set({ fields: [{ name: '  ', value: 'x' }, { name: 'empty' }] });
    expect(out.main).toEqual([{ id: 1, empty: null }]);
  });

  it('uses each item’s own config', async () => {
    const { ctx } = fakeCtx(setFields, { inputs: { main: [{ n: 1 }, { n: 2 }] } });
    ctx.configFor = (item) => setFields.config.parse({ fields: [{ name: 'double', value: Number(item.n) * 2 }] });
    expect((await setFields.execute(ctx)).outputs.main).toEqual([
      { n: 1, double: 2 },
      { n: 2, double: 4 },
    ]);
  });

  it('explains which row has an unusable name', async () => {
    await expect(
      set({
        fields: [
          { name: 'ok', value: 1 },
          { name: 'a..b', value: 2 },
        ],
      }),
    ).rejects.toThrow(/row 2: The field name "a\.\.b" has an empty part/);
    await expect(set({ fields: [{ name: '__proto__.polluted', value: 1 }] })).rejects.toThrow(/can't be used/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('set-fields types and paths (n8n Edit Fields rules)', () => {
  const typed = (value: unknown, type: string, extra: Record<string, unknown> = {}) =>
    set({ fields: [{ name: 'v', value, type }], keepOtherFields: false, ...extra }).then((out) => out.main[0].v);

  it('turns values into the declared type, whether typed in or from an expression', async () => {
    expect(await typed('123456', 'number')).toBe(123456);
    expect(await typed(4, 'text')).toBe('4');
    expect(await typed({ a: 1 }, 'text')).toBe('{"a":1}');
    expect(await typed('TRUE', 'boolean')).toBe(true);
    expect(await typed(0, 'boolean')).toBe(false);
    expect(await typed('["a", 2]', 'list')).toEqual(['a', 2]);
    expect(await typed("{'k': 'v'}", 'object')).toEqual({ k: 'v' });
    expect(await typed(null, 'number')).toBeNull();
    expect(await typed('42', 'auto')).toBe('42');
  });

  it('fails with the row and the reason when a value does not fit, unless told to keep it', async () => {
    await expect(typed('abc', 'number')).rejects.toThrow('Fields to set, row 1 ("v"): "abc" is not a number.');
    await expect(typed('maybe', 'boolean')).rejects.toThrow(/"maybe" is not yes\/no/);
    expect(await typed('abc', 'number', { keepUnconvertible: true })).toBe('abc');
  });

  it('writes list positions with [n] and keeps dotted names whole when dot notation is off', async () => {
    const out = await set(
      {
        fields: [
          { name: 'list[1]', value: 'b' },
          { name: 'lines[0].sku', value: 'X1' },
        ],
      },
      [{ list: ['a'] }],
    );
    expect(out.main).toEqual([{ list: ['a', 'b'], lines: [{ sku: 'X1' }] }]);
    const fresh = await set({ fields: [{ name: 'list[2]', value: 'c' }] }, [{}]);
    expect(fresh.main).toEqual([{ list: [null, null, 'c'] }]);
    const flat = await set({ fields: [{ name: 'a.b', value: 1 }], dotNotation: false }, [{}]);
    expect(flat.main).toEqual([{ 'a.b': 1 }]);
    const plain = await set({ fields: [{ name: 'price [EUR]', value: 3 }] }, [{}]);
    expect(plain.main).toEqual([{ 'price [EUR]': 3 }]);
  });
});
