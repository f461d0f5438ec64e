/**
 * `taskmaster import` of an n8n export: converted, saved, and the report written to stderr so
 * stdout keeps only the new id.
 */
import { sealTypedSecrets } from '../credentials/step-secrets-at-rest';
import { readFile } from 'node:fs/promises';
import { createWorkflow } from '../db/workflows';
import { convertN8nWorkflow, N8nImportError, textLooksLikeN8nExport, type ImportReport } from '../services/n8n-import';
import { InputError } from './command';
import { printResult, progress } from './output';
import { withSession } from './session';

/** The report as lines a person reads: what was left out, dropped, and what to check. */
export function formatN8nReport(report: ImportReport): string[] {
  const lines: string[] = [];
  const converted = report.nodes.filter((n) => n.type !== null && n.type !== 'needs-attention').length;
  lines.push(`${converted} of ${report.nodes.length} steps converted.`);
  for (const n of report.needsAttention) lines.push(`Needs attention "${n.node}" (${n.n8nType}): ${n.reason}`);
  for (const n of report.leftOut) lines.push(`Left out "${n.node}" (${n.n8nType}): ${n.reason}.`);
  for (const c of report.droppedConnections) lines.push(`Dropped the connection "${c.from}" → "${c.to}": ${c.reason}.`);
  for (const i of report.issues)
    lines.push(`${i.severity === 'review' ? 'Check' : 'Not converted'}: "${i.node}", ${i.field}: ${i.reason}.`);
  lines.push(...report.notes);
  if (report.checkBeforeUse) lines.push('Check before use: a part that changes results could not be carried over (see above).');
  return lines;
}

/** Imports the file when it is an n8n export and returns true; false leaves it to the normal import. */
export async function importIfN8n(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false; // The normal import explains why the file can't be read.
  }
  if (!textLooksLikeN8nExport(text)) return false;
  let converted;
  try {
    converted = convertN8nWorkflow(text);
  } catch (error) {
    if (error instanceof N8nImportError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  const saved = await withSession(async ({ ctx }) =>
    createWorkflow(ctx.db, await sealTypedSecrets(converted.document, ctx.lookup, ctx.keys)),
  );
  progress(`Saved "${saved.name}" (imported from n8n).`);
  for (const line of formatN8nReport(converted.report)) progress(line);
  printResult(saved.id);
  return true;
}
