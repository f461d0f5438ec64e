/**
 * Connecting to a PostgreSQL database from a saved `postgres` credential, and the plain words
 * for what goes wrong on the way. Shared by the credential's Test button and the query step.
 */
import net from 'node:net';
import postgres from 'postgres';

/** The values of a `postgres` credential (nodes/credentials/postgres.ts), as its schema parses them. */
export interface PostgresValues {
  connectionString: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: 'prefer' | 'require' | 'verify-full' | 'disable';
}

export interface PostgresConnection {
  sql: postgres.Sql;
  /** How messages name the database: "db.example.com:5432", or "the database" for a connection string. */
  where: string;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * One connection (no pool: a step or a test runs its statements one after another), closed at
 * once when `signal` aborts so a cancelled run does not wait for a slow query.
 */
export function connectPostgres(values: PostgresValues, signal: AbortSignal, resolveHost: ResolveHost): PostgresConnection {
  const options: postgres.Options<Record<string, postgres.PostgresType>> = {
    ...guardedSocket(
      resolveHost,
      values.connectionString ? connectionTarget(values.connectionString) : { host: values.host, port: values.port },
    ),
    max: 1,
    connect_timeout: 10,
    idle_timeout: 1,
    onnotice: () => {},
    ssl: values.ssl === 'disable' ? false : values.ssl,
    connection: { application_name: 'TaskMaster' },
    // The driver sends each value as the type the server expects (JSON for json/jsonb, arrays
    // for arrays); only an object meant for a text column would become "[object Object]".
    types: {
      text: { to: 25, from: [25, 1042, 1043], serialize: textOf, parse: (x: string) => x },
    },
  };
  const sql: postgres.Sql = values.connectionString
    ? postgres(values.connectionString, options)
    : postgres({
        ...options,
        host: values.host,
        port: values.port,
        database: values.database,
        username: values.user,
        password: values.password,
      });
  const where = values.connectionString ? 'the database' : `${values.host}:${values.port}`;
  const stop = () => void sql.end({ timeout: 0 });
  signal.addEventListener('abort', stop, { once: true });
  return {
    sql,
    where,
    async close() {
      signal.removeEventListener('abort', stop);
      await sql.end({ timeout: 1 }).catch(() => {});
    },
  };
}

type ResolveHost = (host: string) => Promise<string>;

/**
 * postgres.js opens each connection with this socket: to the address the outbound rules checked
 * (`resolveHost`), never to the name again. A Unix socket is on this computer: it is checked as
 * "localhost". Shared by the query step, the credential's Test button and the database trigger.
 */
export function guardedSocket(resolveHost: ResolveHost, target?: { host: string; port: number }): { socket: unknown } {
  return {
    socket: async (options: { host: string[]; port: number[]; path?: string | false }) => {
      if (options.path) {
        await resolveHost('localhost');
        return net.connect(options.path);
      }
      // postgres.js splits hosts at ":", which cuts IPv6 addresses: the server as the user wrote it wins.
      const host = target?.host ?? options.host[0] ?? 'localhost';
      const socket = net.connect(target?.port ?? options.port[0] ?? 5432, await resolveHost(host));
      // postgres.js names the TLS server (SNI, certificate check) after `socket.host`.
      return Object.assign(socket, { host });
    },
  };
}

function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null && !(value instanceof Date) ? JSON.stringify(value) : String(value);
}

const CONNECT_REASONS: Record<string, (where: string) => string> = {
  ECONNREFUSED: (where) => `Nothing answers at ${where}: check the server and port, and that the database is running.`,
  ENOTFOUND: (where) => `The server name in ${where} is not known: check for typos.`,
  CONNECT_TIMEOUT: (where) => `${where} did not answer in time: check the server and port, or a firewall.`,
  '28P01': () => 'The database refused the user name or password.',
  '28000': () => 'The database does not let this user sign in from here.',
  '3D000': () => 'There is no database by that name on this server.',
};

/** The failure of a connection attempt in plain words. */
export function explainConnectError(error: unknown, where: string): Error {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? CONNECT_REASONS[code] : undefined;
  return new Error(reason ? reason(where) : `Could not connect to ${where}: ${(error as Error).message ?? String(error)}`);
}

/** The server of a one-host connection string (IPv6 in brackets included), or undefined to let postgres.js read it. */
export function connectionTarget(connectionString: string): { host: string; port: number } | undefined {
  try {
    const url = new URL(connectionString);
    const host = decodeURIComponent(url.hostname);
    // No host, several hosts, or a Unix socket folder: postgres.js reads those itself.
    if (!host || url.host.includes(',') || host.startsWith('/') || url.searchParams.has('host')) return undefined;
    return { host, port: Number(url.port || 5432) };
  } catch {
    return undefined;
  }
}
