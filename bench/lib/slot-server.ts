/**
 * A local HTTP service that answers after a fixed delay, so the runs of the scale-out benchmark
 * that call it are bound by a worker's run slots (a run holds a slot while it waits), not by
 * CPU or Postgres. It starts "held": requests wait until `release`, so every worker can be up
 * with all its slots taken before the clock starts. It counts the calls (a run that called it
 * twice shows as more calls than runs) and the calls in flight (how many slots are busy).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlotServer {
  url: string;
  /** Calls received so far. */
  calls(): number;
  /** Calls received and not answered yet. */
  inFlight(): number;
  /** From now on every call (and every held one) is answered `delayMs` after it arrived or after now. */
  release(delayMs: number): void;
  close(): Promise<void>;
}

export async function slotServer(): Promise<SlotServer> {
  let calls = 0;
  let inFlight = 0;
  let delayMs: number | null = null;
  const held: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    calls++;
    inFlight++;
    req.resume();
    const answer = () => {
      const text = '{"ok":true}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text, () => inFlight--);
    };
    req.on('end', () => {
      if (delayMs === null) held.push(answer);
      else setTimeout(answer, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slot`,
    calls: () => calls,
    inFlight: () => inFlight,
    release(ms) {
      delayMs = ms;
      for (const answer of held.splice(0)) setTimeout(answer, ms);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
