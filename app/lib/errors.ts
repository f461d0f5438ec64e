/** Turns whatever a failed call threw into words and, when the server sent them, problems. */
import { TRPCClientError } from '@trpc/client';
import type { Problem } from './api-types';

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (error.message === 'Failed to fetch' || error.message.includes('fetch failed')) {
      return 'TaskMaster cannot be reached. Check that it is still running, then try again.';
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** Problems the server attached to a "this workflow can't run" error (see server/trpc/init.ts). */
export function errorProblems(error: unknown): Problem[] | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null) return null;
  const problems = (data as { problems?: unknown }).problems;
  return Array.isArray(problems) ? problems.filter(isProblem) : null;
}

export function isConflict(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null && (data as { code?: unknown }).code === 'CONFLICT';
}
