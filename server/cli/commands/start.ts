import { startTaskMaster } from '../../process/start';
import { parseCommandArgs, PlainError, whenAborted, type Command } from '../command';

export const command: Command = {
  name: 'start',
  summary: 'Start TaskMaster: database, worker and web app',
  usage: 'start [--dev] [--no-ui]',
  details: [
    '  --dev    development mode: the web app rebuilds as its files change',
    '  --no-ui  API, webhooks and the worker only: no web pages (no build needed)',
    '',
    'Uses DATABASE_URL, or an embedded Postgres in TASKMASTER_DATA_DIR (default ./.data).',
    'PORT and HOST choose where the web app listens. Ctrl+C shuts everything down in order.',
  ].join('\n'),
  longRunning: true,
  async run({ argv, signal }) {
    const { values } = parseCommandArgs(this, argv, { dev: { type: 'boolean' }, 'no-ui': { type: 'boolean' } }, { min: 0, max: 0 });
    const app = await startTaskMaster({ dev: values.dev, noUi: values['no-ui'] });
    const lost = await Promise.race([whenAborted(signal).then(() => null), app.lost]);
    await app.stop();
    if (lost) throw new PlainError(lost.message);
    return 0;
  },
};
