/**
 * One harness for REST API tests: a database, a worker, a web server (no UI) and API keys made
 * the way the API keys page makes them.
 *
 *   const h = await startRestHarness();
 *   const key = await h.keyFor('editor', ['run']);
 *   const res = await h.call(key, 'POST', `/workflows/${id}/runs`, { input: {} });
 */
import { createCaller } from '../../server/trpc/app-router';
import type { ApiKeyScope } from '../../server/auth/api-keys';
import type { Role } from '../../core/roles';
import { startWebServer, type WebServer } from '../../server/http/server';
import { createAppContext } from '../../server/context';
import { startWorker, type WorkerHandle } from '../../server/worker/runner';
import { contextAs } from './auth';
import { createTestDatabase, type TestDatabase } from './db';

export interface RestHarness {
  database: TestDatabase;
  ctx: ReturnType<typeof createAppContext>;
  /** `http://127.0.0.1:port` */
  base: string;
  keyFor(role: Role, scopes: ApiKeyScope[], name?: string, expiresAt?: Date | null): Promise<string>;
  call(key: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startRestHarness(options: { worker?: boolean } = {}): Promise<RestHarness> {
  const database = await createTestDatabase();
  const ctx = createAppContext(database.url);
  const worker: WorkerHandle | null = options.worker === false ? null : await startWorker({ databaseUrl: database.url, concurrency: 2 });
  const web: WebServer = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
  const base = web.url.replace('localhost', '127.0.0.1');
  return {
    database,
    ctx,
    base,
    async keyFor(role, scopes, name, expiresAt = null) {
      const api = createCaller(await contextAs(ctx, role, name));
      return (await api.apiKeys.create({ name: `${role} ${scopes.join('+')}`, scopes, expiresAt })).key;
    },
    async call(key, method, path, body) {
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the test sees the text.
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await web.close();
      await worker?.stop();
      await ctx.close();
      await database.drop();
    },
  };
}
