import postgres from 'postgres';
import { z } from 'zod';
import { field } from '../types';
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

/** Plain words for the failures people meet when connecting for the first time. */
function explain(error: unknown, where: string): Error {
  const e = error as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED: `Nothing answers at ${where}: check the server and port, and that the database is running.`,
    ENOTFOUND: `The server name in ${where} is not known: check for typos.`,
    CONNECT_TIMEOUT: `${where} did not answer in time: check the server and port, or a firewall.`,
    '28P01': 'The database refused the user name or password.',
    '28000': 'The database does not let this user sign in from here.',
    '3D000': 'There is no database by that name on this server.',
  };
  return new Error(reasons[e.code ?? ''] ?? `Could not connect to ${where}: ${e.message ?? String(error)}`);
}

export default defineCredentialType({
  id: 'postgres',
  displayName: 'PostgreSQL database',
  description: 'Where a PostgreSQL database is and how to sign in to it.',
  icon: 'database',
  schema,
  async test(values, ctx) {
    const options = { max: 1, connect_timeout: 10, idle_timeout: 1, onnotice: () => {}, ssl: values.ssl === 'disable' ? false : values.ssl };
    const sql = values.connectionString
      ? postgres(values.connectionString, options)
      : postgres({ ...options, host: values.host, port: values.port, database: values.database, username: values.user, password: values.password });
    const where = values.connectionString ? 'the database' : `${values.host}:${values.port}`;
    const stop = () => void sql.end({ timeout: 0 });
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      const [row] = await sql<{ one: number; version: string }[]>`select 1 as one, current_setting('server_version') as version`;
      return `Connected: PostgreSQL ${row.version} answered.`;
    } catch (error) {
      throw ctx.signal.aborted ? new Error(`${where} did not answer in time.`) : explain(error, where);
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  },
});
