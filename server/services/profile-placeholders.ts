/**
 * Browser profiles in exported workflow files. A profile's id means nothing on another
 * TaskMaster, so an export names it (`{ "$browserProfile": { "name": "Shop login" } }`) and an
 * import finds the saved profile of that name here, or the one the user chose; one left over
 * is a problem on the step's field that does not stop the import (like a missing credential).
 */
import type { Problem, WorkflowDocument } from '../../core/document';
import { profileFields } from '../../core/profile-fields';
import type { NodeTypeLookup } from '../../core/validate';

export { profileFields };

export const PROFILE_PLACEHOLDER = '$browserProfile';

/** A saved browser profile as exports and imports know it. */
export interface NamedProfile {
  id: string;
  name: string;
}

/** How an import finds profiles: the saved ones, and the user's choices by the name in the file. */
export interface ProfileMatching {
  available: NamedProfile[];
  /** Name in the file → profile id here. */
  map?: Record<string, string>;
}

export interface ProfileProblem extends Problem {
  code: 'missing-profile';
  nodeId: string;
  field: string;
  /** The profile's name where the workflow came from, so the UI and the CLI can offer a choice. */
  profile: { name: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function placeholderName(value: unknown): string | null {
  if (!isRecord(value) || !isRecord(value[PROFILE_PLACEHOLDER])) return null;
  const name = value[PROFILE_PLACEHOLDER].name;
  return typeof name === 'string' ? name : '';
}

/** The document with each profile id in a profile field replaced by a placeholder naming it; ids of deleted profiles are dropped. */
export function withProfilePlaceholders(document: WorkflowDocument, lookup: NodeTypeLookup, saved: NamedProfile[]): WorkflowDocument {
  const byId = new Map(saved.map((p) => [p.id, p]));
  const nodes = document.nodes.map((node) => {
    const def = lookup(node.type);
    const fields = def ? profileFields(def) : [];
    if (!fields.some((key) => typeof node.config[key] === 'string' && node.config[key] !== '')) return node;
    const config: Record<string, unknown> = { ...node.config };
    for (const key of fields) {
      const value = config[key];
      if (typeof value !== 'string' || value === '') continue;
      const profile = byId.get(value.trim());
      config[key] = profile ? { [PROFILE_PLACEHOLDER]: { name: profile.name } } : '';
    }
    return { ...node, config };
  });
  return { ...document, nodes };
}

/**
 * Replaces the placeholders in a raw (not yet validated) document: by the user's choice in
 * `map`, else by the saved profile of the same name (case aside). Those left over become ''
 * (a fresh browser) plus a problem on the step's field.
 */
export function resolveProfilePlaceholders(
  raw: unknown,
  matching: ProfileMatching = { available: [] },
): { raw: unknown; problems: ProfileProblem[] } {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return { raw, problems: [] };
  const problems: ProfileProblem[] = [];
  const ids = new Set(matching.available.map((p) => p.id));
  const nodes = raw.nodes.map((node: unknown) => {
    if (!isRecord(node) || !isRecord(node.config)) return node;
    if (!Object.values(node.config).some((v) => placeholderName(v) !== null)) return node;
    const config: Record<string, unknown> = { ...node.config };
    for (const [field, value] of Object.entries(config)) {
      const name = placeholderName(value);
      if (name === null) continue;
      const chosen = matching.map?.[name];
      const sameName = matching.available.filter((p) => p.name.toLowerCase() === name.toLowerCase());
      const match =
        chosen !== undefined && ids.has(chosen) ? chosen : chosen === undefined && sameName.length === 1 ? sameName[0].id : undefined;
      config[field] = match ?? '';
      if (match) continue;
      const stepName = typeof node.name === 'string' ? node.name : String(node.id);
      const why = chosen !== undefined ? `The browser profile chosen for "${name}" does not exist. ` : '';
      problems.push({
        nodeId: typeof node.id === 'string' ? node.id : '',
        field,
        code: 'missing-profile',
        profile: { name },
        message: `${why}Step "${stepName}" used the browser profile "${name}" where the workflow came from, and no profile here has that name. Choose one in the step's settings, or create it under Browser profiles (or: taskmaster profiles import). Until then the step opens a fresh browser.`,
      });
    }
    return { ...node, config };
  });
  return { raw: { ...raw, nodes }, problems };
}
