/**
 * The run loop, worker start and trigger supervisor stay thin (issue 16): no file over 400 lines,
 * no function over 80 lines in server/worker/ and server/triggers/ (tests/helpers/code-size.ts),
 * and the check really fails on a tree that breaks both limits once.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCodeSize } from '../helpers/code-size';

const ROOT = path.resolve(import.meta.dirname, '../..');
const THIN = ['server/worker', 'server/triggers'];

describe('code size', () => {
  it('keeps every file of server/worker and server/triggers within 400 lines and every function within 80', () => {
    const over = checkCodeSize(ROOT, THIN).map((v) => `${v.file} ${v.what}: ${v.lines} lines`);
    expect(over).toEqual([]);
  });

  it('fails on a tree with a 401-line file and an 81-line function', () => {
    const over = checkCodeSize(path.join(ROOT, 'tests/fixtures/code-size'), THIN).map((v) => `${v.file} ${v.what}: ${v.lines}`);
    expect(over.sort()).toEqual(['server/triggers/long-file.ts file: 401', 'server/worker/long-function.ts tooLong: 81']);
  });
});
