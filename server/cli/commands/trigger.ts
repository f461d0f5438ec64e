import { startWorkflowRun } from '../../services/runs';
import { rethrowAsInputError } from '../service-errors';
import { parseCommandArgs, type Command } from '../command';
import { printResult } from '../output';
import { withSession } from '../session';
import { parseInputOption } from '../workflow-input';

export const command: Command = {
  name: 'trigger',
  summary: 'Queue a run of a saved workflow and print the run id (does not wait)',
  usage: 'trigger <id> [--input JSON]',
  details: [
    '  --input JSON  what the trigger receives',
    '',
    'A running server or `taskmaster worker` executes the run; follow it with `taskmaster runs <id>`.',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(this, argv, { input: { type: 'string' } }, { min: 1, max: 1 });
    const input = parseInputOption(values.input);
    const runId = await withSession(({ ctx }) => startWorkflowRun(ctx, positionals[0], { input }).catch(rethrowAsInputError));
    printResult(runId);
    return 0;
  },
};
