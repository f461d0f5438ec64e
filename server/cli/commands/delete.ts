import { deleteWorkflow } from '../../db/workflows';
import { parseCommandArgs, type Command } from '../command';
import { printResult } from '../output';
import { withSession } from '../session';
import { unknownWorkflow } from '../workflow-input';

export const command: Command = {
  name: 'delete',
  summary: 'Delete a saved workflow',
  usage: 'delete <id>',
  async run({ argv }) {
    const { positionals } = parseCommandArgs(this, argv, {}, { min: 1, max: 1 });
    const [id] = positionals;
    const deleted = await withSession(({ ctx }) => deleteWorkflow(ctx.db, id));
    if (!deleted) throw unknownWorkflow(id);
    printResult(`Deleted ${id}.`);
    return 0;
  },
};
