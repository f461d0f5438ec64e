/**
 * Starts the workflow on events in a PostgreSQL database: new rows in a table, or messages
 * sent with NOTIFY. The listening lives in the trigger host (server/triggers/postgres.ts).
 */
import { z } from 'zod';
import { defineNode, field, MAIN } from './types';
import { itemsFromPayload } from './lib/trigger-items';

const CONNECTION_REQUIRED = 'Enter the connection string of the database, like postgres://user:password@host:5432/shop.';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

export const postgresTriggerConfig = z
  .object({
    connectionString: field(z.string({ error: CONNECTION_REQUIRED }).trim().min(1, CONNECTION_REQUIRED), {
      label: 'Connection string',
      help: 'postgres://user:password@host:5432/database',
      widget: 'secret',
      expressions: false,
    }),
    mode: field(z.enum(['newRows', 'notify']).default('newRows'), {
      label: 'Start when',
      widget: 'select',
      optionLabels: { newRows: 'New rows appear in a table', notify: 'A message arrives on a channel (NOTIFY)' },
    }),
    table: field(z.string().trim().default(''), {
      label: 'Table',
      help: 'New rows: the table to watch, like "orders" or "shop.orders".',
      placeholder: 'orders',
      expressions: false,
    }),
    keyColumn: field(z.string().trim().default('id'), {
      label: 'Increasing column',
      help: 'New rows: a column whose value grows with every new row, like an id or a created-at time.',
      placeholder: 'id',
      expressions: false,
    }),
    intervalSeconds: field(
      z.coerce
        .number({ error: 'Enter a number of seconds.' })
        .int('Enter a whole number.')
        .min(1, 'Enter at least 1.')
        .max(86_400, 'Enter at most 86400 (one day).')
        .default(10),
      {
        label: 'Check every (seconds)',
        help: 'New rows: how often the table is checked.',
        widget: 'number',
        expressions: false,
      },
    ),
    channel: field(z.string().trim().default(''), {
      label: 'Channel',
      help: 'Messages: the channel name used in NOTIFY or pg_notify().',
      placeholder: 'orders_changed',
      expressions: false,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (!/^postgres(ql)?:\/\//.test(cfg.connectionString)) {
      ctx.addIssue({
        code: 'custom',
        path: ['connectionString'],
        message: 'The connection string must start with postgres:// or postgresql://.',
      });
    }
    const name = (key: 'table' | 'keyColumn' | 'channel', what: string) => {
      if (cfg[key] === '') ctx.addIssue({ code: 'custom', path: [key], message: `Enter the ${what}.` });
      else if (!IDENTIFIER.test(cfg[key])) {
        ctx.addIssue({ code: 'custom', path: [key], message: `"${cfg[key]}" is not a plain ${what} name: use letters, digits and "_".` });
      }
    };
    if (cfg.mode === 'newRows') {
      name('table', 'table');
      name('keyColumn', 'column');
    } else {
      name('channel', 'channel');
    }
  });
export type PostgresTriggerConfig = z.output<typeof postgresTriggerConfig>;

export default defineNode({
  id: 'postgres-trigger',
  version: 1,
  category: 'trigger',
  group: 'Triggers',
  displayName: 'Database event (Postgres)',
  description: 'Starts the workflow when rows are added to a PostgreSQL table, or when a NOTIFY message arrives.',
  icon: 'database',
  config: postgresTriggerConfig,
  inputs: [],
  outputs: [MAIN],
  example: { connectionString: 'postgres://user:password@localhost:5432/shop', mode: 'newRows', table: 'orders', keyColumn: 'id' },
  async execute(ctx) {
    return { outputs: { main: itemsFromPayload(ctx.trigger?.payload) } };
  },
});
