/** A first-design file (triggers/actions) read like any workflow file: converted, validated, every problem at its line. */
import { isNode, type Document, type LineCounter } from 'yaml';
import { capProblems, validateDocument, type NodeTypeLookup } from '../../../core/validate';
import type { FileProblem, ParsedFile } from '../workflow-files';
import { convertFirstDesign, type SourcePath } from './index';

type Located = { doc: Document; lines: LineCounter } | undefined;

function lineOf(located: Located, path: SourcePath | undefined): { line?: number; column?: number } {
  if (!located || !path) return {};
  // The deepest part of the path the file has (a missing key points at its action).
  for (let end = path.length; end > 0; end--) {
    const node = located.doc.getIn(path.slice(0, end), true);
    if (isNode(node) && node.range) {
      const pos = located.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

export function parseFirstDesign(raw: Record<string, unknown>, locator: (() => Located) | undefined, lookup: NodeTypeLookup): ParsedFile {
  const converted = convertFirstDesign(raw, lookup);
  const located = locator?.();
  if (converted.problems.length > 0) {
    const problems: FileProblem[] = capProblems(converted.problems.map(({ path, ...p }) => ({ ...p, ...lineOf(located, path) })));
    return { ok: false, document: null, problems, notes: converted.notes };
  }
  const result = validateDocument(converted.raw, lookup);
  const problems: FileProblem[] = capProblems(result.problems).map((p) => ({
    ...p,
    ...lineOf(located, p.nodeId ? converted.sourceOf.get(p.nodeId) : undefined),
  }));
  if (result.document && problems.length === 0) return { ok: true, document: result.document, problems, notes: converted.notes };
  return { ok: false, document: result.document, problems, notes: converted.notes };
}
