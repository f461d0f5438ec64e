/**
 * Version history of a workflow: what each save changed, a diff between two versions, and
 * restoring an old version, which saves it again as the newest (nothing is overwritten).
 */
import { settingChanges, type SettingChange } from '../../core/change-details';
import { diffDocuments, isEmptyDiff, summarizeDiff, type WorkflowDiff } from '../../core/diff';
import type { NodeTypeLookup } from '../../core/validate';
import { maskTypedSecrets } from '../../core/step-secrets';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../core/document';
import { runCountsByVersion, versionDocuments } from '../db/versions';
import { getWorkflow, saveWorkflow, type Db } from '../db/workflows';
import { NotFoundError } from '../errors';

export interface HistoryEntry {
  version: number;
  createdAt: Date;
  /** One line: what this version changed compared with the one before it. */
  summary: string;
  runs: number;
  current: boolean;
}

/** The newest `limit` versions, each summarised against the version before it. */
export async function workflowHistory(db: Db, workflowId: string, limit: number): Promise<HistoryEntry[]> {
  // One more than shown: the oldest shown version is compared with the one before it.
  const versions = await versionDocuments(db, workflowId, limit + 1);
  if (versions.length === 0) throw new NotFoundError(`There is no workflow with the id "${workflowId}".`);
  const runs = await runCountsByVersion(db, workflowId);
  const newest = versions[0].version;
  return versions.slice(0, limit).map((entry, index) => {
    const previous = versions[index + 1];
    const summary = previous
      ? summarizeDiff(diffDocuments(previous.document, entry.document))
      : entry.version === 1
        ? 'First version'
        : 'Older versions not shown';
    return {
      version: entry.version,
      createdAt: entry.createdAt,
      summary,
      runs: runs.get(entry.version) ?? 0,
      current: entry.version === newest,
    };
  });
}

/** A diff the canvas can draw: ids and keys instead of whole objects. */
export interface DiffView {
  /** Ids of steps and connections in `document` that the other version did not have. */
  nodesAdded: string[];
  nodesRemoved: WorkflowNode[];
  /** `changes`: each setting that differs, from what to what, as the form labels it (secrets hidden). */
  nodesChanged: Array<{
    id: string;
    aspects: WorkflowDiff['nodesChanged'][number]['aspects'];
    positionOnly: boolean;
    changes: SettingChange[];
  }>;
  edgesAdded: string[];
  edgesRemoved: WorkflowEdge[];
  summary: string;
}

export interface VersionComparison {
  version: number;
  against: number | null;
  document: WorkflowDocument;
  diff: DiffView;
}

/**
 * `version` compared with `against` (default: the version before it). Version 1 against nothing
 * shows every step as added.
 */
export async function compareVersions(
  db: Db,
  lookup: NodeTypeLookup,
  workflowId: string,
  version: number,
  against?: number,
): Promise<VersionComparison> {
  const after = await getWorkflow(db, workflowId, version);
  if (!after) throw new NotFoundError(`The workflow "${workflowId}" has no version ${version}.`);
  const baseVersion = against ?? (version > 1 ? version - 1 : null);
  const before = baseVersion === null ? null : await getWorkflow(db, workflowId, baseVersion);
  if (baseVersion !== null && !before) throw new NotFoundError(`The workflow "${workflowId}" has no version ${baseVersion}.`);
  const empty: WorkflowDocument = { ...after.document, nodes: [], edges: [], notes: [] };
  const diff = diffDocuments(before?.document ?? empty, after.document);
  return {
    version,
    against: baseVersion,
    // Secrets typed into steps never leave (core/step-secrets.ts).
    document: maskTypedSecrets(after.document, lookup),
    diff: {
      nodesAdded: diff.nodesAdded.map((n) => n.id),
      nodesRemoved: maskTypedSecrets({ ...empty, nodes: diff.nodesRemoved }, lookup).nodes,
      nodesChanged: diff.nodesChanged.map((change) => ({
        id: change.id,
        aspects: change.aspects,
        positionOnly: change.positionOnly,
        changes: settingChanges(change, lookup(change.after.type)),
      })),
      edgesAdded: diff.edgesAdded.map((e) => e.id),
      edgesRemoved: diff.edgesRemoved,
      summary: before ? summarizeDiff(diff) : 'First version',
    },
  };
}

/** Saves an old version's document as the newest version; returns its number. */
export async function restoreVersion(db: Db, workflowId: string, version: number): Promise<number> {
  const old = await getWorkflow(db, workflowId, version);
  if (!old) throw new NotFoundError(`The workflow "${workflowId}" has no version ${version}.`);
  const result = await saveWorkflow(db, workflowId, old.document);
  if (result.status !== 'saved') throw new NotFoundError(`There is no workflow with the id "${workflowId}".`);
  return result.version;
}

/**
 * The saved version a document is, when it is the workflow's current version unchanged: runs
 * started from the editor then record the version they ran, and the run list can link to it.
 */
export async function currentVersionIfSame(db: Db, workflowId: string, document: WorkflowDocument): Promise<number | null> {
  const saved = await getWorkflow(db, workflowId);
  return saved && isEmptyDiff(diffDocuments(saved.document, document)) ? saved.version : null;
}
