/**
 * Step errors often carry a system's own wording ("connect ECONNREFUSED 127.0.0.1:9"). This
 * adds what it means and what to do, in plain words, for the common ones.
 */
const EXPLANATIONS: Array<[RegExp, string]> = [
  [
    /ECONNREFUSED/,
    'Nothing answered at that address: the program that should be there is not running, or the address or port number is wrong.',
  ],
  [/ENOTFOUND|EAI_AGAIN/, 'That web address could not be found. Check its spelling, and that this computer is connected to the network.'],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/, 'The other computer did not answer in time. It may be down or very slow; try again later.'],
  [
    /ECONNRESET|socket hang up|UND_ERR_SOCKET/,
    'The other computer closed the connection before answering. Try again; if it keeps happening, check that address.',
  ],
  [/certificate|CERT_|SSL|TLS/i, 'The secure (https) connection could not be trusted: the other site’s certificate has a problem.'],
  [/EACCES|EPERM/, 'TaskMaster is not allowed to open that file or folder. Check its permissions.'],
  [/ENOENT/, 'That file or folder does not exist. Check the path.'],
  [/\b401\b|Unauthorized/, 'The other service refused the request because it did not accept the login or key.'],
  [/\b403\b|Forbidden/, 'The other service understood who is asking but does not allow this.'],
  [/\b404\b|Not Found/, 'The other service says there is nothing at that address. Check the address.'],
  [/\b5\d\d\b/, 'The other service had a problem of its own. Try again later.'],
];

/** A plain explanation of a technical error message, or null when none is known. */
export function explainError(message: string): string | null {
  for (const [pattern, words] of EXPLANATIONS) if (pattern.test(message)) return words;
  return null;
}
