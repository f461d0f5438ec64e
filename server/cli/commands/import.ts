import { sealTypedSecrets } from '../../credentials/step-secrets-at-rest';
import { listCredentialNames } from '../../db/credentials';
import { listProfileNames } from '../../db/browser-profiles';
import { createWorkflow } from '../../db/workflows';
import { InputError, parseCommandArgs, type Command } from '../command';
import { importIfN8n } from '../import-n8n';
import { printResult, progress } from '../output';
import { remoteImport } from '../remote-workflows';
import { withSession } from '../session';
import { formatProblems } from '../../services/workflow-files';
import { readWorkflowFile, readWorkflowImport } from '../workflow-input';

/**
 * `--credential "http-bearer:Shop API=cred_abc"`: the placeholder key, then the credential's id;
 * `--profile "Shop login=prof_abc"`: the profile's name in the file, then the profile's id here.
 */
function choiceMap(options: string[], option: string, example: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const text of options) {
    // Split at the last "=": names may contain one, ids never do.
    const at = text.lastIndexOf('=');
    if (at <= 0 || at === text.length - 1) throw new InputError(`--${option} "${text}" should look like --${option} "${example}".`);
    map[text.slice(0, at)] = text.slice(at + 1);
  }
  return map;
}

export const command: Command = {
  name: 'import',
  summary: 'Save a workflow file as a new workflow and print its id',
  usage: 'import <file> [--credential "type:name=id"]… [--profile "name=id"]…',
  details: [
    'The file is validated first; a file with problems is not saved (exit code 2).',
    'An n8n workflow export (JSON) is recognised and converted; what could not be converted is listed.',
    'Steps that use a saved credential name it in the file by type and name. The saved credential',
    'with the same type and name is used; --credential picks another (see `taskmaster credentials list`).',
    'A step whose credential is not found is saved without one, with a note: choose one in the editor.',
    'Browser profiles are named too: the saved profile with the same name is used; --profile picks',
    'another (see `taskmaster profiles list`). A step whose profile is not found opens a fresh browser,',
    'with a note.',
  ].join('\n'),
  remote: true,
  async run({ argv, remote }) {
    const { values, positionals } = parseCommandArgs(
      this,
      argv,
      { credential: { type: 'string', multiple: true }, profile: { type: 'string', multiple: true } },
      { min: 1, max: 1 },
    );
    const map = choiceMap(values.credential ?? [], 'credential', 'http-bearer:Shop API=cred_abc1234');
    const profileMap = choiceMap(values.profile ?? [], 'profile', 'Shop login=prof_abc1234');
    if (remote) {
      if (values.profile?.length)
        throw new InputError('--profile works on this machine only; with --url, pick the browser profiles in the editor there.');
      return remoteImport(remote, positionals[0], map);
    }
    // An n8n export (detected by its shape) is converted; the report goes to stderr.
    if (await importIfN8n(positionals[0])) return 0;
    // A broken file fails here, before the database is opened.
    await readWorkflowFile(positionals[0]);
    const { saved, problems } = await withSession(async ({ ctx }) => {
      const profiles = { available: await listProfileNames(ctx.db), map: profileMap };
      const read = await readWorkflowImport(positionals[0], { available: await listCredentialNames(ctx.sql), map }, profiles);
      return { saved: await createWorkflow(ctx.db, await sealTypedSecrets(read.document, ctx.lookup, ctx.keys)), problems: read.problems };
    });
    progress(`Saved "${saved.name}".`);
    if (problems.length) progress(`To finish in the editor:\n${formatProblems(positionals[0], problems)}`);
    // Only the id on stdout, so scripts can do `id=$(taskmaster import flow.yaml)`.
    printResult(saved.id);
    return 0;
  },
};
