/**
 * What a running node gets as `ctx.credentials`: the credentials its config picks, and no
 * others, decrypted on first use. Every secret handed out is remembered by the masker, so the
 * executor can hide it in what the node leaves behind.
 */
import { getCredentialType } from '../../nodes/credentials';
import { secretFieldsOf } from '../../nodes/credentials/types';
import type { NodeCredentials, NodeDefinition } from '../../nodes/types';
import { credentialRefs } from '../../core/credential-fields';
import type { WorkflowNode } from '../../core/document';
import type { SecretMasker } from './mask';
import type { CredentialValues } from './sealed-values';

export interface LoadedCredential {
  type: string;
  name: string;
  values: CredentialValues;
}

/** Where the worker reads saved credentials from. */
export interface CredentialSource {
  /** The credential, decrypted; null when there is none with this id. */
  load(id: string): Promise<LoadedCredential | null>;
}

/** Credentials an administrator chose in Settings as the default of a type, by type. */
export interface DefaultCredentials {
  smtp?: string | null;
}

const DEFAULT_NAMES: Record<keyof DefaultCredentials, string> = { smtp: 'default mail server' };

/** The `ctx.credentials` of one attempt of one node. */
export function grantCredentials(
  def: NodeDefinition,
  node: WorkflowNode,
  source: CredentialSource | undefined,
  masker: SecretMasker,
  defaults: DefaultCredentials = {},
): NodeCredentials {
  const granted = new Map(credentialRefs(def, node.config).map((ref) => [ref.id, ref]));
  const loaded = new Map<string, Promise<Record<string, unknown>>>();
  const loadedDefaults = new Map<string, Promise<Record<string, unknown> | null>>();

  const reveal = (cred: LoadedCredential, type: NonNullable<ReturnType<typeof getCredentialType>>): Record<string, unknown> => {
    for (const key of secretFieldsOf(type)) {
      const value = cred.values[key];
      if (typeof value === 'string' && value !== '') masker.add(value);
    }
    return { ...cred.values, type: cred.type };
  };

  const load = async (id: string): Promise<Record<string, unknown>> => {
    const ref = granted.get(id);
    if (!ref) throw new Error(`Step "${node.name}" may only use the saved credentials chosen in its settings.`);
    if (!source) throw new Error('Saved credentials are not available here.');
    const cred = await source.load(id);
    if (!cred) {
      throw new Error(`The saved credential chosen in step "${node.name}" no longer exists. Choose another one in the step's settings.`);
    }
    const type = getCredentialType(cred.type);
    if (!type || (ref.types.length > 0 && !ref.types.includes(cred.type))) {
      const wanted = ref.types.map((t) => getCredentialType(t)?.displayName ?? t).join(', ');
      throw new Error(
        `The saved credential "${cred.name}" is a ${type?.displayName ?? cred.type}, but step "${node.name}" needs one of: ${wanted}.`,
      );
    }
    return reveal(cred, type);
  };

  // The Settings page's choice, granted to every step that asks for it.
  const loadDefault = async (kind: keyof DefaultCredentials): Promise<Record<string, unknown> | null> => {
    const id = defaults[kind];
    if (!id) return null;
    if (!source) throw new Error('Saved credentials are not available here.');
    const cred = await source.load(id);
    const type = cred && getCredentialType(cred.type);
    if (!cred || !type || cred.type !== kind) {
      throw new Error(
        `The ${DEFAULT_NAMES[kind]} chosen in Settings no longer exists. An administrator can choose another one in Settings.`,
      );
    }
    return reveal(cred, type);
  };

  return {
    get(id) {
      let promise = loaded.get(id);
      if (!promise) {
        promise = load(id);
        loaded.set(id, promise);
      }
      // A copy each time: one use must not change what the next one gets.
      return promise.then((values) => structuredClone(values));
    },
    getDefault(kind) {
      let promise = loadedDefaults.get(kind);
      if (!promise) {
        promise = loadDefault(kind);
        loadedDefaults.set(kind, promise);
      }
      return promise.then((values) => values && structuredClone(values));
    },
    mask: (value) => masker.add(value),
  };
}
