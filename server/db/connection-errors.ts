/**
 * Whether an error means "the database could not be reached or went away" (worth trying again
 * once it is back) rather than a problem with the data or the code (which trying again repeats).
 * One definition for the whole app: server/db/availability.ts.
 */
export { isDatabaseUnavailable as isConnectionProblem } from './availability';
