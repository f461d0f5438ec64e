/**
 * The run services' own errors are the user's mistakes (an unknown id, a graph with problems):
 * shown as bad input (exit code 2), not as a crash. Kept out of main.ts so commands that never
 * touch the database don't load it.
 */
import { InvalidWorkflowError, NotFoundError } from '../errors';
import { InputError } from './command';

export function rethrowAsInputError(error: unknown): never {
  if (error instanceof NotFoundError) throw new InputError(`${error.message} See the saved workflows with: taskmaster list`);
  if (error instanceof InvalidWorkflowError) {
    throw new InputError(['The workflow can not run:', ...error.problems.map((p) => `  ${p.message}`)].join('\n'));
  }
  throw error;
}
