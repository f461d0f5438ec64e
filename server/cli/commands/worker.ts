import { InputError, parseCommandArgs, PlainError, whenAborted, type Command } from '../command';
import { progress } from '../output';
import { withSession } from '../session';
import { startTriggerHost } from '../../triggers/host';
import { metricsPortOf, startMetricsServer, type MetricsServer } from '../../http/metrics-server';

export const command: Command = {
  name: 'worker',
  summary: 'Run queued workflow runs (no web server) until stopped with Ctrl+C',
  usage: 'worker [--metrics-port N]',
  details: [
    'Start several on one database to run more at once; Settings (or WORKER_CONCURRENCY) sets runs per worker.',
    'On SIGINT/SIGTERM, runs in progress go back to the queue and resume on another worker.',
    "--metrics-port N (or METRICS_PORT): serve this worker's Prometheus metrics (runs and steps it ran) at",
    '  http://127.0.0.1:N/metrics (METRICS_HOST changes the address; METRICS_TOKEN lets other computers read it).',
  ].join('\n'),
  longRunning: true,
  async run({ argv, signal }) {
    const { values } = parseCommandArgs(this, argv, { 'metrics-port': { type: 'string' } }, { min: 0, max: 0 });
    let metricsPort: number | null;
    try {
      metricsPort = metricsPortOf(values['metrics-port'], process.env.METRICS_PORT);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    return withSession(
      async ({ ctx, database, startWorker }) => {
        const worker = await startWorker();
        let metrics: MetricsServer | null = null;
        if (metricsPort !== null) {
          metrics = await startMetricsServer({
            sql: ctx.sql,
            port: metricsPort,
            host: process.env.METRICS_HOST || '127.0.0.1',
            log: progress,
          });
          progress(`Metrics at ${metrics.url}`);
        }
        // Schedules, file watches, polls and database events: one process per database runs them
        // (a lock decides), so a worker-only machine can take over when `npm start` is down.
        const triggers = await startTriggerHost({ ctx, databaseUrl: database.url, network: worker.network, log: progress });
        progress(`Worker running (${worker.concurrency} runs at once). Press Ctrl+C to stop.`);
        // An embedded Postgres this worker started and that can't come back (server/db/embedded.ts).
        const lost = await Promise.race([
          whenAborted(signal).then(() => null),
          worker.done.then(() => null),
          database.embedded?.lost ?? new Promise<never>(() => {}),
        ]);
        progress(signal.aborted ? 'Stopping the worker…' : 'The worker stopped by itself.');
        await triggers.stop();
        await metrics?.close();
        if (lost) throw new PlainError(lost.message);
        // withSession stops the worker and the database.
        return signal.aborted ? 0 : 1;
      },
      { giveUpWhenDatabaseGone: false },
    );
  },
};
