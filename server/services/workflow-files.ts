/**
 * Workflow files (JSON or YAML) in and out. JSON is read with the YAML parser too (JSON is
 * YAML), so every problem can be given a line number in the file.
 */
import { isNode, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import type { Problem, WorkflowDocument } from '../engine/document';
import { validateDocument, type NodeTypeLookup } from '../engine/validate';

export interface FileProblem extends Problem {
  line?: number;
  column?: number;
}

export type ParsedFile =
  | { ok: true; document: WorkflowDocument; problems: FileProblem[] }
  | { ok: false; document: WorkflowDocument | null; problems: FileProblem[] };

/** Parses and validates file text. `ok` is false when the text or the graph has problems. */
export function parseWorkflowFile(text: string, lookup: NodeTypeLookup): ParsedFile {
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (yamlDoc.errors.length) {
    return {
      ok: false,
      document: null,
      problems: yamlDoc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { code: 'invalid-document', message: firstLine(e.message), line: pos.line, column: pos.col };
      }),
    };
  }
  const raw: unknown = yamlDoc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, document: null, problems: [{ code: 'invalid-document', message: 'The file must hold one workflow object (with "name", "nodes" and "edges").', line: 1 }] };
  }
  const result = validateDocument(raw, lookup);
  const problems = result.problems.map((p) => ({ ...p, ...locate(yamlDoc, lineCounter, raw, p) }));
  return result.ok ? { ok: true, document: result.document, problems: [] } : { ok: false, document: result.document, problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The line of the node, edge or config field a problem names. */
function locate(yamlDoc: Document, lines: LineCounter, raw: object, problem: Problem): { line?: number; column?: number } {
  const rawDoc = raw as { nodes?: Array<{ id?: unknown }>; edges?: Array<{ id?: unknown }> };
  let path: Array<string | number> | null = null;
  if (problem.edgeId && Array.isArray(rawDoc.edges)) {
    const index = rawDoc.edges.findIndex((e) => e?.id === problem.edgeId);
    if (index >= 0) path = ['edges', index];
  } else if (problem.nodeId && Array.isArray(rawDoc.nodes)) {
    const index = rawDoc.nodes.findIndex((n) => n?.id === problem.nodeId);
    if (index >= 0) {
      path = ['nodes', index];
      if (problem.field) {
        const fieldPath = problem.field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        const inConfig = problem.code === 'invalid-config' ? ['config', ...fieldPath] : fieldPath;
        if (yamlDoc.hasIn([...path, ...inConfig])) path = [...path, ...inConfig];
      }
    }
  }
  if (!path) return {};
  const node = yamlDoc.getIn(path, true);
  if (!isNode(node) || !node.range) return {};
  const pos = lines.linePos(node.range[0]);
  return { line: pos.line, column: pos.col };
}

/** One problem per line, for the CLI: `file:line:col  message`. */
export function formatProblems(fileName: string, problems: FileProblem[]): string {
  return problems
    .map((p) => `${fileName}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}  ${p.message}`)
    .join('\n');
}

export function serializeWorkflow(document: WorkflowDocument, format: 'json' | 'yaml'): string {
  const exported = { ...document, nodes: document.nodes.map(({ pinnedOutput: _pinned, ...node }) => node) };
  return format === 'json' ? `${JSON.stringify(exported, null, 2)}\n` : stringify(exported);
}
