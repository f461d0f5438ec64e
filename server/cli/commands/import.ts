import { createWorkflow } from '../../db/workflows';
import { parseCommandArgs, type Command } from '../command';
import { printResult, progress } from '../output';
import { withSession } from '../session';
import { readWorkflowFile } from '../workflow-input';

export const command: Command = {
  name: 'import',
  summary: 'Save a workflow file as a new workflow and print its id',
  usage: 'import <file>',
  details: 'The file is validated first; a file with problems is not saved (exit code 2).',
  async run({ argv }) {
    const { positionals } = parseCommandArgs(this, argv, {}, { min: 1, max: 1 });
    const document = await readWorkflowFile(positionals[0]);
    const saved = await withSession(({ ctx }) => createWorkflow(ctx.db, document));
    progress(`Saved "${saved.name}".`);
    // Only the id on stdout, so scripts can do `id=$(taskmaster import flow.yaml)`.
    printResult(saved.id);
    return 0;
  },
};
