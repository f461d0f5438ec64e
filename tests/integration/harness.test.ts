/**
 * The shared test set-up (tests/helpers/harness.ts, tests/helpers/auth.ts): two contexts on one
 * database sign the same users in instead of making the owner twice ("There is already an
 * account" broke CI once), and stopping the harness drops its database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../server/context';
import { callerAs } from '../helpers/auth';
import { startHarness, type Harness } from '../helpers/harness';

let t: Harness;
beforeAll(async () => {
  t = await startHarness();
});
afterAll(() => t?.stop());

describe('test harness', () => {
  it('signs the same owner in from a second context on the same database', async () => {
    const second = createAppContext(t.database.url);
    try {
      const again = await callerAs(second, 'owner');
      const [first, other] = await Promise.all([t.api.auth.me(), again.auth.me()]);
      expect(other).toEqual(first);
      const [{ n }] = await t.ctx.sql<{ n: number }[]>`select count(*)::int as n from users where role = 'owner'`;
      expect(n).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('gives callers for other roles on the same context', async () => {
    const editor = await t.as('editor');
    const me = await editor.auth.me();
    expect(me.role).toBe('editor');
  });

  it('drops its database when stopped', async () => {
    const own = await startHarness();
    const name = own.database.name;
    await own.stop();
    const rows = await t.ctx.sql`select 1 from pg_database where datname = ${name}`;
    expect(rows).toHaveLength(0);
  });
});
