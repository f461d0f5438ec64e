import { describe, expect, it } from 'vitest';
import noOp from '../../../nodes/no-op';
import { runNode } from './fake-ctx';

describe('no-op', () => {
  it('passes items on unchanged', async () => {
    const items = [{ a: 1 }, { b: { c: [2] } }];
    expect(await runNode(noOp, { inputs: { main: items } })).toEqual({ main: items });
  });

  it('passes nothing on when it got nothing', async () => {
    expect(await runNode(noOp)).toEqual({ main: [] });
  });
});
