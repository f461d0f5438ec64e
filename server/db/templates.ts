/** The templates table: built-in templates (id = slug) and the ones users save (id `tpl_…`). */
import { and, asc, desc, eq, notInArray } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import type { Db } from './workflows';

export interface StoredTemplate {
  id: string;
  name: string;
  description: string;
  category: string;
  builtIn: boolean;
  createdAt: Date;
  document: WorkflowDocument;
}

const columns = {
  id: schema.templates.id,
  name: schema.templates.name,
  description: schema.templates.description,
  category: schema.templates.category,
  builtIn: schema.templates.builtIn,
  createdAt: schema.templates.createdAt,
  document: schema.templates.document,
};

/** Built-in first, then the newest saved ones; documents are small, the gallery draws them. */
export async function listTemplates(db: Db): Promise<StoredTemplate[]> {
  const rows = await db.select(columns).from(schema.templates).orderBy(desc(schema.templates.builtIn), asc(schema.templates.name));
  return rows.map((row) => ({ ...row, document: workflowDocumentSchema.parse(row.document) }));
}

export async function getTemplate(db: Db, id: string): Promise<StoredTemplate | null> {
  const [row] = await db.select(columns).from(schema.templates).where(eq(schema.templates.id, id));
  return row ? { ...row, document: workflowDocumentSchema.parse(row.document) } : null;
}

export interface NewTemplate {
  id: string;
  name: string;
  description: string;
  category: string;
  document: WorkflowDocument;
}

export async function insertTemplate(db: Db, template: NewTemplate): Promise<void> {
  await db.insert(schema.templates).values({ ...template, builtIn: false });
}

/** Writes the built-in templates by slug and removes built-in ones whose file is gone, in one transaction. */
export async function replaceBuiltinTemplates(db: Db, templates: NewTemplate[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const t of templates) {
      await tx
        .insert(schema.templates)
        .values({ ...t, builtIn: true })
        .onConflictDoUpdate({
          target: schema.templates.id,
          set: { name: t.name, description: t.description, category: t.category, document: t.document, builtIn: true },
        });
    }
    const ids = templates.map((t) => t.id);
    const gone =
      ids.length > 0 ? and(eq(schema.templates.builtIn, true), notInArray(schema.templates.id, ids)) : eq(schema.templates.builtIn, true);
    await tx.delete(schema.templates).where(gone);
  });
}

export async function deleteTemplate(db: Db, id: string): Promise<'deleted' | 'missing' | 'built-in'> {
  const template = await getTemplate(db, id);
  if (!template) return 'missing';
  if (template.builtIn) return 'built-in';
  await db.delete(schema.templates).where(eq(schema.templates.id, id));
  return 'deleted';
}
