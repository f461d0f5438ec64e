/** Turns whatever a failed call threw into words and, when the server sent them, problems. */
import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import { describeConfigIssue } from '@/core/config-issues';
import type { Problem } from './api-types';

/** Input the server refused arrives as a JSON list of zod issues: keep the first, in words. */
function inputIssue(message: string): string | null {
  if (!message.startsWith('[')) return null;
  try {
    const issues: unknown = JSON.parse(message);
    if (!Array.isArray(issues) || issues.length === 0) return null;
    const first = issues[0] as { message?: unknown; path?: unknown };
    const path = Array.isArray(first.path) ? (first.path as PropertyKey[]) : [];
    // zod's own wording ("Too small: expected string…") becomes plain words, as everywhere else.
    const plain =
      typeof first.message === 'string' ? describeConfigIssue(z.unknown(), undefined, { ...(first as z.core.$ZodIssue), path }) : null;
    const where = plain?.setting ? ` (in “${plain.setting}”)` : '';
    return `The server did not accept this${where}: ${plain?.message ?? 'a value is not valid.'}`;
  } catch {
    return null;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (error.message === 'Failed to fetch' || error.message.includes('fetch failed')) {
      return 'TaskMaster cannot be reached. Check that it is still running, then try again.';
    }
    return inputIssue(error.message) ?? error.message;
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

/**
 * A problem's message without the 'Step "X", setting "Y": ' prefix, for places that already say
 * which step and setting it is about (the step on the canvas, the field in the form). A setting
 * inside a list row keeps its row ("Condition 2 › Field: …"): the form shows it under the list.
 */
export function shortProblemMessage(message: string): string {
  const match = /^(?:Node|Step) "[^"]*"(?:, (?:field|setting) "([^"]*)")?:\s*/.exec(message);
  const rest = match ? message.slice(match[0].length) : message;
  const row = match?.[1]?.includes(' › ') ? `${match[1]}: ` : '';
  const short = row + rest;
  return short.charAt(0).toUpperCase() + short.slice(1);
}
