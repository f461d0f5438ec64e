import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codePython from '../../../nodes/code-python';
import type { Item } from '../../../nodes/types';
import { fakeCtx, runNode } from './fake-ctx';

// Loading Pyodide takes 5–20 s on a busy machine (only the first run of a process; later ones
// take a loaded spare), so these tests get generous limits; the step's own time limits are tight.
const SLOW = 180_000;

function runPy(config: Record<string, unknown>, items: Item[] = []) {
  return runNode(codePython, { config, inputs: { main: items } }).then((out) => out.main);
}

function sales(count: number): Item[] {
  const regions = ['North', 'South', 'East', 'West', 'Centre'];
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, region: regions[i % regions.length], amount: (i % 7) + 0.5 }));
}

function expectedTotals(items: Item[]) {
  const totals = new Map<string, { count: number; total: number }>();
  for (const item of items) {
    const row = totals.get(item.region as string) ?? { count: 0, total: 0 };
    row.count += 1;
    row.total += item.amount as number;
    totals.set(item.region as string, row);
  }
  return [...totals]
    .map(([region, row]) => ({ region, count: row.count, total: row.total }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

const GROUP_AND_SUM = `
from collections import defaultdict
totals = defaultdict(lambda: {"count": 0, "total": 0.0})
for item in items:
    row = totals[item["region"]]
    row["count"] += 1
    row["total"] += item["amount"]
return [{"region": region, **row} for region, row in sorted(totals.items())]
`;

describe('code-python', () => {
  it('runs the default example as it is', { timeout: SLOW }, async () => {
    expect(await runPy({}, [{ name: 'Ada' }])).toEqual([{ name: 'Ada', checked: true }]);
  });

  it('groups and sums 25 and 1,001 items', { timeout: SLOW }, async () => {
    for (const count of [25, 1_001]) {
      const items = sales(count);
      expect(await runPy({ code: GROUP_AND_SUM }, items)).toEqual(expectedTotals(items));
    }
  });

  it('runs once per item with item and index, and drops items on None', { timeout: SLOW }, async () => {
    const code = 'if item["age"] < 40:\n    return None\nreturn {"who": item["name"], "position": index}';
    expect(
      await runPy({ mode: 'each', code }, [
        { name: 'Ada', age: 36 },
        { name: 'Alan', age: 41 },
      ]),
    ).toEqual([{ who: 'Alan', position: 1 }]);
  });

  it('has the standard library, and turns dates and decimals into data', { timeout: SLOW }, async () => {
    const code = [
      'import datetime, decimal, statistics, json, re',
      'print("mean", statistics.mean([1, 2, 3]))',
      'return {"day": datetime.date(2026, 12, 7), "price": decimal.Decimal("2.50"), "word": re.sub("a", "o", "banana")}',
    ].join('\n');
    const { ctx, logs } = fakeCtx(codePython, { config: { code }, inputs: { main: [] } });
    expect((await codePython.execute(ctx)).outputs.main).toEqual([{ day: '2026-12-07', price: 2.5, word: 'bonono' }]);
    expect(logs).toEqual([{ level: 'info', message: 'mean 2' }]);
  });

  it('says which line failed and why, in plain words', { timeout: SLOW }, async () => {
    await expect(
      runPy({ code: 'total = 0\nfor item in items:\n    total += item["price"]\nreturn {"total": total}' }, [{ name: 'Ada' }]),
    ).rejects.toThrow("The code failed on line 3: KeyError: 'price'");
    await expect(runPy({ code: 'return [\n' })).rejects.toThrow(/^The code has a mistake on line 1: /);
    await expect(runPy({ code: 'x = 1' })).rejects.toThrow('The code returned nothing. End it with "return items"');
    await expect(runPy({ code: 'return [1, 2]' })).rejects.toThrow('Entry 1 of the list the code returned is a number.');
    await expect(runPy({ code: 'return {"when": object()}' })).rejects.toThrow(
      "The code's result can't be passed on as data: a value of type object is not data",
    );
  });

  it('has no way out to JavaScript, the files or the environment', { timeout: SLOW }, async () => {
    await expect(runPy({ code: 'import js\nreturn {}' })).rejects.toThrow('The module "js" is not available in the Python step.');
    await expect(runPy({ code: 'from pyodide.code import run_js\nreturn {}' })).rejects.toThrow('is not available in the Python step');
    await expect(runPy({ code: 'return {"text": open("/etc/hostname").read()}' })).rejects.toThrow(/FileNotFoundError/);
    expect(await runPy({ code: 'import os\nreturn {"secret": os.environ.get("DATABASE_URL")}' })).toEqual([{ secret: null }]);
  });

  describe('limits, while the server keeps answering', () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((_req, res) => res.end('still here'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** Runs the step and, until it has settled, asks the server for an answer again and again. */
    async function whileAnswering(run: Promise<unknown>) {
      let settled = false;
      const outcome = run.then(
        () => {
          settled = true;
          return 'ran';
        },
        (error: Error) => {
          settled = true;
          return error.message;
        },
      );
      let answers = 0;
      do {
        const res = await fetch(url);
        expect(await res.text()).toBe('still here');
        answers += 1;
      } while (!settled);
      return { message: await outcome, answers };
    }

    it('stops an endless loop at the time limit', { timeout: SLOW }, async () => {
      const { message, answers } = await whileAnswering(runPy({ code: 'while True:\n    pass', timeoutMs: 1_500 }, sales(25)));
      expect(message).toBe(
        'The code ran longer than its time limit of 1.5 s and was stopped. Look for a loop that never ends, or raise the time limit.',
      );
      expect(answers).toBeGreaterThan(1);
      expect(await runPy({ code: 'return {"n": len(items)}' }, sales(25))).toEqual([{ n: 25 }]);
    });

    it('stops a memory bomb at the memory limit', { timeout: SLOW }, async () => {
      const bomb = 'grow = []\nwhile True:\n    grow.append("x" * 1_000_000)';
      const { message } = await whileAnswering(runPy({ code: bomb, memoryLimitMb: 32, timeoutMs: 60_000 }, sales(25)));
      expect(message).toBe(
        'The code used more than 32 MB of memory and was stopped. Work on fewer items at a time, or raise the memory limit.',
      );
      const huge = 'text = "x" * (10 ** 10)\nreturn {}';
      await expect(runPy({ code: huge, memoryLimitMb: 32 })).rejects.toThrow(/more than 32 MB of memory|OverflowError/);
      expect(await runPy({ code: 'return {"n": len(items)}' }, sales(1_001))).toEqual([{ n: 1_001 }]);
    });

    it('gets at most the memory the instance allows, whatever its own form asks for', { timeout: SLOW }, async () => {
      const bomb = 'grow = []\nwhile True:\n    grow.append("x" * 1_000_000)';
      const run = runNode(codePython, {
        config: { code: bomb, memoryLimitMb: 4_096, timeoutMs: 60_000 },
        inputs: { main: [] },
        policy: { codeMemoryLimitMb: 16 },
      });
      await expect(run).rejects.toThrow('The code used more than 16 MB of memory');
    });
  });
});
