import { InputError, parseCommandArgs, type Command } from '../command';
import { formatColumns, printResult } from '../output';
import { commandLoaders, loadCommand } from './index';

const ENVIRONMENT = [
  'Environment:',
  '  DATABASE_URL         use this Postgres instead of the embedded one',
  '  TASKMASTER_DATA_DIR  where the embedded Postgres keeps its data (default ./.data)',
  '  LOG_LEVEL            debug, info (default), warn, error or silent',
  '  TASKMASTER_ENCRYPTION_KEY  the key saved credentials are encrypted with (default: <data dir>/encryption.key)',
  '  TASKMASTER_URL, TASKMASTER_API_KEY  as --url and --api-key',
  '',
  'Remote mode: taskmaster --url https://tm.example.com --api-key tm_… <list|run <id>|runs <id>>',
  '  drives another TaskMaster through its REST API (make the key on its API keys page).',
].join('\n');

/** The usage of one command: synopsis, then what its arguments mean. */
export function commandHelp(command: Command): string {
  return [`Usage: taskmaster ${command.usage}`, '', command.summary + '.', ...(command.details ? ['', command.details] : [])].join('\n');
}

export const command: Command = {
  name: 'help',
  summary: 'Show how to use every command, or one command in detail',
  usage: 'help [command]',
  async run({ argv }) {
    const { positionals } = parseCommandArgs(this, argv, {}, { min: 0, max: 1 });
    if (positionals[0]) {
      const one = await loadCommand(positionals[0]);
      if (!one) throw new InputError(`There is no command "${positionals[0]}". See them all with: taskmaster help`);
      printResult(commandHelp(one));
      return 0;
    }
    const all = await Promise.all(Object.keys(commandLoaders).map((name) => loadCommand(name)));
    const rows = all.flatMap((c) => (c ? [[c.usage, c.summary]] : []));
    printResult(
      [
        'Usage: taskmaster <command> [arguments]',
        '',
        'Commands:',
        formatColumns(rows)
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
        '',
        'Details of one command: taskmaster help <command> (or taskmaster <command> --help)',
        '',
        ENVIRONMENT,
      ].join('\n'),
    );
    return 0;
  },
};
