/**
 * Errors that more than one server folder throws or catches. They live here, below every folder,
 * so that sharing one never makes folders import each other in a circle (issue 16).
 */
import type { Problem } from '../core/document';

/** A workflow the engine would refuse (every problem with its step); nothing was started. */
export class InvalidWorkflowError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`The workflow has ${problems.length} problem(s): ${problems.map((p) => p.message).join(' ')}`);
  }
}

/** A workflow, run or other record that was asked for does not exist. */
export class NotFoundError extends Error {}

/** TaskMaster's environment settings have bad values; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`TaskMaster's settings have problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
