import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../server/db/availability';

describe('isDatabaseUnavailable', () => {
  it('knows the ways a lost or refused connection shows up', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03', '08006', '53300']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error('Error occurred whilst returning jobs from local queue to database queue: connect ECONNREFUSED 127.0.0.1:5432'),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  // CI caught it: Postgres killed just after start, and a write postgres.js had queued for the
  // next tick found its socket gone; the stray TypeError ended `taskmaster start` instead of it
  // waiting for its database.
  it("counts postgres.js's write to a closed socket as a lost connection, and the same words from elsewhere not", () => {
    const thrown = (frame: string) =>
      Object.assign(new TypeError("Cannot read properties of null (reading 'write')"), {
        stack: `TypeError: Cannot read properties of null (reading 'write')\n    at ${frame}\n    at process.processImmediate (node:internal/timers:483:21)`,
      });
    expect(isDatabaseUnavailable(thrown('nextWrite (/srv/taskmaster/node_modules/postgres/src/connection.js:255:22)'))).toBe(true);
    expect(isDatabaseUnavailable(thrown('nextWrite (/srv/taskmaster/node_modules/postgres/cjs/src/connection.js:255:22)'))).toBe(true);
    expect(isDatabaseUnavailable(thrown('save (/srv/taskmaster/server/files/store.ts:12:3)'))).toBe(false);
  });

  it('leaves query errors alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('column "x" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
