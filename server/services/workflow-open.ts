/**
 * Opening a saved workflow: steps saved with an older version of their type are upgraded
 * (core/upgrade.ts). When someone who may edit it opens the current version, the upgrade is saved as
 * a new version, so the history shows when it happened and what changed (Compare).
 */
import { saveWorkflow, type Db, type StoredWorkflow } from '../db/workflows';
import { describeUpgrades, upgradeDocument, type StepUpgrade } from '../../core/upgrade';
import { validateGraph, type NodeTypeLookup } from '../../core/validate';

export async function openUpgraded(
  ctx: { db: Db; lookup: NodeTypeLookup },
  wf: StoredWorkflow,
  /** The current version, opened by someone who may change it: upgrades are saved. */
  save: boolean,
) {
  const { document, upgrades } = upgradeDocument(wf.document, ctx.lookup);
  let version = wf.version;
  let saved = false;
  if (upgrades.length > 0 && save) {
    const result = await saveWorkflow(ctx.db, wf.id, document, wf.version);
    if (result.status === 'saved') {
      version = result.version;
      saved = true;
    }
  }
  const upgradeNote = upgrades.length ? `${describeUpgrades(upgrades)}${saved ? ` Saved as version ${version}.` : ''}` : null;
  return { ...wf, version, document, upgrades: upgrades as StepUpgrade[], upgradeNote, problems: validateGraph(document, ctx.lookup) };
}
