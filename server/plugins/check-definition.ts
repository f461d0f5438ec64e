/**
 * Checks what a plugin file exports before it joins the registry: a plugin with a bad schema or
 * a missing `execute` becomes a problem on Settings → Plugins, never a crash in a run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NODE_GROUPS, type NodeDefinition, type NodeGroup } from '../../nodes/types';
import type { CredentialType } from '../../nodes/credentials/types';

const LOCAL_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_ICON_BYTES = 64 * 1024;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof (value as z.ZodType).safeParse === 'function';
}

function isHandleList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((h) => typeof h === 'object' && h !== null && typeof h.id === 'string' && h.id.length > 0 && typeof h.label === 'string')
  );
}

/** The module's default export (or its only export that looks like a definition). */
export function exportedDefinition(mod: Record<string, unknown>): unknown {
  if (mod.default !== undefined) return mod.default;
  const candidates = Object.values(mod).filter((v) => typeof v === 'object' && v !== null && 'id' in v);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The problem with a step definition, in plain words, or null when it is usable. */
export function stepDefinitionProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null)
    return 'The file has no default export. Export the step with `export default defineNode({ ... })`.';
  const def = value as Partial<NodeDefinition>;
  if (typeof def.id !== 'string' || !LOCAL_ID.test(def.id))
    return `The step's id ${JSON.stringify(def.id)} is not a kebab-case name like "send-greeting".`;
  if (typeof def.displayName !== 'string' || !def.displayName.trim()) return `The step "${def.id}" has no displayName.`;
  if (def.category !== 'trigger' && def.category !== 'action')
    return `The step "${def.id}" has category ${JSON.stringify(def.category)}; use "action" or "trigger".`;
  if (typeof def.execute !== 'function') return `The step "${def.id}" has no execute(ctx) function.`;
  if (def.listen !== undefined && typeof def.listen !== 'function') return `The step "${def.id}": listen must be a function.`;
  if (def.migrate !== undefined && typeof def.migrate !== 'function') return `The step "${def.id}": migrate must be a function.`;
  if (def.version !== undefined && !(Number.isInteger(def.version) && def.version >= 1))
    return `The step "${def.id}" has version ${JSON.stringify(def.version)}; use a whole number from 1.`;
  if (!isZodSchema(def.config))
    return `The step "${def.id}": config is not a schema. Build it with z.object({ ... }) from 'taskmaster/sdk'.`;
  if (!isHandleList(def.inputs) || !isHandleList(def.outputs))
    return `The step "${def.id}": inputs and outputs must be lists of { id, label }.`;
  if (def.outputs!.length === 0) return `The step "${def.id}" has no outputs.`;
  if (def.category === 'trigger' && def.inputs!.length > 0)
    return `The trigger "${def.id}" has inputs; triggers start workflows and take none.`;
  if (def.category === 'action' && def.inputs!.length === 0) return `The step "${def.id}" has no inputs; only triggers have none.`;
  try {
    z.toJSONSchema(def.config, { io: 'input' });
  } catch (err) {
    return `The step "${def.id}": its config schema cannot be shown as a form (${(err as Error).message}).`;
  }
  if (def.example !== undefined && !def.config.safeParse(def.example).success)
    return `The step "${def.id}": its example does not fit its own config schema.`;
  return null;
}

export function credentialDefinitionProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null)
    return 'The file has no default export. Export the credential type with `export default defineCredentialType({ ... })`.';
  const def = value as Partial<CredentialType>;
  if (typeof def.id !== 'string' || !LOCAL_ID.test(def.id))
    return `The credential type's id ${JSON.stringify(def.id)} is not a kebab-case name like "acme-api-key".`;
  if (typeof def.displayName !== 'string' || !def.displayName.trim()) return `The credential type "${def.id}" has no displayName.`;
  if (!isZodSchema(def.schema) || !('shape' in def.schema)) return `The credential type "${def.id}": schema must be z.object({ ... }).`;
  if (def.test !== undefined && typeof def.test !== 'function') return `The credential type "${def.id}": test must be a function.`;
  return null;
}

/** A copy of a plugin's step under its namespaced id, with the defaults the registry expects. */
export function namespacedStep(plugin: string, def: NodeDefinition): NodeDefinition {
  const group: NodeGroup = (NODE_GROUPS as readonly string[]).includes(def.group)
    ? def.group
    : def.category === 'trigger'
      ? 'Triggers'
      : 'Plugins';
  return {
    ...def,
    id: `${plugin}/${def.id}`,
    version: def.version ?? 1,
    group,
    description: def.description ?? '',
    icon: typeof def.icon === 'string' && !def.icon.endsWith('.svg') ? def.icon : 'plugin',
    triggerKind: def.triggerKind ?? `${plugin}/${def.id}`,
  };
}

/**
 * The step's own SVG icon (`icon: './greet.svg'`, next to the step file) as a data address.
 * The UI shows it in an <img>, where scripts in an SVG never run; it is never put in the page as markup.
 */
export async function iconUrlOf(def: NodeDefinition, stepFile: string): Promise<string | undefined> {
  if (typeof def.icon !== 'string' || !def.icon.endsWith('.svg')) return undefined;
  const file = path.resolve(path.dirname(stepFile), def.icon);
  const svg = await readFile(file).catch(() => null);
  if (!svg) throw new Error(`its icon file ${def.icon} is missing.`);
  if (svg.length > MAX_ICON_BYTES) throw new Error(`its icon ${def.icon} is larger than 64 KB.`);
  if (!/<svg[\s>]/i.test(svg.toString('utf8'))) throw new Error(`its icon ${def.icon} is not an SVG image.`);
  return `data:image/svg+xml;base64,${svg.toString('base64')}`;
}
