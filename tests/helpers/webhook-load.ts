/**
 * A bounded load loop for webhook tests: `total` POSTs with `connections` in flight at once over
 * keep-alive connections on 127.0.0.1. Each request carries its own number (`seq`) in the body,
 * so a test can match every answer to the runs stored for it. No retries: what each single
 * request got is what the test judges.
 */
import http from 'node:http';

export interface WebhookAnswer {
  seq: number;
  /** 0: no HTTP answer at all (connection refused or reset). */
  status: number;
  runId?: string;
  retryAfter?: string;
  error?: string;
}

export interface LoadOptions {
  url: string;
  total: number;
  connections: number;
  /** Called after each answer (e.g. to kill something once N requests are done). */
  onAnswer?: (answer: WebhookAnswer, done: number) => void;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

function post(agent: http.Agent, url: URL, seq: number, timeoutMs: number): Promise<WebhookAnswer> {
  const body = JSON.stringify({ seq });
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const answer: WebhookAnswer = { seq, status: res.statusCode ?? 0 };
          const retryAfter = res.headers['retry-after'];
          if (retryAfter) answer.retryAfter = String(retryAfter);
          try {
            const parsed = JSON.parse(text) as { runId?: unknown; error?: unknown };
            if (typeof parsed.runId === 'string') answer.runId = parsed.runId;
            if (typeof parsed.error === 'string') answer.error = parsed.error;
          } catch {
            answer.error = text.slice(0, 200);
          }
          resolve(answer);
        });
        res.on('error', (error) => resolve({ seq, status: 0, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ seq, status: 0, error: error.message }));
    req.end(body);
  });
}

/** Sends `total` webhooks, `connections` at a time; resolves with every answer, in `seq` order. */
export async function webhookLoad(options: LoadOptions): Promise<WebhookAnswer[]> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const answers: WebhookAnswer[] = new Array(options.total);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < options.total) {
      const seq = next++;
      answers[seq] = await post(agent, url, seq, options.timeoutMs ?? 30_000);
      done += 1;
      options.onAnswer?.(answers[seq], done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.connections, options.total) }, lane));
  } finally {
    agent.destroy();
  }
  return answers;
}
