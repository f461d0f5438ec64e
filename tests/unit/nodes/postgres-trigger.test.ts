import { describe, expect, it } from 'vitest';
import postgresTrigger, { postgresTriggerConfig } from '../../../nodes/postgres-trigger';
import { runNode } from './fake-ctx';

const conn = 'postgres://u:p@localhost:5432/shop';

describe('postgres-trigger', () => {
  it('emits new rows as one item each', async () => {
    const rows = [
      { id: '1', total: 10 },
      { id: '2', total: 20 },
    ];
    expect(
      await runNode(postgresTrigger, { config: { connectionString: conn, table: 'orders' }, trigger: { kind: 'postgres', payload: rows } }),
    ).toEqual({ main: rows });
  });

  it('asks for what each mode needs, in plain words', () => {
    const messages = (raw: Record<string, unknown>) =>
      postgresTriggerConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages({})).toEqual([expect.stringMatching(/^connectionString: Enter the connection string/)]);
    expect(messages({ connectionString: 'mysql://x' })).toEqual([
      'connectionString: The connection string must start with postgres:// or postgresql://.',
      'table: Enter the table.',
    ]);
    expect(messages({ connectionString: conn, table: 'orders; drop table x' })).toEqual([
      'table: "orders; drop table x" is not a plain table name: use letters, digits and "_".',
    ]);
    expect(messages({ connectionString: conn, mode: 'notify' })).toEqual(['channel: Enter the channel.']);
    expect(messages({ connectionString: conn, table: 'shop.orders' })).toBeUndefined();
  });
});
