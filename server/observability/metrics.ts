/**
 * Prometheus metrics of this process (prom-client: the standard Node client, with the process
 * and memory metrics built in). Runs and steps are counted by the worker of this process; a
 * separate `taskmaster worker` process counts its own and serves them on its metrics port
 * (server/http/metrics-server.ts).
 *
 * Labels carry workflow names, which is why /metrics is not public (server/http/ops.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Sql } from 'postgres';
import type { RunEndReport } from '../worker/execute-run';
import { queueState } from '../db/queue-state';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'taskmaster_' });

const runsStarted = new Counter({
  name: 'taskmaster_runs_started_total',
  help: 'Runs a worker of this process began executing, by workflow.',
  labelNames: ['workflow'] as const,
  registers: [registry],
});
const runsFinished = new Counter({
  name: 'taskmaster_runs_finished_total',
  help: 'Runs a worker of this process finished, by workflow and status.',
  labelNames: ['workflow', 'status'] as const,
  registers: [registry],
});
const stepDuration = new Histogram({
  name: 'taskmaster_step_duration_seconds',
  help: 'Time of each step attempt, by step type and outcome.',
  labelNames: ['step_type', 'outcome'] as const,
  buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30, 120],
  registers: [registry],
});
const webhookDuration = new Histogram({
  name: 'taskmaster_webhook_duration_seconds',
  help: 'Time from a webhook request arriving to its answer being sent.',
  labelNames: ['status_class'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
  registers: [registry],
});
let browsersInUse: (() => number) | null = null;
new Gauge({
  name: 'taskmaster_active_browsers',
  help: 'Chromium browsers open for Browser steps in this process.',
  registers: [registry],
  collect() {
    this.set(browsersInUse?.() ?? 0);
  },
});

/** Where the queue gauges read from: set once the process has a database. */
let queueSql: Sql | null = null;
new Gauge({
  name: 'taskmaster_queue_depth',
  help: 'Runs and jobs waiting in the queue that are due now.',
  registers: [registry],
  async collect() {
    if (queueSql) this.set((await queueState(queueSql).catch(() => ({ depth: Number.NaN }))).depth);
  },
});
new Gauge({
  name: 'taskmaster_queue_lag_seconds',
  help: 'How long the oldest due job has been waiting to be picked up.',
  registers: [registry],
  async collect() {
    if (queueSql) this.set((await queueState(queueSql).catch(() => ({ lagMs: Number.NaN }))).lagMs / 1000);
  },
});

export function watchQueue(sql: Sql): void {
  queueSql = sql;
}

const nameOf = (end: Pick<RunEndReport, 'document'>) => end.document.name || 'Untitled';

export function recordRunStarted(workflowName: string): void {
  runsStarted.inc({ workflow: workflowName || 'Untitled' });
}

export function recordRunEnd(end: RunEndReport): void {
  runsFinished.inc({ workflow: nameOf(end), status: end.status });
}

export function recordStep(stepType: string, durationMs: number, ok: boolean): void {
  stepDuration.observe({ step_type: stepType, outcome: ok ? 'succeeded' : 'failed' }, durationMs / 1000);
}

export function recordWebhook(statusCode: number, seconds: number): void {
  webhookDuration.observe({ status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
}

/** The worker's browser pool: read at every scrape. */
export function watchBrowsers(inUse: () => number): void {
  browsersInUse = inUse;
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
