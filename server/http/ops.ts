/**
 * Operators' endpoints, answered by plain node:http before Next:
 * - `GET /api/health`: JSON of server/observability/health.ts. 200 while the database answers
 *   (`ok: false` and `problems` tell what else is wrong, e.g. no worker alive); 503 when the
 *   database does not answer, or with `?strict` when anything is wrong (for load balancers
 *   that should stop sending traffic).
 * - `GET /metrics`: Prometheus text (prom-client). Its labels name workflows, so it is not
 *   public: requests from this computer (loopback) are answered; from elsewhere only with
 *   `Authorization: Bearer <METRICS_TOKEN>` when that variable is set, else 403.
 */
import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Sql } from 'postgres';
import { healthReport } from '../observability/health';
import { metricsText, watchQueue } from '../observability/metrics';

export function isOpsPath(url: string): boolean {
  return url === '/api/health' || url.startsWith('/api/health?') || url === '/metrics' || url.startsWith('/metrics?');
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function serveOps(sql: Sql, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/api/health') {
    const report = await healthReport(sql);
    const status = !report.database.ok || (url.searchParams.has('strict') && !report.ok) ? 503 : 200;
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    return void res.end(JSON.stringify(report));
  }
  await serveMetrics(sql, req, res);
}

/** `GET /metrics` alone: the web server's and a separate worker's metrics port (server/http/metrics-server.ts). */
export async function serveMetrics(sql: Sql, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const token = process.env.METRICS_TOKEN;
  const allowed = token
    ? tokenMatches(req.headers.authorization, token) || isLoopback(req.socket.remoteAddress)
    : isLoopback(req.socket.remoteAddress);
  if (!allowed) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    return void res.end(
      token
        ? 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".'
        : 'Metrics are served to this computer only. Set METRICS_TOKEN to scrape them from elsewhere.',
    );
  }
  watchQueue(sql);
  const { contentType, body } = await metricsText();
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
}
