import { describe, expect, it } from 'vitest';
import type { NodeRecord } from '../../../server/db/run-store';
import { heldResults } from '../../../server/worker/held-results';

const record = (nodeId: string): NodeRecord => ({
  runId: 'run_x',
  nodeId,
  attempt: 1,
  status: 'succeeded',
  inputCounts: {},
  outputs: { main: [{ nodeId }] },
  logs: [],
  error: null,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
});

describe('held results of steps without side effects', () => {
  it('hands what is held to the next write, and writes nothing by itself meanwhile', async () => {
    const written: string[][] = [];
    const held = heldResults(async (records) => void written.push(records.map((r) => r.nodeId)), 60_000);
    held.hold(record('a'));
    held.hold(record('b'));
    expect((await held.take()).map((r) => r.nodeId)).toEqual(['a', 'b']);
    expect(await held.take()).toEqual([]);
    held.close();
    expect(written).toEqual([]);
  });

  it('writes a result that waited without company once the hold time is over', async () => {
    const written: string[][] = [];
    const held = heldResults(async (records) => void written.push(records.map((r) => r.nodeId)), 5);
    held.hold(record('slow'));
    await expect.poll(() => written, { timeout: 5000, interval: 5 }).toEqual([['slow']]);
    expect(await held.take()).toEqual([]);
  });

  it('reports a failed background write at the next take, so the run does not end without that result', async () => {
    let calls = 0;
    const held = heldResults(async () => {
      calls++;
      throw new Error('database away');
    }, 5);
    held.hold(record('lost'));
    await expect.poll(() => calls, { timeout: 5000, interval: 5 }).toBe(1);
    await expect(held.take()).rejects.toThrow('database away');
  });
});
