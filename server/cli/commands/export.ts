import { writeFile } from 'node:fs/promises';
import { listCredentialNames } from '../../db/credentials';
import { listProfileNames } from '../../db/browser-profiles';
import { getWorkflow } from '../../db/workflows';
import { serializeWorkflow } from '../../services/workflow-files';
import { InputError, parseCommandArgs, type Command } from '../command';
import { printResult, progress } from '../output';
import { remoteExport } from '../remote-workflows';
import { withSession } from '../session';
import { unknownWorkflow } from '../workflow-input';

export const command: Command = {
  name: 'export',
  summary: 'Write a saved workflow to a file (or stdout)',
  usage: 'export <id> [file] [--format json|yaml]',
  details: [
    '  [file]    where to write; stdout when left out',
    '  --format  json or yaml; by default yaml for files ending .yaml/.yml, else json',
  ].join('\n'),
  remote: true,
  async run({ argv, remote }) {
    const { values, positionals } = parseCommandArgs(this, argv, { format: { type: 'string' } }, { min: 1, max: 2 });
    const [id, file] = positionals;
    const format = values.format ?? (file && /\.ya?ml$/i.test(file) ? 'yaml' : 'json');
    if (format !== 'json' && format !== 'yaml') throw new InputError(`--format must be json or yaml (got "${format}").`);
    if (remote) return remoteExport(remote, id, format, file);

    const found = await withSession(async ({ ctx }) => {
      const wf = await getWorkflow(ctx.db, id);
      return (
        wf && {
          workflow: wf,
          credentials: { lookup: ctx.lookup, saved: await listCredentialNames(ctx.sql), profiles: await listProfileNames(ctx.db) },
        }
      );
    });
    if (!found) throw unknownWorkflow(id);
    const { workflow } = found;
    const text = serializeWorkflow(workflow.document, format, found.credentials);
    if (!file) {
      printResult(text);
      return 0;
    }
    try {
      await writeFile(file, text);
    } catch (error) {
      throw new InputError(`${file}: could not write the file (${(error as Error).message}).`);
    }
    progress(`Wrote "${workflow.name}" (version ${workflow.version}) to ${file}.`);
    return 0;
  },
};
