/**
 * Load generators. `wrk` (C, one thread) for throughput, the same settings for every tool; a
 * sequential keep-alive probe for latency; and a closed loop that sends an exact number of
 * requests and waits for every answer, so stored runs can be compared with answers one to one.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, percentile } from './setup';

const LUA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk.lua');
export const BODY = '{"name":"bench","value":1}';

/** Seconds per wrk level (default 20) and warm-up (default 5); BENCH_SECONDS shortens both. */
export function loadSeconds(): { seconds: number; warmup: number } {
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  return { seconds, warmup: Math.max(1, Math.min(5, Math.round(seconds / 4))) };
}

export interface WrkResult {
  connections: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Socket errors plus non-2xx answers. */
  errors: number;
  non2xx: number;
  ok2xx: number;
}

function assertLoopback(url: string) {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`load is only sent to 127.0.0.1, not ${url}`);
}

/** wrk -t1 -c<connections> -d<seconds> --timeout 10s with the lua script; bounded by `timeout`. */
export function wrk(url: string, connections: number, seconds: number, env: Record<string, string> = {}): Promise<WrkResult> {
  assertLoopback(url);
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', LUA, url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { env: { ...process.env, ...env }, timeout: (seconds + 30) * 1000 }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (!line) return reject(new Error(`wrk gave no result: ${err?.message ?? ''} ${stderr} ${stdout}`));
      const r = JSON.parse(line.slice(8)) as Record<string, number>;
      const socketErrors = r.connect + r.read + r.write + r.timeout;
      const ms = (us: number) => Math.round(us / 10) / 100;
      resolve({
        connections,
        requests: r.requests,
        perSecond: Math.round((r.requests / (r.duration_us / 1e6)) * 10) / 10,
        p50: ms(r.p50_us),
        p95: ms(r.p95_us),
        p99: ms(r.p99_us),
        max: ms(r.max_us),
        errors: socketErrors + r.status,
        non2xx: r.status,
        ok2xx: r.requests - r.status,
      });
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One request; resolves with status, body and milliseconds (never rejects). */
export function request(url: string, method = 'POST', body = BODY): Promise<{ status: number; body: string; ms: number }> {
  const u = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> =
      method === 'GET' ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
    });
    req.setTimeout(600_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    if (method !== 'GET') req.write(body);
    req.end();
  });
}

/** Sequential requests (concurrency 1, keep-alive) after `warmup` unmeasured ones. */
export async function sequential(url: string, count: number, warmup = 20, method = 'POST') {
  assertLoopback(url);
  for (let i = 0; i < warmup; i++) await request(url, method);
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const r = await request(url, method);
    if (r.status >= 200 && r.status < 300) times.push(r.ms);
    else errors++;
  }
  return { median: median(times), p95: percentile(times, 95), errors };
}

/** Exactly `total` requests, `concurrency` at a time; every answer is waited for. */
export async function closedLoop(url: string, total: number, concurrency: number) {
  assertLoopback(url);
  let next = 0;
  const statuses = new Map<number, number>();
  const t0 = performance.now();
  const lane = async () => {
    while (next < total) {
      next++;
      const r = await request(url);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - t0) / 1000;
  let ok = 0;
  for (const [status, n] of statuses) if (status >= 200 && status < 300) ok += n;
  return {
    total,
    ok2xx: ok,
    other: total - ok,
    perSecond: Math.round((total / seconds) * 10) / 10,
    statuses: Object.fromEntries(statuses),
  };
}
