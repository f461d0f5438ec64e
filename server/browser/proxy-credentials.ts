/**
 * A profile's proxy password is kept as a saved credential of type `proxy` (encrypted like every
 * credential, listed under Credentials, never sent back to the browser). The profile row holds
 * only the credential's id.
 */
import type { CredentialSource } from '../credentials/grant';
import { createCredential, deleteCredential, updateCredential, type CredentialDeps } from '../credentials/service';
import { NotFoundError } from '../errors';

export interface ProxyOwner {
  id: string;
  name: string;
  proxyServer: string;
  proxyUser: string;
}

/** Reads the password for the browser launch; a plain message when it cannot. */
export function proxyPasswordReader(source: CredentialSource): (credentialId: string) => Promise<string> {
  return async (credentialId) => {
    const credential = await source.load(credentialId);
    if (!credential) throw new Error('its saved credential was deleted. Enter the proxy password in the profile again.');
    const password = credential.values.password;
    return typeof password === 'string' ? password : '';
  };
}

function credentialName(profile: ProxyOwner): string {
  // The id keeps names unique (credential names are) even when two profiles share a name.
  return `Proxy of browser profile "${profile.name.slice(0, 120)}" (${profile.id})`;
}

/**
 * Keeps the profile's proxy credential in step with the profile: creates it when a password is
 * first given, updates address and user (and the password when a new one is given). Returns
 * the credential id, or null when the profile has no password to keep.
 */
export async function saveProxyCredential(
  deps: CredentialDeps,
  profile: ProxyOwner,
  existingId: string | null,
  password: string | undefined,
): Promise<string | null> {
  const values = { server: profile.proxyServer, user: profile.proxyUser, ...(password ? { password } : {}) };
  if (existingId) {
    try {
      const result = await updateCredential(deps, { id: existingId, name: credentialName(profile), values });
      if (result.saved) return existingId;
      throw new Error(result.problems.map((p) => p.message).join(' '));
    } catch (error) {
      // Deleted under Credentials meanwhile: start a new one if there is a password to keep.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  if (!password) return null;
  const result = await createCredential(deps, { name: credentialName(profile), type: 'proxy', values });
  if (!result.saved) throw new Error(`The proxy password could not be saved: ${result.problems.map((p) => p.message).join(' ')}`);
  return result.id;
}

/** Removes the profile's proxy credential (profile deleted, password cleared). */
export async function removeProxyCredential(deps: CredentialDeps, id: string | null): Promise<void> {
  if (!id) return;
  await deleteCredential(deps, id, true).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
}
