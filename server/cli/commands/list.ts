import { listWorkflows } from '../../db/workflows';
import { parseCommandArgs, type Command } from '../command';
import { formatAgo, formatTable, printResult } from '../output';
import { remoteList } from '../remote-commands';
import { withSession } from '../session';

export const command: Command = {
  name: 'list',
  summary: 'List saved workflows with their last run',
  usage: 'list [--json]',
  details: '  --json  print the list as JSON\n\nWith --url and --api-key: the workflows of that TaskMaster.',
  remote: true,
  async run({ argv, remote }) {
    const { values } = parseCommandArgs(this, argv, { json: { type: 'boolean' } }, { min: 0, max: 0 });
    if (remote) return remoteList(remote, Boolean(values.json));
    const workflows = await withSession(({ ctx }) => listWorkflows(ctx.db));
    if (values.json) {
      printResult(JSON.stringify(workflows, null, 2));
    } else if (workflows.length === 0) {
      printResult('No workflows yet. Save one with: taskmaster import <file>');
    } else {
      const now = new Date();
      const rows = workflows.map((wf) => [
        wf.id,
        wf.checkBeforeUse ? `${wf.name} (check before use)` : wf.name,
        wf.active ? 'yes' : 'no',
        wf.lastRun ? `${wf.lastRun.status}, ${formatAgo(wf.lastRun.createdAt, now)}` : 'never',
      ]);
      printResult(formatTable(['ID', 'NAME', 'ACTIVE', 'LAST RUN'], rows));
    }
    return 0;
  },
};
