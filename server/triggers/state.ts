/**
 * What a trigger remembers between starts (trigger_state rows, stored by server/db/triggers.ts),
 * and the fingerprint that ties a state to the settings it was made with.
 */
import { createHash } from 'node:crypto';

/**
 * A short hash of the settings a state belongs to: changed settings start fresh. Hashed, so
 * connection strings and URLs with tokens in them are not copied into trigger_state.
 */
export function settingsFingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}
