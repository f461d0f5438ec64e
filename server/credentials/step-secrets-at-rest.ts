/**
 * Secrets typed into steps' forms, encrypted where documents are stored (workflow versions and
 * each run's copy): `tm-sealed:v1:<key id>.<iv>.<tag>.<ciphertext>`, AES-256-GCM with the key
 * saved credentials use (server/credentials/crypto.ts). Sealed when a document is saved or run
 * from the editor, opened only where a step or trigger needs the value: the worker, the trigger
 * host and the webhook test listener. A value stored before this (plain) still works, and is
 * sealed by a one-time background pass after start (seal-stored-secrets.ts).
 */
import type { WorkflowDocument } from '../../core/document';
import { isSealedText, SEALED_PREFIX, typedSecretsOf, withTypedSecretsReplaced } from '../../core/step-secrets';
import type { NodeTypeLookup } from '../../core/validate';
import { open, seal, type EncryptionKey } from './crypto';
import type { KeyStore } from './keys';

const PREFIX = SEALED_PREFIX;
/** Bound to the ciphertext: a sealed step secret can't be passed off as a credential record. */
const CONTEXT = 'taskmaster step secret';

export const isSealedSecret = isSealedText;

export function sealStepSecret(key: EncryptionKey, plaintext: string): string {
  const s = seal(key, plaintext, CONTEXT);
  return `${PREFIX}${s.keyId}.${s.iv}.${s.tag}.${s.ciphertext}`;
}

/** Throws DecryptError for another key or a changed value. */
export function openStepSecret(key: EncryptionKey, text: string): string {
  const [keyId = '', iv = '', tag = '', ciphertext = ''] = text.slice(PREFIX.length).split('.');
  return open(key, { keyId, iv, tag, ciphertext }, CONTEXT);
}

/** The document with every typed secret not yet sealed, sealed (the key is made if there is none). */
export async function sealTypedSecrets(document: WorkflowDocument, lookup: NodeTypeLookup, keys: KeyStore): Promise<WorkflowDocument> {
  if (!anyTypedSecret(document, lookup, (value) => !isSealedSecret(value))) return document;
  const key = await keys.current();
  return withTypedSecretsReplaced(document, lookup, (secret) =>
    isSealedSecret(secret.value) ? secret.value : sealStepSecret(key, secret.value),
  );
}

function anyTypedSecret(document: WorkflowDocument, lookup: NodeTypeLookup, test: (value: string) => boolean): boolean {
  return document.nodes.some((node) => {
    const def = lookup(node.type);
    return def !== undefined && typedSecretsOf(def, node.config).some((secret) => test(secret.value));
  });
}

export interface OpenedDocument {
  document: WorkflowDocument;
  /** Sealed values this key can't open: "Step "Call API": Token". */
  unreadable: string[];
}

/** The document with its sealed secrets opened, for the step or trigger that needs them. */
export async function openTypedSecrets(document: WorkflowDocument, lookup: NodeTypeLookup, keys: KeyStore): Promise<OpenedDocument> {
  if (!anyTypedSecret(document, lookup, isSealedSecret)) return { document, unreadable: [] };
  const key = await keys.read();
  const unreadable: string[] = [];
  const opened = withTypedSecretsReplaced(document, lookup, (secret, node) => {
    if (!isSealedSecret(secret.value)) return secret.value;
    try {
      if (!key) throw new Error('no key');
      return openStepSecret(key, secret.value);
    } catch {
      unreadable.push(`Step "${node.name}": ${secret.label}`);
      return '';
    }
  });
  return { document: opened, unreadable };
}

/** The plain message for secrets that can't be opened (the key was changed or lost). */
export function unreadableSecretsMessage(unreadable: string[]): string {
  return `A secret typed into a step can't be opened with this TaskMaster's encryption key (was the key changed?): ${unreadable.join('; ')}. Type it again in the step and save.`;
}

/**
 * A stored document (any JSON) with each sealed secret sealed again with `newKey` (key
 * rotation). Values `oldKey` can't open are left as they are. Null when nothing changed.
 */
export function resealStepSecrets(value: unknown, oldKey: EncryptionKey, newKey: EncryptionKey): unknown | null {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (isSealedSecret(v)) {
      try {
        const again = sealStepSecret(newKey, openStepSecret(oldKey, v));
        changed = true;
        return again;
      } catch {
        return v;
      }
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  const result = walk(value);
  return changed ? result : null;
}

/** What stored documents are searched for: the prefix every sealed step secret starts with. */
export const SEALED_PATTERN = `%${PREFIX}%`;
