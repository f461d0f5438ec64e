/**
 * Who is asking: the one shape every guard checks. A browser session resolves to a principal
 * here (server/auth/accounts.ts); an API key resolves to one too (server/auth/api-keys.ts), with
 * its scopes, so procedures never care how the caller proved who they are.
 */
import type { Role } from '../../core/roles';

export interface Principal {
  userId: string;
  name: string;
  email: string;
  role: Role;
  /** How the caller signed in: a browser session, an API key, or the local CLI. */
  via: 'session' | 'api-key' | 'local';
  /** What an API key may do; undefined: everything the role allows. */
  scopes?: readonly ('read' | 'run' | 'write')[];
}
