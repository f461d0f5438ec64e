/**
 * Turning what the user points at (a workflow file, a saved id, an --input value) into data,
 * with messages that name the file, the line and the problem.
 */
import { readFile, stat } from 'node:fs/promises';
import { getNodeType } from '../../nodes';
import type { WorkflowDocument } from '../../core/document';
import type { CredentialMatching } from '../services/credential-placeholders';
import type { ProfileMatching } from '../services/profile-placeholders';
import { formatProblems, parseWorkflowFile, type FileProblem } from '../services/workflow-files';
import { InputError } from './command';
import { progress } from './output';
import { ensurePluginsLoaded } from '../plugins';

/** Reads, parses and validates a workflow file; throws InputError listing every problem. */
export async function readWorkflowFile(file: string): Promise<WorkflowDocument> {
  return (await readWorkflowImport(file)).document;
}

/**
 * Like readWorkflowFile, matching the saved credentials the file names; the problems that do
 * not stop an import (credentials still to choose) come back with the document.
 */
export async function readWorkflowImport(
  file: string,
  credentials?: CredentialMatching,
  profiles?: ProfileMatching,
): Promise<{ document: WorkflowDocument; problems: FileProblem[] }> {
  const text = await readText(file);
  // A file may use plugin steps; `validate` opens no session, so load them here.
  await ensurePluginsLoaded(progress);
  const parsed = parseWorkflowFile(text, getNodeType, credentials, profiles);
  // A first-design file (triggers/actions) is converted: say how, as for n8n files.
  if (parsed.notes?.length) progress(parsed.notes.map((note) => `${file}: ${note}`).join('\n'));
  if (!parsed.ok) throw new InputError(formatProblems(file, parsed.problems));
  return { document: parsed.document, problems: parsed.problems };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: ${readProblem(error)}`);
  }
}

function readProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file.';
    case 'EISDIR':
      return 'this is a folder; give the path of a workflow file (.json, .yaml or .yml).';
    case 'EACCES':
    case 'EPERM':
      return 'you are not allowed to read this file.';
    default:
      return `could not read the file (${(error as Error).message}).`;
  }
}

export type Target = { kind: 'file'; file: string } | { kind: 'id'; id: string };

/**
 * `run` takes a file or a saved workflow's id. An existing path is a file; a word that looks like
 * a path (a slash, a workflow extension) but does not exist is a missing file, not an unknown id.
 */
export async function resolveTarget(arg: string): Promise<Target> {
  const exists = await stat(arg).then(
    () => true,
    () => false,
  );
  if (exists || /[\\/]|\.(json|ya?ml)$/i.test(arg)) return { kind: 'file', file: arg };
  return { kind: 'id', id: arg };
}

/** The --input option: JSON text, handed to the trigger as its payload. */
export function parseInputOption(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(
      `--input is not valid JSON: ${(error as Error).message}. Example: --input '{"name": "Ada"}' or --input '[{"n": 1}, {"n": 2}]'.`,
    );
  }
}

/** The error for an id that names no saved workflow. */
export function unknownWorkflow(id: string): InputError {
  return new InputError(`There is no workflow with the id "${id}". See the saved workflows with: taskmaster list`);
}
