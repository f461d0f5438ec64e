/**
 * The built-in templates: one file per template in server/templates/builtin/<slug>.json, with
 * sample data in server/templates/samples/ that is copied into the data folder when used.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BUILTIN_DIR = path.join(HERE, 'builtin');
export const SAMPLES_DIR = path.join(HERE, 'samples');

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const templateFileSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000),
    category: z.string().min(1).max(40),
    /** Files of samples/ to copy into the data folder (`to`, relative to it) when the template is used. */
    samples: z
      .array(
        z
          .object({
            file: z.string().regex(/^[\w.-]+$/),
            to: z
              .string()
              .regex(/^[\w./-]+$/)
              .refine((p) => !p.split('/').includes('..')),
          })
          .strict(),
      )
      .default([]),
    document: workflowDocumentSchema,
  })
  .strict();

export interface BuiltinTemplate {
  slug: string;
  name: string;
  description: string;
  category: string;
  samples: Array<{ file: string; to: string }>;
  document: WorkflowDocument;
}

/** Reads and parses every built-in template file; a broken file fails with its name. */
export async function readBuiltinTemplates(dir = BUILTIN_DIR): Promise<BuiltinTemplate[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const slug = file.replace(/\.json$/, '');
      if (!SLUG.test(slug)) throw new Error(`Template file ${file}: the name must be a slug like clean-csv.json.`);
      const parsed = templateFileSchema.safeParse(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`Template file ${file}: "${issue.path.join('.')}" ${issue.message}`);
      }
      return { slug, ...parsed.data };
    }),
  );
}

/** One built-in template's file, or null when there is none by that slug. */
export async function readBuiltinTemplate(slug: string, dir = BUILTIN_DIR): Promise<BuiltinTemplate | null> {
  if (!SLUG.test(slug)) return null;
  const all = await readBuiltinTemplates(dir);
  return all.find((t) => t.slug === slug) ?? null;
}
