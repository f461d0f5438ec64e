import { listRuns } from '../../db/runs';
import { getWorkflow } from '../../db/workflows';
import { InputError, parseCommandArgs, type Command } from '../command';
import { formatAgo, formatDuration, formatTable, printResult, RUN_COLUMNS } from '../output';
import { remoteRuns } from '../remote-commands';
import { withSession } from '../session';
import { unknownWorkflow } from '../workflow-input';

export const command: Command = {
  name: 'runs',
  summary: 'Show the recent runs of a saved workflow',
  usage: 'runs <id> [--limit N] [--json]',
  details: [
    '  --limit N  how many runs, newest first (default 20)',
    '  --json     print the runs as JSON',
    '',
    'With --url and --api-key: the runs on that TaskMaster.',
  ].join('\n'),
  remote: true,
  async run({ argv, remote }) {
    const { values, positionals } = parseCommandArgs(
      this,
      argv,
      { limit: { type: 'string', default: '20' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const [id] = positionals;
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit must be a whole number above 0 (got "${values.limit}").`);

    if (remote) return remoteRuns(remote, id, limit, Boolean(values.json));
    const runs = await withSession(async ({ ctx }) => {
      // An unknown id and a workflow that never ran both list nothing; only one is a mistake.
      if (!(await getWorkflow(ctx.db, id))) throw unknownWorkflow(id);
      return listRuns(ctx.sql, id, limit);
    });
    if (values.json) {
      printResult(JSON.stringify(runs, null, 2));
    } else if (runs.length === 0) {
      printResult(`Workflow ${id} has not run yet.`);
    } else {
      const now = new Date();
      const rows = runs.map((run) => [
        run.id,
        run.status,
        run.triggerKind,
        formatAgo(run.createdAt, now),
        formatDuration(run.durationMs),
        String(run.warningCount),
        run.error ? run.error.message : '',
      ]);
      printResult(formatTable(RUN_COLUMNS, rows, [4, 5]));
    }
    return 0;
  },
};
