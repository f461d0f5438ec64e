/**
 * Validation of a workflow document. Returns every problem at once, each placed on a node or
 * edge, so the canvas can mark them and the CLI can list them.
 */
import { upgradeDocument } from './upgrade';
import type { z } from 'zod';
import type { NodeDefinition } from '../nodes/types';
import { documentIssuesToProblems, workflowDocumentSchema, type Problem, type WorkflowDocument, type WorkflowNode } from './document';
import { findNodeReferences, hasExpression } from './expressions';
import { configIssueSentence, describeConfigIssue, valueAt } from './config-issues';
import { isSealedText } from './step-secrets';
import { literalFields } from './literal-fields';
import { ancestorsOf, buildGraph, findCycles, reachableFrom, type Graph } from './graph';
import { bodyStepIds, loopBodyProblems } from './loop-body';
import { stepsPastEachItemChains } from './each-item';
import { describeTextFault, findTextProblems, textFault, type TextProblem } from './text-check';

export type NodeTypeLookup = (type: string) => NodeDefinition | undefined;

export type ValidationResult =
  | { ok: true; document: WorkflowDocument; problems: [] }
  | { ok: false; document: WorkflowDocument | null; problems: Problem[] };

/** Parses an unknown value as a document, then checks the graph; never throws. */
export function validateDocument(raw: unknown, lookup: NodeTypeLookup): ValidationResult {
  const textProblems = documentTextProblems(raw);
  if (textProblems.length) return { ok: false, document: null, problems: textProblems };
  const parsed = workflowDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, document: null, problems: capProblems(documentIssuesToProblems(raw, parsed.error.issues)) };
  }
  // Steps saved with an older version of their type are upgraded before they are checked.
  const { document } = upgradeDocument(parsed.data, lookup);
  const problems = validateGraph(document, lookup);
  return problems.length ? { ok: false, document, problems } : { ok: true, document, problems: [] };
}

/** Outputs a node offers: its type's handles plus `error` when on-error routes there. */
export function outputHandlesOf(node: WorkflowNode, def: NodeDefinition): string[] {
  const ids = def.outputs.map((h) => h.id);
  if (node.settings.onError === 'errorOutput') ids.push('error');
  return ids;
}

/** Checks a parsed document's graph against the node types. */
export function validateGraph(doc: WorkflowDocument, lookup: NodeTypeLookup): Problem[] {
  const problems: Problem[] = [];
  const label = (n: WorkflowNode) => `"${n.name}"`;

  const seenNodes = new Set<string>();
  for (const node of doc.nodes) {
    if (seenNodes.has(node.id)) {
      problems.push({ nodeId: node.id, code: 'duplicate-id', message: `Two steps share the id "${node.id}".` });
    }
    seenNodes.add(node.id);
  }
  const seenEdges = new Set<string>();
  for (const edge of doc.edges) {
    if (seenEdges.has(edge.id)) {
      problems.push({ edgeId: edge.id, code: 'duplicate-id', message: `Two connections share the id "${edge.id}".` });
    }
    seenEdges.add(edge.id);
  }

  const graph = buildGraph(doc);
  const defs = new Map<string, NodeDefinition>();
  for (const node of graph.nodes.values()) {
    const def = lookup(node.type);
    if (!def) {
      problems.push({
        nodeId: node.id,
        code: 'unknown-node-type',
        message: `Step ${label(node)} has the type "${node.type}", which this TaskMaster does not know.${pluginHint(node.type)}`,
      });
      continue;
    }
    if (node.typeVersion > def.version) {
      problems.push({
        nodeId: node.id,
        code: 'newer-node-version',
        message: `Step ${label(node)} was made with version ${node.typeVersion} of "${node.type}"; this TaskMaster has version ${def.version}. Update TaskMaster to use it.`,
      });
      continue;
    }
    defs.set(node.id, def);
    problems.push(...configProblems(node, def));
  }

  for (const edge of doc.edges) {
    const source = graph.nodes.get(edge.source);
    const target = graph.nodes.get(edge.target);
    if (!source || !target) {
      const missing = !source ? edge.source : edge.target;
      problems.push({
        edgeId: edge.id,
        code: 'missing-node',
        message: `A connection points to a step that is not in this workflow (id "${missing}"). Remove the connection.`,
      });
      continue;
    }
    const sourceDef = defs.get(source.id);
    const targetDef = defs.get(target.id);
    if (sourceDef && !outputHandlesOf(source, sourceDef).includes(edge.sourceHandle)) {
      problems.push({
        edgeId: edge.id,
        nodeId: source.id,
        code: 'missing-handle',
        message: `Step ${label(source)} has no output "${edge.sourceHandle}".`,
      });
    }
    if (targetDef?.category === 'trigger') {
      problems.push({
        edgeId: edge.id,
        nodeId: target.id,
        code: 'into-trigger',
        message: `Step ${label(target)} is a trigger: nothing can connect into it.`,
      });
    } else if (targetDef && !targetDef.inputs.some((h) => h.id === edge.targetHandle)) {
      problems.push({
        edgeId: edge.id,
        nodeId: target.id,
        code: 'missing-handle',
        message: `Step ${label(target)} has no input "${edge.targetHandle}".`,
      });
    }
  }

  for (const cycle of findCycles(graph)) {
    // One short message for the whole loop: a loop through 10,000 steps must not repeat 10,000 names 10,000 times.
    const shown = cycle.slice(0, LOOP_NAMES_SHOWN).map((id) => label(graph.nodes.get(id)!));
    const names =
      cycle.length > LOOP_NAMES_SHOWN ? `${shown.join(' → ')} → … (${cycle.length.toLocaleString('en-US')} steps)` : shown.join(' → ');
    for (const id of cycle) {
      problems.push({ nodeId: id, code: 'cycle', message: `These steps form a loop: ${names}. Workflows must not loop back.` });
    }
  }

  for (const node of graph.nodes.values()) {
    const def = defs.get(node.id);
    if (def) problems.push(...referenceProblems(graph, node, literalFields(def)));
  }

  problems.push(...loopBodyProblems(doc, (type) => lookup(type)?.category === 'trigger'));
  problems.push(...stepsPastEachItemChains(graph, (id) => defs.get(id)));
  // Steps a Repeat until step repeats run only in its rounds: they hang on no trigger on purpose.
  const repeated = bodyStepIds(doc);
  const triggers = [...graph.nodes.values()].filter((n) => defs.get(n.id)?.category === 'trigger' && !repeated.has(n.id));
  if (graph.nodes.size > 0 && triggers.length === 0) {
    problems.push({ code: 'no-trigger', message: 'The workflow has no trigger: add one (for example "Manual trigger") to start it.' });
  } else if (triggers.length > 0) {
    const reachable = reachableFrom(
      graph,
      triggers.map((t) => t.id),
    );
    for (const node of graph.nodes.values()) {
      // A turned-off step may be parked unconnected (an import turns cut-off steps off): it never runs.
      if (!reachable.has(node.id) && defs.has(node.id) && !node.disabled && !repeated.has(node.id)) {
        problems.push({
          nodeId: node.id,
          code: 'unreachable',
          message: `Step ${label(node)} is not connected to any trigger, so it would never run.`,
        });
      }
    }
  }
  return capProblems(problems);
}

