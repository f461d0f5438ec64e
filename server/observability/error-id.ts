/**
 * Internal errors never reach a client in their own words (they can carry SQL, file paths or a
 * piece of the document): the client gets a plain message with an error id, and the log gets
 * the same id with the details, so an administrator can find one from the other.
 */
import { randomBytes } from 'node:crypto';

const ids = new WeakMap<object, string>();

/** The same id for the same error, wherever it is asked (the log and the answer). */
export function errorIdOf(error: object): string {
  let id = ids.get(error);
  if (!id) ids.set(error, (id = `err_${randomBytes(5).toString('hex')}`));
  return id;
}

export function internalErrorMessage(id: string): string {
  return `Something went wrong on the server (error id ${id}). Nothing was changed by this request; try again, and if it keeps happening, give the error id to your administrator: the details are in TaskMaster's log.`;
}

/**
 * An internal error in words fit for the log: the statement and the database's message, never the
 * parameters (drizzle puts them in its message after "params:"; they can hold a whole document).
 */
export function loggableDetails(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const text = e.message.split(/\nparams:/)[0].trim();
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(' ← ');
}
