/**
 * Step versions: a step type may raise its `version` and give `migrate(config, fromVersion)`.
 * Documents saved (or exported) with an older version are upgraded when they are opened,
 * imported or run. Pure: no I/O; a migrate that throws leaves the step as it was (validation
 * then reports what is wrong with its settings).
 */
import type { WorkflowDocument } from './document';
import type { NodeTypeLookup } from './validate';

export interface StepUpgrade {
  nodeId: string;
  name: string;
  type: string;
  from: number;
  to: number;
}

export interface UpgradeResult {
  /** The same object when nothing was upgraded. */
  document: WorkflowDocument;
  upgrades: StepUpgrade[];
}

/** Upgrades every step whose saved version is older than its type's. */
export function upgradeDocument(doc: WorkflowDocument, lookup: NodeTypeLookup): UpgradeResult {
  const upgrades: StepUpgrade[] = [];
  const nodes = doc.nodes.map((node) => {
    const def = lookup(node.type);
    if (!def || node.typeVersion >= def.version) return node;
    let config = node.config;
    if (def.migrate) {
      try {
        config = def.migrate(structuredClone(node.config), node.typeVersion);
      } catch {
        return node;
      }
    }
    upgrades.push({ nodeId: node.id, name: node.name, type: node.type, from: node.typeVersion, to: def.version });
    return { ...node, typeVersion: def.version, config };
  });
  return upgrades.length ? { document: { ...doc, nodes }, upgrades } : { document: doc, upgrades };
}

/** Plain words for the editor and the history: `Upgraded "Greet" (greet/greet) from version 1 to 2.` */
export function describeUpgrades(upgrades: StepUpgrade[]): string {
  return upgrades.map((u) => `Upgraded "${u.name}" (${u.type}) from version ${u.from} to ${u.to}.`).join(' ');
}

// Run documents are shared by the runs of a process: upgrade each once.
const upgradedRuns = new WeakMap<WorkflowDocument, WorkflowDocument>();

/** upgradeDocument for the run path, memoised per document object. */
export function upgradedForRun(doc: WorkflowDocument, lookup: NodeTypeLookup): WorkflowDocument {
  let upgraded = upgradedRuns.get(doc);
  if (!upgraded) {
    upgraded = upgradeDocument(doc, lookup).document;
    upgradedRuns.set(doc, upgraded);
  }
  return upgraded;
}
