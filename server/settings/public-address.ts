/**
 * The address people and other services reach TaskMaster at: TASKMASTER_PUBLIC_URL when set,
 * else Settings → Public address. Share, webhook and invite links start with it; without
 * either they use the address the browser used.
 */
import type { Sql } from 'postgres';
import { readSettings } from './service';

/** The configured public address (no trailing slash), or null when neither is set. */
export async function configuredPublicUrl(sql: Sql, fromEnvironment: string | undefined): Promise<string | null> {
  if (fromEnvironment) return fromEnvironment.replace(/\/+$/, '');
  return (await readSettings(sql)).settings.publicUrl;
}

/** The base of a link handed out now: the configured address, else the one the request came to. */
export async function linkBase(ctx: { sql: Sql; publicUrl?: string; requestOrigin?: string }): Promise<string> {
  const configured = await configuredPublicUrl(ctx.sql, ctx.publicUrl);
  return (configured ?? ctx.requestOrigin ?? 'http://localhost:3000').replace(/\/+$/, '');
}

/**
 * The host of Settings → Public address, for the Host check: read at most every `ttlMs`, so a
 * stream of requests with foreign Host headers costs one small query a few times a minute.
 */
export function savedPublicHost(sql: Sql, ttlMs = 5_000): () => Promise<string | null> {
  let cached: { host: string | null; at: number } | null = null;
  let pending: Promise<string | null> | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.host;
    pending ??= readSettings(sql)
      .then(({ settings }) => {
        const host = settings.publicUrl ? new URL(settings.publicUrl).hostname.toLowerCase() : null;
        cached = { host, at: Date.now() };
        return host;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}
