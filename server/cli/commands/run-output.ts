import { getRunResult } from '../../services/run-result';
import { findStep, mainHandle, writeOutputJson } from '../../services/step-output';
import { InputError, parseCommandArgs, type Command } from '../command';
import { remoteRunOutput } from '../remote-workflows';
import { withSession } from '../session';

export const command: Command = {
  name: 'run-output',
  summary: "Print one step's whole output from a finished run, as JSON",
  usage: 'run-output <run id> <step> [--handle NAME]',
  details: [
    '  <run id>       as printed by `taskmaster run` and listed by `taskmaster runs`',
    "  <step>         the step's id or name",
    '  --handle NAME  another output of the step, e.g. false for an If, discarded for a Filter',
    '',
    'Prints every item, read page by page, so large outputs work too.',
  ].join('\n'),
  remote: true,
  async run({ argv, remote }) {
    const { values, positionals } = parseCommandArgs(this, argv, { handle: { type: 'string' } }, { min: 2, max: 2 });
    const [runId, step] = positionals;
    if (remote) return remoteRunOutput(remote, runId, step, values.handle);
    return withSession(async ({ ctx }) => {
      const result = await getRunResult(ctx.sql, runId, { withOutputs: false });
      if (!result) throw new InputError(`There is no run with the id "${runId}". \`taskmaster runs <workflow id>\` lists them.`);
      const nodeId = findStep(result, step);
      if (!nodeId) throw new InputError(`Run ${runId} has no step with the id or name "${step}".`);
      const counts = result.nodes[nodeId].outputCounts;
      const handle = values.handle ?? mainHandle(counts);
      if (!(handle in counts)) {
        throw new InputError(`Step "${step}" has no output "${handle}"; it has ${Object.keys(counts).join(', ') || 'none'}.`);
      }
      await writeOutputJson(ctx.sql, runId, nodeId, handle, (text) => process.stdout.write(text));
      return 0;
    });
  },
};
