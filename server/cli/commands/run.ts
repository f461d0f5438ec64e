import { setTimeout as sleep } from 'node:timers/promises';
import { cancelRun, getRun, waitForRun } from '../../db/runs';
import { getRunResult } from '../../services/run-result';
import { startDocumentRun, startWorkflowRun } from '../../services/runs';
import { rethrowAsInputError } from '../service-errors';
import { InputError, parseCommandArgs, whenAborted, type Command } from '../command';
import { findStep, lastStep, mainHandle, withCappedOutputs, writeOutputJson } from '../../services/step-output';
import { printError, printResult, progress } from '../output';
import { failureMessage, runSummary, runTable } from '../run-report';
import { remoteRun, remoteTargetId } from '../remote-commands';
import { withSession } from '../session';
import { parseInputOption, readWorkflowFile, resolveTarget } from '../workflow-input';

/** Items per step output that `--json` prints unless told otherwise. */
export const DEFAULT_MAX_ITEMS = 100;

export function parseMaxItems(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_ITEMS;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--max-items must be a whole number, 0 or more (got "${text}").`);
  return n;
}

/** Exit code of a run stopped with Ctrl+C, as shells report a SIGINT. */
const INTERRUPTED = 130;
/** How long a cancelled run may take to stop before the command gives up waiting. */
const CANCEL_GRACE_MS = 5000;

export const command: Command = {
  name: 'run',
  summary: 'Run a workflow file or a saved workflow and wait for its result',
  usage: 'run <file|id> [--input JSON] [--json [--max-items N]] [--output STEP | --last]',
  details: [
    '  <file|id>        a workflow file (.json, .yaml, .yml) or the id of a saved workflow',
    '  --input JSON     what the trigger receives, e.g. \'{"name":"Ada"}\' or \'[{"n":1},{"n":2}]\'',
    '  --json           print the whole run as JSON (per step id: status, attempts, time, warnings, output items)',
    `  --max-items N    with --json, at most N items per step output (default ${DEFAULT_MAX_ITEMS}); a step cut short`,
    '                   says so and names the command that prints all of it (taskmaster run-output)',
    "  --output STEP    print only this step's output items as JSON (STEP: its id or name), all of them",
    '  --last           print only the output of the step that finished last, as JSON',
    '',
    'Runs in this process, so no server is needed. Exit code: 0 when the run succeeded,',
    '1 when it failed, 2 when the file, id or input is not usable.',
    '',
    'With --url URL --api-key KEY (or TASKMASTER_URL / TASKMASTER_API_KEY): starts the saved',
    'workflow <id> on that TaskMaster (the key needs the run scope) and waits for it there.',
  ].join('\n'),
  remote: true,
  async run({ argv, signal, remote }) {
    const { values, positionals } = parseCommandArgs(
      this,
      argv,
      {
        input: { type: 'string' },
        json: { type: 'boolean' },
        'max-items': { type: 'string' },
        output: { type: 'string' },
        last: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const input = parseInputOption(values.input);
    const maxItems = parseMaxItems(values['max-items']);
    if (values.output !== undefined && values.last) throw new InputError('Give --output STEP or --last, not both.');
    if (remote)
      return remoteRun(
        remote,
        remoteTargetId(positionals[0]),
        { input, json: Boolean(values.json), maxItems, output: values.output, last: values.last },
        signal,
      );
    const target = await resolveTarget(positionals[0]);
    // A bad file is reported before the database is even opened.
    const document = target.kind === 'file' ? await readWorkflowFile(target.file) : null;

    return withSession(async ({ ctx, startWorker }) => {
      const runId = await (document ? startDocumentRun(ctx, document, { input }) : startWorkflowRun(ctx, positionals[0], { input })).catch(
        rethrowAsInputError,
      );
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

      const result = await getRunResult(ctx.sql, runId, { withOutputs: false });
      const run = await getRun(ctx.sql, runId);
      if (!result || !run) throw new Error(`Run ${runId} disappeared from the database.`);
      if (values.output !== undefined || values.last) {
        const nodeId = values.last ? lastStep(result) : findStep(result, values.output!);
        if (!nodeId) {
          printError(
            values.last
              ? 'No step of the run succeeded, so there is no output to print.'
              : `The run has no step with the id or name "${values.output}".`,
          );
          return result.status === 'succeeded' ? 2 : 1;
        }
        await writeOutputJson(ctx.sql, runId, nodeId, mainHandle(result.nodes[nodeId].outputCounts), (text) => process.stdout.write(text));
        progress(runSummary(result));
      } else if (values.json) printResult(JSON.stringify(await withCappedOutputs(ctx.sql, result, maxItems), null, 2));
      else printResult(`${runTable(run.document, result)}\n\n${runSummary(result)}`);
      if (result.status === 'succeeded') return 0;
      printError(failureMessage(result));
      return signal.aborted ? INTERRUPTED : 1;
    });
  },
};
