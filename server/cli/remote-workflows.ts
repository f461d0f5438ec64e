/**
 * `activate`, `deactivate`, `export`, `import` and `run-output` against a remote TaskMaster
 * (server/cli/remote.ts): the REST API's routes, printing what the local commands print.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { findStep, mainHandle, writeOutputJson } from '../services/step-output';
import { InputError } from './command';
import { printResult, progress } from './output';
import type { RemoteClient } from './remote';
import { remotePages, resultOf, type RemoteRun } from './remote-commands';

const path = (id: string) => encodeURIComponent(id);

export async function remoteSetActive(client: RemoteClient, id: string, active: boolean): Promise<number> {
  await client.call('POST', `/workflows/${path(id)}/${active ? 'activate' : 'deactivate'}`);
  printResult(`${id} is now ${active ? 'active' : 'inactive'}.`);
  return 0;
}

export async function remoteExport(client: RemoteClient, id: string, format: 'json' | 'yaml', file: string | undefined): Promise<number> {
  const { text } = await client.call<{ text: string }>('GET', `/workflows/${path(id)}/export?format=${format}`);
  if (!file) {
    printResult(text);
    return 0;
  }
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`${file}: could not write the file (${(error as Error).message}).`);
  }
  progress(`Wrote ${id} from ${client.target.url} to ${file}.`);
  return 0;
}

interface Imported {
  imported: boolean;
  id: string | null;
  problems: Array<{ message: string; nodeId?: string | null; field?: string | null }>;
}

/** Saves the file there as a new workflow; like the local command, only its id goes to stdout. */
export async function remoteImport(client: RemoteClient, file: string, credentialMap: Record<string, string>): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: could not read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  // Problems a person finishes in the editor (a credential not found there) don't stop the import.
  const answer = await client.call<Imported>('POST', '/workflows/import', { text, allowProblems: true, credentialMap });
  if (!answer.imported || !answer.id) {
    throw new InputError(`${file} was not imported:\n${answer.problems.map((p) => `  - ${p.message}`).join('\n')}`);
  }
  progress(`Saved it on ${client.target.url}.`);
  if (answer.problems.length) progress(`To finish in the editor:\n${answer.problems.map((p) => `  - ${p.message}`).join('\n')}`);
  printResult(answer.id);
  return 0;
}

/** One step's whole output as JSON, read page by page through the REST API. */
export async function remoteRunOutput(
  client: RemoteClient,
  runId: string,
  step: string,
  handleOption: string | undefined,
): Promise<number> {
  const run = await client.call<RemoteRun>('GET', `/runs/${path(runId)}`);
  const result = resultOf(run);
  const nodeId = findStep(result, step);
  if (!nodeId) throw new InputError(`Run ${runId} has no step with the id or name "${step}".`);
  const counts = result.nodes[nodeId].outputCounts;
  const handle = handleOption ?? mainHandle(counts);
  if (!(handle in counts))
    throw new InputError(`Step "${step}" has no output "${handle}"; it has ${Object.keys(counts).join(', ') || 'none'}.`);
  await writeOutputJson(remotePages(client), runId, nodeId, handle, (text) => process.stdout.write(text));
  return 0;
}
