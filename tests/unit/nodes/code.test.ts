import { describe, expect, it } from 'vitest';
import code from '../../../nodes/code';
import { runInSandbox } from '../../../nodes/lib/sandbox';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';

const people: Item[] = [
  { name: 'Ada', age: 36 },
  { name: 'Alan', age: 41 },
];

function runCode(config: Record<string, unknown>, items: Item[] = people) {
  return runNode(code, { config, inputs: { main: items } }).then((out) => out.main);
}

describe('code', () => {
  it('runs the default example as it is', async () => {
    expect(await runCode({})).toEqual([
      { name: 'Ada', age: 36, checked: true },
      { name: 'Alan', age: 41, checked: true },
    ]);
  });

  it('runs once for all items: gets the list, returns a list or one object', async () => {
    expect(await runCode({ code: 'return items.filter((p) => p.age > 40);' })).toEqual([{ name: 'Alan', age: 41 }]);
    expect(await runCode({ code: 'return { count: items.length };' })).toEqual([{ count: 2 }]);
  });

  it('runs once per item with item, $json and index, and drops items on null', async () => {
    const out = await runCode({
      mode: 'each',
      code: 'if (item.age < 40) return null;\nreturn { who: $json.name, position: index };',
    });
    expect(out).toEqual([{ who: 'Alan', position: 1 }]);
  });

  it('supports await at the top of the code', async () => {
    const out = await runCode({ code: 'const n = await Promise.resolve(items.length);\nreturn { n };' });
    expect(out).toEqual([{ n: 2 }]);
  });

  it('sends console.log, warn and error to the node logs, with a limit', async () => {
    const { ctx, logs } = fakeCtx(code, {
      config: { code: 'console.log("count", items.length, { a: 1 });\nconsole.warn("careful");\nconsole.error("bad");\nreturn items;' },
      inputs: { main: people },
    });
    await code.execute(ctx);
    expect(logs).toEqual([
      { level: 'info', message: 'count 2 {"a":1}' },
      { level: 'warn', message: 'careful' },
      { level: 'error', message: 'bad' },
    ]);

    const noisy = fakeCtx(code, { config: { code: 'for (let i = 0; i < 1000; i++) console.log(i);\nreturn {};' }, inputs: { main: [] } });
    await code.execute(noisy.ctx);
    expect(noisy.logs).toHaveLength(101);
    expect(noisy.logs[100]).toEqual({ level: 'warn', message: 'Only the first 100 console lines are kept.' });
  });

  it('has no process, require, fetch, timers or file access inside', async () => {
    const out = await runCode({
      code: 'return { process: typeof process, require: typeof require, fetch: typeof fetch, setTimeout: typeof setTimeout, Buffer: typeof Buffer };',
    });
    expect(out).toEqual([{ process: 'undefined', require: 'undefined', fetch: 'undefined', setTimeout: 'undefined', Buffer: 'undefined' }]);
  });

  it('stops an endless loop at its time limit, and the next run still works', async () => {
    const started = performance.now();
    await expect(runCode({ code: 'while (true) {}', timeoutMs: 300 })).rejects.toThrow('The code ran longer than its time limit of 0.3 s');
    expect(performance.now() - started).toBeLessThan(3_000);
    // A promise that never settles is stopped too, not left hanging.
    await expect(runCode({ code: 'await new Promise(() => {});', timeoutMs: 200 })).rejects.toThrow('time limit of 0.2 s');
    expect(await runCode({ code: 'return { ok: true };' })).toEqual([{ ok: true }]);
  });

  it('stops code that uses too much memory, and the next run still works', async () => {
    const bomb = 'const list = [];\nwhile (true) list.push({ text: "x".repeat(100) + list.length });';
    await expect(runCode({ code: bomb, memoryLimitMb: 16, timeoutMs: 60_000 })).rejects.toThrow('The code used more than 16 MB of memory');
    expect(await runCode({ code: 'return { ok: true };' })).toEqual([{ ok: true }]);
  });

  it('offers no WebAssembly, whose memory the limit could not count (a 1 GB Memory under a 64 MB limit)', async () => {
    const grab = 'const m = new WebAssembly.Memory({ initial: 16384 });\nreturn { bytes: m.buffer.byteLength };';
    await expect(runCode({ code: grab, memoryLimitMb: 64 })).rejects.toThrow(/WebAssembly is not defined/);
    expect(await runCode({ code: 'return { has: typeof WebAssembly };' })).toEqual([{ has: 'undefined' }]);
  });

  it('gets at most the memory the instance allows, whatever its own form asks for', async () => {
    const bomb = 'const list = [];\nwhile (true) list.push({ text: "x".repeat(100) + list.length });';
    const run = runNode(code, {
      config: { code: bomb, memoryLimitMb: 4_096, timeoutMs: 60_000 },
      inputs: { main: people },
      policy: { codeMemoryLimitMb: 16 },
    });
    await expect(run).rejects.toThrow('The code used more than 16 MB of memory');
  });

  it('reports a syntax error with its line in the user code', async () => {
    await expect(runCode({ code: 'const a = 1;\nconst b = ;\nreturn items;' })).rejects.toThrow(
      "The code has a mistake on line 2: Unexpected token ';'.",
    );
    // A missing } is noticed after the end; the last line of the user's code is named.
    await expect(runCode({ code: 'return items.map((item) => {\n  return item;\n' })).rejects.toThrow('on line 3');
  });

  it('reports a thrown error with its message, line and item', async () => {
    await expect(runCode({ code: '// check\n\nthrow new Error("No prices found");' })).rejects.toThrow(
      'The code failed on line 3: No prices found',
    );
    await expect(runCode({ mode: 'each', code: 'return { upper: item.name.toUpperCase(), x: item.missing.x };' })).rejects.toThrow(
      "The code failed on line 1 while working on item 1: Cannot read properties of undefined (reading 'x')",
    );
  });

  it('explains results that are not items', async () => {
    await expect(runCode({ code: 'items.push({});' })).rejects.toThrow('The code returned nothing. End it with "return items"');
    await expect(runCode({ code: 'return 42;' })).rejects.toThrow('The code returned a number.');
    await expect(runCode({ code: 'return [{}, "x"];' })).rejects.toThrow('Entry 2 of the list the code returned is text');
    await expect(runCode({ mode: 'each', code: 'return [item];' })).rejects.toThrow('For item 1 the code returned a list');
    await expect(runCode({ mode: 'each', code: 'item.seen = true;' })).rejects.toThrow('The code returned nothing for item 1');
    await expect(runCode({ code: 'return { big: 1n };' })).rejects.toThrow("The code's result can't be passed on as data");
  });

  it('copies items in and out, so the input items stay untouched', async () => {
    const input: Item[] = [{ n: 1, when: new Date('2024-05-01T00:00:00Z') }];
    const out = await runCode({ mode: 'each', code: 'item.n = 2;\nreturn item;' }, input);
    expect(out).toEqual([{ n: 2, when: '2024-05-01T00:00:00.000Z' }]);
    expect(input[0].n).toBe(1);
  });

  it('stops a long loop when the run is cancelled', async () => {
    const { ctx, controller } = fakeCtx(code, { config: { code: 'while (true) {}', timeoutMs: 60_000 }, inputs: { main: people } });
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('run cancelled')), 100);
    await expect(code.execute(ctx)).rejects.toThrow('run cancelled');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await runCode({ code: 'return {};' })).toEqual([{}]);
  });

  it('refuses limits outside the allowed range in plain words', () => {
    expect(code.config.safeParse({ timeoutMs: 1 }).error?.issues[0].message).toBe('The time limit must be at least 10 ms.');
    expect(code.config.safeParse({ memoryLimitMb: 2 }).error?.issues[0].message).toBe('The memory limit must be at least 8 MB.');
  });
});

