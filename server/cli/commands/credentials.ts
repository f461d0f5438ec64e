import { generateKey, parseKey, type EncryptionKey } from '../../credentials/crypto';
import { KEY_ENV } from '../../credentials/keys';
import { RotationError, rotateEncryptionKey, type RotationResult } from '../../credentials/rotate';
import { listCredentials } from '../../credentials/service';
import { InputError, parseCommandArgs, type Command } from '../command';
import { formatAgo, formatTable, printResult, progress } from '../output';
import { withSession, type Session } from '../session';

const USAGE = 'credentials list | credentials rotate-key [--new-key KEY]';

async function list({ ctx }: Session): Promise<number> {
  const rows = await listCredentials(ctx);
  if (rows.length === 0) {
    printResult('No saved credentials. Add them in the web app, under Credentials.');
    return 0;
  }
  const lastTest = (r: (typeof rows)[number]) => (r.lastTest ? `${r.lastTest.ok ? 'ok' : 'failed'} ${formatAgo(r.lastTest.at)}` : '-');
  printResult(
    formatTable(
      ['ID', 'NAME', 'TYPE', 'SECRETS SET', 'LAST TEST'],
      rows.map((r) => [r.id, r.name, `${r.type}${r.readable ? '' : ' (unreadable)'}`, r.secretsSet.join(', ') || '-', lastTest(r)]),
    ),
  );
  return 0;
}

async function rotate({ ctx, config }: Session, newKeyText: string | undefined): Promise<number> {
  if (ctx.keys.fromEnv && newKeyText === undefined) {
    throw new InputError(
      `The key comes from ${KEY_ENV}: give the new one with --new-key (make one with: openssl rand -base64 32), then set ${KEY_ENV} to it.`,
    );
  }
  let newKey: EncryptionKey;
  try {
    newKey = newKeyText === undefined ? generateKey() : parseKey(newKeyText, '--new-key');
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  let result: RotationResult;
  try {
    result = await rotateEncryptionKey(ctx.sql, ctx.keys, config.dataDir, newKey);
  } catch (error) {
    if (error instanceof RotationError) throw new InputError(error.message);
    throw error;
  }
  const what = result.count === 1 ? '1 credential' : `${result.count} credentials`;
  const from = result.oldKeyId ? ` (was ${result.oldKeyId})` : '';
  printResult(`Re-encrypted ${what} with the new key ${result.newKeyId}${from}.`);
  if (result.keyFile) printResult(`The new key is in ${result.keyFile}.`);
  if (result.backupFile) {
    printResult(`The old key is kept in ${result.backupFile}: delete it once no backup of the database needs it.`);
  }
  if (!result.keyFile) printResult(`Now set ${KEY_ENV} to the new key wherever TaskMaster runs, then restart it.`);
  return 0;
}

export const command: Command = {
  name: 'credentials',
  summary: 'List saved credentials, or re-encrypt them all with a new key',
  usage: USAGE,
  details: [
    '  list        each credential: id, name, type, which secrets are set (never their values)',
    '  rotate-key  encrypts every credential with a new key, in one transaction. The new key is',
    '              written to <data dir>/encryption.key; the old file is kept as',
    '              encryption.key.old-<date>. With TASKMASTER_ENCRYPTION_KEY, give the new key',
    '              with --new-key and then change the variable.',
    '  --new-key   the new key (32 bytes as base64 or hex); by default one is generated.',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(this, argv, { 'new-key': { type: 'string' } }, { min: 1, max: 1 });
    const [action] = positionals;
    if (action !== 'list' && action !== 'rotate-key') throw new InputError(`Unknown action "${action}".\nUsage: taskmaster ${USAGE}`);
    if (action === 'list' && values['new-key'] !== undefined) throw new InputError('--new-key goes with rotate-key only.');
    return withSession((session) => {
      if (action === 'list') return list(session);
      progress('Re-encrypting the saved credentials…');
      return rotate(session, values['new-key']);
    });
  },
};
