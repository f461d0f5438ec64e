/**
 * TaskMaster's settings from the environment, validated once at start so a typo fails loudly
 * with a plain message instead of surfacing later as a strange runtime error.
 */
import path from 'node:path';
import { z } from 'zod';
import { KEY_FORMAT_HELP, parseKey } from './credentials/crypto';
import { DEFAULT_DB_CONNECTIONS } from './db/budget';
import { ConfigError } from './errors';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An unset variable and one set to '' mean the same: use the default. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int({ error: `${name} must be a whole number` })
      .min(min, { error: `${name} must be at least ${min}` })
      .max(max, { error: `${name} must be at most ${max}` })
      .default(fallback),
  );

const envSchema = z.object({
  /** Use this Postgres instead of the embedded one. */
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: 'DATABASE_URL must start with postgres:// or postgresql://',
      })
      .optional(),
  ),
  /** Where the embedded Postgres and other local state live. Default: <cwd>/.data */
  TASKMASTER_DATA_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  PORT: wholeNumber('PORT', 1, 65_535, 3000),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  /**
   * The address people and other services reach TaskMaster at (behind a reverse proxy: the
   * proxy's https address). Used in share, webhook and invite links; its host passes the Host
   * check and https makes cookies Secure.
   */
  TASKMASTER_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'TASKMASTER_PUBLIC_URL must be an http:// or https:// address, like https://tm.example.com' })
      .transform((text) => text.replace(/\/+$/, ''))
      .optional(),
  ),
  /**
   * The one-time code owner setup asks for. Unset: one is made and printed in the log when
   * TaskMaster listens beyond loopback (HOST=0.0.0.0) and no owner exists yet.
   */
  TASKMASTER_SETUP_CODE: z.preprocess(
    blankToUndefined,
    z.string().min(8, { error: 'TASKMASTER_SETUP_CODE must be at least 8 characters' }).optional(),
  ),
  /** Jobs one worker runs at once. */
  WORKER_CONCURRENCY: wholeNumber('WORKER_CONCURRENCY', 1, 1000, 10),
  /** Browsers (Browser nodes) one worker runs at once; further runs wait for one to close. */
  BROWSERS_PER_WORKER: wholeNumber('BROWSERS_PER_WORKER', 1, 64, 2),
  /** Connections one process opens to Postgres at most, split between its pools (server/db/budget.ts). */
  DB_CONNECTIONS: wholeNumber('DB_CONNECTIONS', 10, 1000, DEFAULT_DB_CONNECTIONS),
  /** Ctrl-C: how long running steps may finish before they are stopped and handed back. */
  SHUTDOWN_GRACE_SECONDS: wholeNumber('SHUTDOWN_GRACE_SECONDS', 0, 3600, 30),
  /** How long a CLI command waits for a database that stopped answering before it gives up. */
  DB_WAIT_SECONDS: wholeNumber('DB_WAIT_SECONDS', 1, 3600, 30),
  /** The key saved credentials are encrypted with; unset: `<data dir>/encryption.key`. */
  TASKMASTER_ENCRYPTION_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((text) => isKey(text), { error: `TASKMASTER_ENCRYPTION_KEY is not a valid encryption key. ${KEY_FORMAT_HELP}` })
      .optional(),
  ),
  /** Where plugin folders and npm-installed plugins live. Default: <data dir>/plugins */
  TASKMASTER_PLUGINS_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  /** `off` refuses plugins entirely (none is loaded, none can be installed). */
  TASKMASTER_PLUGINS: z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(['on', 'off'], { error: 'TASKMASTER_PLUGINS must be on or off' }).default('on'),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
});

function isKey(text: string): boolean {
  try {
    parseKey(text, 'TASKMASTER_ENCRYPTION_KEY');
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  /** Undefined: start (or reuse) the embedded Postgres under dataDir. */
  databaseUrl: string | undefined;
  /** Absolute path. */
  dataDir: string;
  port: number;
  host: string;
  /** TASKMASTER_PUBLIC_URL without a trailing slash; undefined: the address the browser used. */
  publicUrl: string | undefined;
  /** TASKMASTER_SETUP_CODE, when set. */
  setupCode: string | undefined;
  workerConcurrency: number;
  browsersPerWorker: number;
  /** DB_CONNECTIONS: the connection budget of one process. */
  dbConnections: number;
  /** SHUTDOWN_GRACE_SECONDS, in milliseconds. */
  shutdownGraceMs: number;
  /** DB_WAIT_SECONDS, in milliseconds. */
  dbWaitMs: number;
  logLevel: LogLevel;
  /** TASKMASTER_ENCRYPTION_KEY as given (checked to be a key); undefined: the key file. */
  encryptionKey: string | undefined;
  /** Absolute path of the plugins folder (TASKMASTER_PLUGINS_DIR, default <dataDir>/plugins). */
  pluginsDir: string;
  /** False when TASKMASTER_PLUGINS=off: no plugin is loaded or installed. */
  pluginsEnabled: boolean;
}

/** Parses TaskMaster's environment variables; throws ConfigError listing every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        // A key is never repeated back: even a mistyped one is close to the real secret.
        const got = name === 'TASKMASTER_ENCRYPTION_KEY' || name === 'TASKMASTER_SETUP_CODE' ? undefined : env[name];
        return got === undefined ? issue.message : `${issue.message} (got "${got}")`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.TASKMASTER_DATA_DIR ?? '.data');
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.TASKMASTER_PUBLIC_URL,
    setupCode: e.TASKMASTER_SETUP_CODE,
    workerConcurrency: e.WORKER_CONCURRENCY,
    browsersPerWorker: e.BROWSERS_PER_WORKER,
    dbConnections: e.DB_CONNECTIONS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    dbWaitMs: e.DB_WAIT_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    encryptionKey: e.TASKMASTER_ENCRYPTION_KEY,
    pluginsDir: path.resolve(cwd, e.TASKMASTER_PLUGINS_DIR ?? path.join(dataDir, 'plugins')),
    pluginsEnabled: e.TASKMASTER_PLUGINS === 'on',
  };
}
