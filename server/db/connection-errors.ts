/**
 * Whether an error means "the database could not be reached or went away" (worth trying again
 * once it is back) rather than a problem with the data or the code (which trying again repeats).
 */
const CLIENT_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
/** Postgres SQLSTATEs: class 08 (connection exception), shutdowns, "too many clients". */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

export function isConnectionProblem(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return CLIENT_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08');
}
