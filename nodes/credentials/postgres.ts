import { z } from 'zod';
import { field } from '../types';
import { connectPostgres, explainConnectError } from '../lib/postgres-connection';
import { defineCredentialType } from './types';

const schema = z
  .object({
    connectionString: field(z.string().trim().default(''), {
      label: 'Connection string',
      help: 'postgres://user:password@host:5432/database. Fill this in, or the fields below.',
      widget: 'secret',
    }),
    host: field(z.string().trim().default(''), { label: 'Server', placeholder: 'db.example.com' }),
    port: field(z.coerce.number({ error: 'Enter the port number, like 5432.' }).int().min(1).max(65_535).default(5432), {
      label: 'Port',
      widget: 'number',
    }),
    database: field(z.string().trim().default(''), { label: 'Database', placeholder: 'shop' }),
    user: field(z.string().trim().default(''), { label: 'User name' }),
    password: field(z.string().default(''), { label: 'Password', widget: 'secret' }),
    ssl: field(z.enum(['prefer', 'require', 'verify-full', 'disable']).default('prefer'), {
      label: 'Encryption (TLS)',
      widget: 'select',
      optionLabels: {
        prefer: 'Use it when the server offers it',
        require: 'Always',
        'verify-full': 'Always, and check the server’s certificate',
        disable: 'Never',
      },
    }),
  })
  .superRefine((values, ctx) => {
    if (values.connectionString !== '') {
      if (!/^postgres(ql)?:\/\//.test(values.connectionString)) {
        ctx.addIssue({ code: 'custom', path: ['connectionString'], message: 'A connection string starts with postgres://.' });
      }
      return;
    }
    if (values.host === '') ctx.addIssue({ code: 'custom', path: ['host'], message: 'Enter the server, or a connection string.' });
    if (values.database === '') ctx.addIssue({ code: 'custom', path: ['database'], message: 'Enter the database name.' });
    if (values.user === '') ctx.addIssue({ code: 'custom', path: ['user'], message: 'Enter the user name.' });
  });

export default defineCredentialType({
  id: 'postgres',
  displayName: 'PostgreSQL database',
  description: 'Where a PostgreSQL database is and how to sign in to it.',
  icon: 'database',
  schema,
  async test(values, ctx) {
    const db = connectPostgres(values, ctx.signal, ctx.resolveHost);
    try {
      const [row] = await db.sql<{ one: number; version: string }[]>`select 1 as one, current_setting('server_version') as version`;
      return `Connected: PostgreSQL ${row.version} answered.`;
    } catch (error) {
      throw ctx.signal.aborted ? new Error(`${db.where} did not answer in time.`) : explainConnectError(error, db.where);
    } finally {
      await db.close();
    }
  },
});
