import { parseCommandArgs, type Command } from '../command';
import { printResult } from '../output';
import { readWorkflowFile } from '../workflow-input';

export const command: Command = {
  name: 'validate',
  summary: 'Check a workflow file without running it',
  usage: 'validate <file>',
  details: [
    'Prints "ok", or every problem as `file:line:col  message` (exit code 2).',
    'Needs no database, so it is quick enough for editors and git hooks.',
  ].join('\n'),
  async run({ argv }) {
    const { positionals } = parseCommandArgs(this, argv, {}, { min: 1, max: 1 });
    // Problems leave as an InputError: printed on stderr, exit code 2.
    await readWorkflowFile(positionals[0]);
    printResult('ok');
    return 0;
  },
};
