import path from 'node:path';
import { writeStepSkeleton } from '../../plugins/skeleton';
import { InputError, parseCommandArgs, type Command } from '../command';
import { printResult } from '../output';

export const command: Command = {
  name: 'new-step',
  summary: 'Write a plugin skeleton: one step, its test, package.json and a README',
  usage: 'new-step <name> [--dir FOLDER]',
  details: [
    '  <name>        the step id, lowercase words joined by "-", like send-greeting',
    '  --dir FOLDER  where to write it (default ./tm-plugin-<name>; must be empty)',
    '',
    'The generated test passes at once: cd into the folder and run `npm test`. docs/plugins.md goes on from there.',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(this, argv, { dir: { type: 'string' } }, { min: 1, max: 1 });
    const name = positionals[0];
    const dir = path.resolve(values.dir ?? `tm-plugin-${name}`);
    try {
      const files = await writeStepSkeleton(name, dir);
      printResult(`Wrote ${files.join(', ')} in ${dir}.\nNext: cd ${path.relative(process.cwd(), dir) || '.'} && npm test`);
      return 0;
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  },
};