/** Problems reported at most; the rest are counted, so answers stay small for any document. */
export const MAX_PROBLEMS = 100;
const LOOP_NAMES_SHOWN = 8;

/** The first MAX_PROBLEMS problems and one line counting the others. */
export function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const more = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    {
      code: problems[MAX_PROBLEMS].code,
      message: `${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} not shown: fix these first.`,
    },
  ];
}

/** Text the database can't store in a document (NUL, broken characters, too deep), placed on its step and field. */
export function documentTextProblems(raw: unknown): Problem[] {
  return findTextProblems(raw).map((p) => textProblemOf(raw, p));
}

/** A NUL, broken character or too-deep value, placed on its step and field when it is in one. */
function textProblemOf(raw: unknown, { fault, path }: TextProblem): Problem {
  const what = describeTextFault(fault);
  const [head, index, part, ...rest] = path;
  if (head === 'nodes' && typeof index === 'number') {
    const node = valueAt(raw, ['nodes', index]) as { id?: unknown; name?: unknown } | undefined;
    const nodeId = typeof node?.id === 'string' && textFault(node.id) === null ? node.id : undefined;
    const field = part === 'config' && rest.length ? rest.join('.') : part === undefined ? undefined : [part, ...rest].join('.');
    const name = typeof node?.name === 'string' ? JSON.stringify(node.name) : `number ${index + 1}`;
    return { nodeId, field, code: 'invalid-document', message: `Step ${name}${field ? `, field "${field}"` : ''} ${what}` };
  }
  if (path.length === 1 && head === 'name') return { code: 'invalid-document', message: `The workflow name ${what}` };
  return { code: 'invalid-document', message: path.length ? `"${path.join('.')}" ${what}` : `The workflow ${what}` };
}

/** Config checked against the node's schema; fields holding expressions are checked at run time. */
function configProblems(node: WorkflowNode, def: NodeDefinition): Problem[] {
  const result = def.config.safeParse(node.config);
  if (result.success) return [];
  const issues: z.core.$ZodIssue[] = result.error.issues;
  const literal = literalFields(def);
  return (
    issues
      // A secret stored encrypted was checked when it was typed (core/step-secrets.ts).
      .filter((issue) => !isSealedText(valueAt(node.config, issue.path)))
      .filter((issue) => literal.has(String(issue.path[0])) || !hasExpression(valueAt(node.config, issue.path)))
      .map((issue) => {
        const fieldPath = issue.path.map(String).join('.');
        return {
          nodeId: node.id,
          field: fieldPath || undefined,
          code: 'invalid-config' as const,
          message: configIssueSentence(node.name, describeConfigIssue(def.config, node.config, issue)),
        };
      })
  );
}

/** `$node["id"]` in an expression must name a node that runs before this one. */
function referenceProblems(graph: Graph, node: WorkflowNode, literal: Set<string>): Problem[] {
  const checked = Object.fromEntries(Object.entries(node.config).filter(([key]) => !literal.has(key)));
  const refs = findNodeReferences(checked);
  if (refs.length === 0) return [];
  const before = ancestorsOf(graph, node.id);
  return refs
    .filter((id) => !before.has(id))
    .map((id) => {
      const other = graph.nodes.get(id);
      return {
        nodeId: node.id,
        code: 'invalid-config' as const,
        message: other
          ? `Step "${node.name}" uses data from "${other.name}", which does not run before it. Connect "${other.name}" before "${node.name}".`
          : `Step "${node.name}" uses data from a step that is no longer in this workflow ($node["${id}"] in its settings). Change or remove that part.`,
      };
    });
}

/** Plugin step ids are `<plugin>/<step>`: name the plugin to install (or turn on). */
function pluginHint(type: string): string {
  const slash = type.lastIndexOf('/');
  if (slash <= 0) return '';
  return ` It comes from the plugin "${type.slice(0, slash)}": install it or turn it on (Settings → Plugins, or taskmaster plugins install ${type.slice(0, slash)}).`;
}
