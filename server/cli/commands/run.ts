import { setTimeout as sleep } from 'node:timers/promises';
import { cancelRun, getRun, waitForRun } from '../../db/runs';
import { getRunResult } from '../../services/run-result';
import { startDocumentRun, startWorkflowRun } from '../../services/runs';
import { rethrowAsInputError } from '../service-errors';
import { parseCommandArgs, whenAborted, type Command } from '../command';
import { printError, printResult, progress } from '../output';
import { failureMessage, runSummary, runTable } from '../run-report';
import { withSession } from '../session';
import { parseInputOption, readWorkflowFile, resolveTarget } from '../workflow-input';

/** Exit code of a run stopped with Ctrl+C, as shells report a SIGINT. */
const INTERRUPTED = 130;
/** How long a cancelled run may take to stop before the command gives up waiting. */
const CANCEL_GRACE_MS = 5000;

export const command: Command = {
  name: 'run',
  summary: 'Run a workflow file or a saved workflow and wait for its result',
  usage: 'run <file|id> [--input JSON] [--json]',
  details: [
    '  <file|id>     a workflow file (.json, .yaml, .yml) or the id of a saved workflow',
    '  --input JSON  what the trigger receives, e.g. \'{"name":"Ada"}\' or \'[{"n":1},{"n":2}]\'',
    '  --json        print the whole run as JSON (per node id: status, attempts, time, output items)',
    '',
    'Runs in this process, so no server is needed. Exit code: 0 when the run succeeded,',
    '1 when it failed, 2 when the file, id or input is not usable.',
  ].join('\n'),
  async run({ argv, signal }) {
    const { values, positionals } = parseCommandArgs(
      this,
      argv,
      { input: { type: 'string' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const input = parseInputOption(values.input);
    const target = await resolveTarget(positionals[0]);
    // A bad file is reported before the database is even opened.
    const document = target.kind === 'file' ? await readWorkflowFile(target.file) : null;

    return withSession(async ({ ctx, startWorker }) => {
      const runId = await (document
        ? startDocumentRun(ctx, document, { input })
        : startWorkflowRun(ctx, positionals[0], { input })
      ).catch(rethrowAsInputError);
      progress(`Started run ${runId}.`);
      // One job at a time: this worker is here for this run, not to take over a server's queue.
      const worker = await startWorker(1);

      const cancel = () => {
        progress('Cancelling the run…');
        void cancelRun(ctx.sql, runId).catch((error: unknown) => progress(`Could not cancel: ${String(error)}`));
      };
      signal.addEventListener('abort', cancel, { once: true });
      const finished = waitForRun(ctx.sql, runId);
      // Once we stop waiting, closing the database makes this wait fail: nobody needs to hear it.
      finished.catch(() => {});
      try {
        const outcome = await Promise.race([
          finished,
          worker.done.then(() => {
            throw new Error('The worker stopped before the run finished.');
          }),
          // A run whose job is between retries only notices the cancel at its next attempt.
          whenAborted(signal).then(() => sleep(CANCEL_GRACE_MS, 'still-going' as const)),
        ]);
        if (outcome === 'still-going') {
          printError(`Run ${runId} was asked to stop but has not yet; it stops at its next attempt.`);
          return INTERRUPTED;
        }
      } finally {
        signal.removeEventListener('abort', cancel);
      }

      const result = await getRunResult(ctx.sql, runId);
      const run = await getRun(ctx.sql, runId);
      if (!result || !run) throw new Error(`Run ${runId} disappeared from the database.`);
      if (values.json) printResult(JSON.stringify(result, null, 2));
      else printResult(`${runTable(run.document, result)}\n\n${runSummary(result)}`);
      if (result.status === 'succeeded') return 0;
      printError(failureMessage(result));
      return signal.aborted ? INTERRUPTED : 1;
    });
  },
};