describe('runInSandbox', () => {
  const limits = { timeoutMs: 2_000, memoryLimitMb: 32 };

  it('lets the code call host functions as async functions, with copied arguments', async () => {
    const seen: unknown[] = [];
    const result = await runInSandbox({
      ...limits,
      code: 'const page = await open(url);\nreturn page.title;',
      globals: {
        url: 'https://example.com',
        open: async (address: string) => {
          seen.push(address);
          return { title: `Title of ${address}` };
        },
      },
    });
    expect(result).toBe('Title of https://example.com');
    expect(seen).toEqual(['https://example.com']);
  });

  it('turns a failing host function into an error inside the code', async () => {
    const result = await runInSandbox({
      ...limits,
      code: 'try { await click(); } catch (error) { return "caught: " + error.message; }',
      globals: {
        click: () => {
          throw new Error('no such button');
        },
      },
    });
    expect(result).toBe('caught: no such button');
  });

  it('counts time spent waiting for a host function against the time limit', async () => {
    const slow = () => new Promise((resolve) => setTimeout(resolve, 5_000));
    await expect(runInSandbox({ ...limits, timeoutMs: 200, code: 'await slow();', globals: { slow } })).rejects.toThrow(
      'time limit of 0.2 s',
    );
  });
});

describe('code with n8n items ({ json })', () => {
  const items = [{ n: 1 }, { n: 2 }];
  const n8n = (source: string, mode = 'all') => runNode(code, { config: { mode, code: source, n8nItems: true }, inputs: { main: items } });

  it('runs code written for n8n: $input.all(), items.map with json, and [{ json }] returns', async () => {
    expect((await n8n('return $input.all().map((i) => ({ json: { double: i.json.n * 2 } }));')).main).toEqual([
      { double: 2 },
      { double: 4 },
    ]);
    expect((await n8n('return items.map((item) => { item.json.seen = true; return item; });')).main).toEqual([
      { n: 1, seen: true },
      { n: 2, seen: true },
    ]);
    expect((await n8n('return [{ json: { total: items.length, first: $input.first().json.n, $json: $json.n } }];')).main).toEqual([
      { total: 2, first: 1, $json: 1 },
    ]);
    expect((await n8n('return { json: { one: true } };')).main).toEqual([{ one: true }]);
  });

  it('runs n8n code once for each item with $input.item and $json', async () => {
    expect((await n8n('$input.item.json.big = $json.n > 1; return $input.item;', 'each')).main).toEqual([
      { n: 1, big: false },
      { n: 2, big: true },
    ]);
    expect((await n8n('return { json: { i: $itemIndex } };', 'each')).main).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it('keeps the line numbers of the code in errors', async () => {
    await expect(n8n('const a = 1;\nthrow new Error("boom");')).rejects.toThrow(/line 2/);
  });
});

describe('code with dates (Luxon in the sandbox)', () => {
  it('has DateTime, Duration, $now and $today, and a DateTime returned becomes ISO text', async () => {
    const out = await runCode(
      {
        mode: 'each',
        code: `return {
        next: DateTime.fromISO('2024-01-31', { zone: 'utc' }).plus({ months: 1 }).toISODate(),
        at: DateTime.fromISO('2024-03-15T10:20:30Z', { zone: 'Europe/Berlin' }),
        midnight: $today.toFormat('HH:mm'),
        later: $now >= $today,
        hours: Duration.fromObject({ days: 2 }).as('hours'),
      };`,
      },
      [{}],
    );
    expect(out).toStrictEqual([{ next: '2024-02-29', at: '2024-03-15T11:20:30.000+01:00', midnight: '00:00', later: true, hours: 48 }]);
  });

  it("works in UTC whatever the server machine's time zone, as dates in expressions do", async () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const out = await runCode(
        {
          code: `return [{ zone: DateTime.now().zoneName, hour: DateTime.fromISO('2024-05-01T12:00:00Z').hour, local: DateTime.fromISO('2024-05-01T09:00').toISO(), today: $today.toISO().slice(10) }];`,
        },
        [{}],
      );
      expect(out).toStrictEqual([{ zone: 'UTC', hour: 12, local: '2024-05-01T09:00:00.000Z', today: 'T00:00:00.000Z' }]);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("works in the workflow's time zone when it has one", async () => {
    const out = await runNode(code, {
      config: {
        code: `return [{ zone: DateTime.now().zoneName, hour: DateTime.fromISO('2024-05-01T12:00:00Z').hour, today: $today.toISO().slice(10) }];`,
      },
      inputs: { main: [{}] },
      timezone: 'Asia/Tokyo',
    });
    expect(out.main).toStrictEqual([{ zone: 'Asia/Tokyo', hour: 21, today: 'T00:00:00.000+09:00' }]);
  });

  it("gives Luxon nothing of the host: its functions' constructors still reach only the sandbox", async () => {
    const out = await runCode(
      {
        code: `const F = DateTime.now().constructor.constructor;
        return [{ process: F('return typeof process')(), require: F('return typeof require')() }];`,
      },
      [{}],
    );
    expect(out).toStrictEqual([{ process: 'undefined', require: 'undefined' }]);
  });

  it('loads Luxon only for code that names it', async () => {
    expect(await runCode({ code: 'return [{ luxon: typeof globalThis.luxon }];' }, [{}])).toStrictEqual([{ luxon: 'undefined' }]);
    expect(await runCode({ code: 'return [{ luxon: typeof globalThis.luxon, n: typeof $now }];' }, [{}])).toStrictEqual([
      { luxon: 'object', n: 'object' },
    ]);
  });
});
