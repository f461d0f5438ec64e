/**
 * A one-time pass that encrypts the secrets typed into steps of workflow versions and runs
 * stored before secrets were kept encrypted (step-secrets-at-rest.ts seals them only at the next
 * save). It works in batches in key order and stores its place with each batch, in the same
 * transaction as the batch's changes: after a crash it goes on from the last batch, and a batch
 * done twice changes nothing (sealed values are left as they are). When both tables are done it
 * stores a done-marker and never runs again. It runs in the background after start: runs can be a
 * million rows, and nothing waits for it (a plain value still works where it is read).
 */
import type postgres from 'postgres';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import type { NodeTypeLookup } from '../../core/validate';
import {
  readSealPassMarker,
  runDocumentBatch,
  storeSealedBatch,
  workflowVersionBatch,
  type SealPassMarker,
  type StoredDocumentRow,
} from '../db/step-secrets';
import type { KeyStore } from './keys';
import { sealTypedSecrets } from './step-secrets-at-rest';

export interface SealPassOptions {
  lookup: NodeTypeLookup;
  keys: KeyStore;
  /** Rows per batch (and per transaction). */
  batchSize?: number;
  /** Stops between batches (shutdown); the next start goes on from there. */
  signal?: AbortSignal;
  /** Told after each stored batch (tests use it to crash the pass part-way). */
  afterBatch?(marker: SealPassMarker): void | Promise<void>;
}

export interface SealPassResult {
  /** Documents rewritten with their secrets sealed. */
  sealed: number;
  done: boolean;
}

/** The stored document with its plain typed secrets sealed, or null when nothing changes. */
async function sealedVersionOf(text: string, options: SealPassOptions): Promise<unknown | null> {
  // Cheap test first: most run documents hold no step with a form at all.
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  // Only a document the app can read is touched; the raw one is rewritten, so no field is lost.
  if (!workflowDocumentSchema.safeParse(raw).success) return null;
  const document = raw as WorkflowDocument;
  const sealed = await sealTypedSecrets(document, options.lookup, options.keys);
  return sealed === document ? null : sealed;
}

async function sealBatch(rows: StoredDocumentRow[], options: SealPassOptions, seen: Map<string, unknown | null>) {
  const changed: Array<{ key: StoredDocumentRow['key']; document: unknown }> = [];
  for (const row of rows) {
    // Runs of one version share the same text: work each text out once per batch.
    let next = seen.get(row.text);
    if (next === undefined) {
      next = await sealedVersionOf(row.text, options);
      seen.set(row.text, next);
    }
    if (next !== null) changed.push({ key: row.key, document: next });
  }
  return changed;
}

/** Runs the pass to its end (or until `signal` aborts); does nothing once it is done. */
export async function sealStoredTypedSecrets(sql: postgres.Sql, options: SealPassOptions): Promise<SealPassResult> {
  const batchSize = options.batchSize ?? 500;
  const marker = await readSealPassMarker(sql);
  let sealed = 0;
  if (marker.done) return { sealed, done: true };
  const step = async (rows: StoredDocumentRow[], place: (last: StoredDocumentRow) => void) => {
    const changed = await sealBatch(rows, options, new Map());
    place(rows[rows.length - 1]);
    marker.done = false;
    await storeSealedBatch(sql, changed, marker);
    sealed += changed.length;
    await options.afterBatch?.({ ...marker });
  };
  while (!options.signal?.aborted) {
    const rows = await workflowVersionBatch(sql, marker.versionsAfter, batchSize);
    if (rows.length === 0) break;
    await step(rows, (last) => (marker.versionsAfter = last.key as [string, number]));
  }
  while (!options.signal?.aborted) {
    const rows = await runDocumentBatch(sql, marker.runsAfter, batchSize);
    if (rows.length === 0) break;
    await step(rows, (last) => (marker.runsAfter = last.key as string));
  }
  if (options.signal?.aborted) return { sealed, done: false };
  marker.done = true;
  await storeSealedBatch(sql, [], marker);
  return { sealed, done: true };
}

/** Starts the pass in the background (after plugins are loaded); `stop` ends it between batches. */
export function startSealPass(
  sql: postgres.Sql,
  options: Omit<SealPassOptions, 'signal'> & { log(message: string): void },
): { stop(): Promise<void> } {
  const controller = new AbortController();
  const pass = sealStoredTypedSecrets(sql, { ...options, signal: controller.signal })
    .then((result) => {
      if (result.sealed > 0) options.log(`Encrypted the secrets typed into steps of ${result.sealed} stored workflow versions and runs.`);
    })
    .catch((error: unknown) => {
      if (!controller.signal.aborted)
        options.log(`Encrypting stored step secrets stopped (it goes on at the next start): ${String(error)}`);
    });
  return {
    async stop() {
      controller.abort();
      await pass;
    },
  };
}
