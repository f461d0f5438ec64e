import { parseCommandArgs, whenAborted, type Command } from '../command';
import { progress } from '../output';
import { withSession } from '../session';
import { startTriggerHost } from '../../triggers/host';

export const command: Command = {
  name: 'worker',
  summary: 'Run queued workflow runs (no web server) until stopped with Ctrl+C',
  usage: 'worker',
  details: [
    'Start several on one database to run more at once; Settings (or WORKER_CONCURRENCY) sets runs per worker.',
    'On SIGINT/SIGTERM, runs in progress go back to the queue and resume on another worker.',
  ].join('\n'),
  longRunning: true,
  async run({ argv, signal }) {
    parseCommandArgs(this, argv, {}, { min: 0, max: 0 });
    return withSession(async ({ ctx, database, startWorker }) => {
      const worker = await startWorker();
      // Schedules, file watches, polls and database events: one process per database runs them
      // (a lock decides), so a worker-only machine can take over when `npm start` is down.
      const triggers = await startTriggerHost({ ctx, databaseUrl: database.url, network: worker.network, log: progress });
      progress(`Worker running (${worker.concurrency} runs at once). Press Ctrl+C to stop.`);
      await Promise.race([whenAborted(signal), worker.done]);
      progress(signal.aborted ? 'Stopping the worker…' : 'The worker stopped by itself.');
      await triggers.stop();
      // withSession stops the worker and the database.
      return signal.aborted ? 0 : 1;
    }, { giveUpWhenDatabaseGone: false });
  },
};
