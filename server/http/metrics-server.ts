/**
 * A separate `taskmaster worker` process serves its own `/metrics` on a port of its own
 * (`--metrics-port` or METRICS_PORT): its runs and steps are counted in its process, and
 * Prometheus' usual way is to scrape each process rather than to add counters up somewhere.
 * Same access rule as the web server's /metrics (loopback, or METRICS_TOKEN).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sql } from 'postgres';
import { serveMetrics } from './ops';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export function startMetricsServer({
  sql,
  port,
  host = '127.0.0.1',
  log,
}: {
  sql: Sql;
  port: number;
  host?: string;
  log?: (line: string) => void;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('This port serves GET /metrics only.');
    }
    serveMetrics(sql, req, res).catch((err: unknown) => {
      log?.(`metrics failed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${bound}/metrics`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** The metrics port asked for: the option, else METRICS_PORT; null when neither is set. */
export function metricsPortOf(option: string | undefined, env: string | undefined): number | null {
  const text = option ?? env;
  if (text === undefined || text.trim() === '') return null;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`The metrics port must be a whole number from 0 to 65535, not "${text}".`);
  return port;
}
