/**
 * Templates: built-in ones loaded from files at start, workflows made from a template (with its
 * sample data copied into the data folder), and workflows saved as new templates.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveDataPath } from '../../nodes/lib/files';
import { loadConfig } from '../config';
import { assertMayUseCredentials, credentialsUsableBy } from '../auth/access';
import { assertMayUseProfiles } from '../auth/profile-access';
import type { Principal } from '../auth/principal';
import { listCredentialNames } from '../db/credentials';
import { deleteTemplate, getTemplate, insertTemplate, listTemplates, replaceBuiltinTemplates } from '../db/templates';
import type { Db } from '../db/workflows';
import { createWorkflow, getWorkflow } from '../db/workflows';
import { workflowDocumentSchema, type Problem, type WorkflowDocument } from '../../core/document';
import { validateGraph, type NodeTypeLookup } from '../../core/validate';
import { newId } from '../ids';
import { readBuiltinTemplate, readBuiltinTemplates, SAMPLES_DIR } from '../templates/builtin';
import type { AppContext } from '../context';
import { fillCredentialPlaceholders, resolveCredentialPlaceholders, type CredentialProblem } from './credential-placeholders';
import { portableDocument } from './portable';
import { readSettings } from '../settings/service';
import { NotFoundError } from '../errors';

/** Where Load and Save nodes read and write: the same default as the worker's. */
export function defaultFilesDir(): string {
  return path.join(loadConfig().dataDir, 'files');
}

/**
 * Problems of a template's graph with this TaskMaster's node types. Credentials it asks for
 * (placeholders, chosen when the template is used) count as chosen.
 */
export function templateGraphProblems(document: WorkflowDocument, lookup: NodeTypeLookup): Problem[] {
  return validateGraph(
    fillCredentialPlaceholders(document, () => 'cred_chosen_on_use'),
    lookup,
  );
}

/** Where this TaskMaster answers, as its own steps reach it (`$TASKMASTER_URL` in a template). */
export function ownAddress(): string {
  const { host, port } = loadConfig();
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host);
  return `http://${local ? 'localhost' : host}:${port}`;
}

const OWN_ADDRESS = /\$TASKMASTER_URL\b/g;

/** A value with `$TASKMASTER_URL` in its texts replaced: example pages the app itself serves (public/examples/). */
function withOwnAddress(value: unknown, address: string): unknown {
  if (typeof value === 'string') return value.replace(OWN_ADDRESS, address);
  if (Array.isArray(value)) return value.map((v) => withOwnAddress(v, address));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withOwnAddress(v, address)]));
  }
  return value;
}

/**
 * Upserts the built-in templates by slug. A template whose graph has problems (a node type
 * that was renamed, say) is skipped and named in `skipped`, so one bad file can't stop a start.
 */
export async function loadBuiltinTemplates(ctx: AppContext): Promise<{ loaded: number; skipped: string[] }> {
  const all = await readBuiltinTemplates();
  const good = all.filter((t) => templateGraphProblems(t.document, ctx.lookup).length === 0);
  const skipped = all.filter((t) => !good.includes(t)).map((t) => t.slug);
  await replaceBuiltinTemplates(
    ctx.db,
    good.map((t) => ({ id: t.slug, name: t.name, description: t.description, category: t.category, document: t.document })),
  );
  return { loaded: good.length, skipped };
}

/** Copies a built-in template's sample files into the data folder; files already there are left alone. */
async function copySamples(slug: string, filesDir: string): Promise<string[]> {
  const builtin = await readBuiltinTemplate(slug);
  const copied: string[] = [];
  for (const sample of builtin?.samples ?? []) {
    const target = resolveDataPath(filesDir, sample.to);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await copyFile(path.join(SAMPLES_DIR, sample.file), target, constants.COPYFILE_EXCL);
      copied.push(sample.to);
    } catch (error) {
      // The user's own (possibly edited) copy wins over the sample.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return copied;
}

export interface UseTemplateOptions {
  /** The saved credential chosen for each credential the template asks for: placeholder key (`postgres:Database`) → id. */
  credentials?: Record<string, string>;
  filesDir?: string;
  /** Who the new workflow belongs to (null: the instance's). */
  ownerId?: string | null;
  /** Who asks (the API): only credentials they may use are matched or accepted. Absent: the CLI on this machine. */
  principal?: Principal;
}

/**
 * Creates a workflow from a template; returns its id, the sample files copied, and the steps
 * still waiting for a credential (none was chosen and no saved one has the asked-for name):
 * the workflow is made anyway, and the editor marks those steps.
 */
export async function useTemplate(
  ctx: AppContext,
  templateId: string,
  options: UseTemplateOptions = {},
): Promise<{ id: string; copied: string[]; needsCredential: CredentialProblem[]; samplesOff: boolean }> {
  const template = await getTemplate(ctx.db, templateId);
  if (!template) throw new NotFoundError(`There is no template with the id "${templateId}".`);
  // Switched off (Settings → Features): the workflow is made without its sample files, and the answer says so.
  const samplesOff = template.builtIn && !(await readSettings(ctx.sql)).settings.templateSamplesEnabled;
  const copied = template.builtIn && !samplesOff ? await copySamples(template.id, options.filesDir ?? defaultFilesDir()) : [];
  // Matched by name only among the credentials the asker may use; one chosen by id must be usable too.
  const all = await listCredentialNames(ctx.sql);
  const resolved = resolveCredentialPlaceholders(withOwnAddress(template.document, ownAddress()), {
    available: options.principal ? await credentialsUsableBy(ctx, options.principal, all) : all,
    map: options.credentials,
  });
  const document = workflowDocumentSchema.parse(resolved.raw);
  if (options.principal) {
    await assertMayUseCredentials(ctx, options.principal, document);
    await assertMayUseProfiles(ctx, options.principal, document);
  }
  const wf = await createWorkflow(ctx.db, { ...document, name: template.name }, { ownerId: options.ownerId ?? null });
  return { id: wf.id, copied, needsCredential: resolved.problems, samplesOff };
}

export interface SaveAsTemplateInput {
  workflowId: string;
  name: string;
  description: string;
  category: string;
}

/** Saves a workflow's current version as a template, without pinned data, credentials or secrets. */
export async function saveAsTemplate(ctx: AppContext, input: SaveAsTemplateInput): Promise<{ id: string }> {
  const wf = await getWorkflow(ctx.db, input.workflowId);
  if (!wf) throw new NotFoundError(`There is no workflow with the id "${input.workflowId}".`);
  const document = { ...portableDocument(wf.document, ctx.lookup), name: input.name, description: input.description };
  const id = newId('tpl');
  await insertTemplate(ctx.db, { id, name: input.name, description: input.description, category: input.category, document });
  return { id };
}

/** Every template (built-in and saved), with its document. */
export const templatesList = (db: Db) => listTemplates(db);

export const templateById = (db: Db, id: string) => getTemplate(db, id);

/** 'missing' or 'built-in' when it can't be deleted. */
export const removeTemplate = (db: Db, id: string) => deleteTemplate(db, id);
