import { describe, expect, it } from 'vitest';
import manualTrigger from '../../../nodes/manual-trigger';
import { runNode } from './fake-ctx';

const run = (payload: unknown) => runNode(manualTrigger, { trigger: { kind: 'manual', payload } });

describe('manual-trigger', () => {
  it('emits one empty item when started without input, so the chain runs', async () => {
    expect(await runNode(manualTrigger)).toEqual({ main: [{}] });
    expect(await run(undefined)).toEqual({ main: [{}] });
    expect(await run(null)).toEqual({ main: [{}] });
  });

  it('emits an object input as one item', async () => {
    expect(await run({ name: 'Ada' })).toEqual({ main: [{ name: 'Ada' }] });
  });

  it('emits a list of objects as one item each', async () => {
    expect(await run([{ n: 1 }, { n: 2 }])).toEqual({ main: [{ n: 1 }, { n: 2 }] });
  });

  it('treats an empty list as no input rather than skipping everything', async () => {
    expect(await run([])).toEqual({ main: [{}] });
  });

  it('wraps plain values in a "value" field', async () => {
    expect(await run('hello')).toEqual({ main: [{ value: 'hello' }] });
    expect(await run([1, { a: 2 }])).toEqual({ main: [{ value: 1 }, { a: 2 }] });
  });
});
