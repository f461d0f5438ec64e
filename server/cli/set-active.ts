/** `activate` and `deactivate`: the same command but for the value they set. */
import { setWorkflowActiveChecked } from '../triggers/activation';
import { parseCommandArgs, type Command } from './command';
import { printResult } from './output';
import { rethrowAsInputError } from './service-errors';
import { remoteSetActive } from './remote-workflows';
import { withSession } from './session';
import { unknownWorkflow } from './workflow-input';

export function setActiveCommand(active: boolean): Command {
  const name = active ? 'activate' : 'deactivate';
  return {
    name,
    summary: active
      ? 'Turn a saved workflow on: its automatic triggers (schedules, webhooks) start runs'
      : 'Turn a saved workflow off: only manual runs start it',
    usage: `${name} <id>`,
    remote: true,
    async run({ argv, remote }) {
      const { positionals } = parseCommandArgs(this, argv, {}, { min: 1, max: 1 });
      const [id] = positionals;
      if (remote) return remoteSetActive(remote, id, active);
      const found = await withSession(({ ctx }) => setWorkflowActiveChecked(ctx, id, active).catch(rethrowAsInputError));
      if (!found) throw unknownWorkflow(id);
      printResult(`${id} is now ${active ? 'active' : 'inactive'}.`);
      return 0;
    },
  };
}
