/**
 * Checks the document's shape in the browser before it is sent (a blank name, a bad value), with
 * the same schema and wording the server uses, so the user sees problems on the steps rather
 * than a refused request.
 */
import { documentIssuesToProblems, workflowDocumentSchema } from '@/core/document';
import type { Problem, WorkflowDocument } from '../../../lib/api-types';

export function shapeProblems(doc: WorkflowDocument): Problem[] {
  const result = workflowDocumentSchema.safeParse(doc);
  if (result.success) return [];
  return documentIssuesToProblems(doc, result.error.issues).map((p) => {
    if (!p.nodeId && p.message.startsWith('"name"')) return { ...p, message: 'Give the workflow a name (top left).' };
    if (p.nodeId && p.field === 'name') return { ...p, field: undefined, message: 'Give this step a name.' };
    return p;
  });
}
