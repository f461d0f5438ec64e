/**
 * n8n workflow export → TaskMaster workflow document, with a report of everything that could not
 * be carried over. Pure: text in, document and report out; saving is the caller's job.
 *
 * Steps keep their names and positions and get stable ids; connections, which n8n keys by step
 * name and output number, become edges between ids and named handles (If: true/false, Switch:
 * out0…, Merge inputs: a/b). Steps that can't be converted stay in place as "Needs attention"
 * steps that fail only their own branch; a step cut off from every trigger is turned off.
 */
import {
  isTimeZoneName,
  workflowDocumentSchema,
  type WorkflowDocument,
  type WorkflowDocumentInput,
  type WorkflowEdge,
} from '../../../core/document';
import type { StepNames } from './expressions';
import { n8nWorkflowSchema, type N8nNode, type N8nWorkflow } from './format';
import { IdMaker } from './ids';
import { isRecord, number, text } from './params';
import { needsAttention, unsupportedReason } from './nodes/attention';
import { converterFor, leftOutReason } from './registry';
import { emptyReport, type ImportReport } from './report';
import { answerSettingsOf } from './respond';
import { makeScope, type ConvertedNode, type NodeConverter } from './scope';
import { settingsOf } from './settings';

export type { ImportReport } from './report';
export { looksLikeN8nExport, textLooksLikeN8nExport } from '../../../core/n8n-detect';

/** The file is not an n8n export at all; the message says what is wrong with it. */
export class N8nImportError extends Error {}

interface Placed {
  id: string;
  node: N8nNode;
  converted: ConvertedNode;
  errorOutput: boolean;
}

const STICKY = 'n8n-nodes-base.stickyNote';
const TRIGGER_TYPES = new Set(['manual-trigger', 'schedule-trigger', 'webhook-trigger']);

/** Parses the text (or an already parsed value) as an n8n export. */
export function parseN8nExport(input: string | unknown): N8nWorkflow {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      throw new N8nImportError(`This is not an n8n workflow file: it is not valid JSON (${(error as Error).message}).`);
    }
  }
  const parsed = n8nWorkflowSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new N8nImportError(`This is not an n8n workflow file the import understands${where}: ${issue.message}.`);
  }
  return parsed.data;
}

function handleFor(list: string[] | undefined, index: number): string | undefined {
  if (list) return list[index];
  return index === 0 ? 'main' : undefined;
}

/**
 * Our output handles for n8n output `index`, counting the extra error output n8n adds last. An
 * n8n output may be fed by several of ours (a Switch rule output that also takes the fallback).
 */
function outputHandles(placed: Placed, index: number): string[] {
  const regular = placed.converted.outputs ?? ['main'];
  if (placed.errorOutput && index === regular.length) return ['error'];
  const handle = handleFor(placed.converted.outputs, index);
  return !handle ? [] : [handle, ...(placed.converted.alsoOutputs?.[index] ?? [])];
}

/**
 * Several connections into one of our inputs hand on their items in edge order; n8n reads its
 * inputs by number (a Merge with three inputs appends 1, 2, 3 whatever order they were drawn in),
 * so the edges are ordered by the n8n input they came from.
 */
function connect(workflow: N8nWorkflow, placed: Map<string, Placed>, ids: IdMaker, report: ImportReport): WorkflowEdge[] {
  const numbered: Array<{ edge: WorkflowEdge; input: number }> = [];
  const seen = new Set<string>();
  const drop = (from: string, to: string, reason: string) => report.droppedConnections.push({ from, to, reason });
  for (const [sourceName, byType] of Object.entries(workflow.connections)) {
    for (const [type, outputs] of Object.entries(byType)) {
      outputs.forEach((targets, outputIndex) => {
        for (const target of targets ?? []) {
          const source = placed.get(sourceName);
          const into = placed.get(target.node);
          if (type !== 'main') drop(sourceName, target.node, `an n8n "${type}" connection (used by AI steps) has no equivalent`);
          else if (!source) drop(sourceName, target.node, `"${sourceName}" was left out`);
          else if (!into) drop(sourceName, target.node, `"${target.node}" was left out`);
          else {
            const sourceHandles = outputHandles(source, outputIndex);
            const targetHandle = handleFor(into.converted.inputs, target.index);
            if (sourceHandles.length === 0) drop(sourceName, target.node, `"${sourceName}" has no output ${outputIndex + 1} here`);
            else if (!targetHandle) drop(sourceName, target.node, `"${target.node}" has no input ${target.index + 1} here`);
            else {
              for (const sourceHandle of sourceHandles) {
                const key = `${source.id}:${sourceHandle}>${into.id}:${targetHandle}`;
                if (seen.has(key)) continue;
                seen.add(key);
                numbered.push({
                  edge: { id: ids.make('e', key), source: source.id, sourceHandle, target: into.id, targetHandle },
                  input: target.index,
                });
              }
            }
          }
        }
      });
    }
  }
  return byInputNumber(numbered);
}

/** Edges into the same input of ours reordered by n8n input number (stable); all others stay where they are. */
function byInputNumber(numbered: Array<{ edge: WorkflowEdge; input: number }>): WorkflowEdge[] {
  const slots = new Map<string, number[]>();
  numbered.forEach((n, i) => {
    const key = `${n.edge.target}\u0000${n.edge.targetHandle}`;
    slots.set(key, [...(slots.get(key) ?? []), i]);
  });
  const out = numbered.map((n) => n.edge);
  for (const positions of slots.values()) {
    const sorted = positions.map((i) => numbered[i]).sort((x, y) => x.input - y.input);
    positions.forEach((at, k) => (out[at] = sorted[k].edge));
  }
  return out;
}

/** "Respond to Webhook" is left out; the webhook answers with the output of the step that fed it. */
function answerWith(
  workflow: N8nWorkflow,
  placed: Map<string, Placed>,
  docNodes: WorkflowDocumentInput['nodes'],
  report: ImportReport,
  steps: StepNames,
): void {
  const responderNodes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.respondToWebhook');
  const responders = new Set(responderNodes.map((n) => n.name));
  if (responders.size === 0) return;
  const feeding = new Set<string>();
  for (const [sourceName, byType] of Object.entries(workflow.connections)) {
    for (const targets of byType.main ?? []) {
      if ((targets ?? []).some((t) => responders.has(t.node))) {
        const id = placed.get(sourceName)?.id;
        if (id) feeding.add(id);
      }
    }
  }
  if (feeding.size !== 1) return;
  const [responseNodeId] = [...feeding];
  // Its status code, headers and body: one responder's (several that differ can't all be kept).
  const answer = responderNodes.length === 1 ? answerSettingsOf(responderNodes[0], report, steps) : {};
  let carried = false;
  for (const node of docNodes ?? []) {
    if (node.type === 'webhook-trigger' && node.config?.respond === 'whenDone') {
      node.config = { ...node.config, responseNodeId, ...answer };
      carried = true;
    }
  }
  // The connection into the one Respond to Webhook lives on as the webhook's answering step: nothing was lost.
  if (carried && responderNodes.length === 1) report.droppedConnections = report.droppedConnections.filter((d) => !responders.has(d.to));
}

/** With no trigger left, a Manual start in front of the first steps keeps the workflow runnable. */
function ensureTrigger(
  doc: { nodes: NonNullable<WorkflowDocumentInput['nodes']>; edges: WorkflowEdge[] },
  ids: IdMaker,
  report: ImportReport,
): void {
  if (doc.nodes.length === 0 || doc.nodes.some((n) => TRIGGER_TYPES.has(n.type))) return;
  const targets = new Set(doc.edges.map((e) => e.target));
  const roots = doc.nodes.filter((n) => !targets.has(n.id));
  const left = Math.min(...doc.nodes.map((n) => n.position?.x ?? 0));
  const top = Math.min(...roots.map((n) => n.position?.y ?? 0));
  const id = ids.make('n', 'manual start');
  doc.nodes.unshift({ id, type: 'manual-trigger', name: 'Manual start', position: { x: left - 300, y: top }, config: {} });
  for (const root of roots) {
    doc.edges.push({
      id: ids.make('e', `${id}>${root.id}`),
      source: id,
      sourceHandle: 'main',
      target: root.id,
      targetHandle: root.type === 'merge' ? 'a' : 'main',
    });
  }
  report.notes.push(
    `No trigger could be imported, so a "Manual start" step was added in front of ${roots.map((n) => `"${n.name}"`).join(', ')}.`,
  );
}

/**
 * A step no trigger reaches (its only way in was a dropped connection) would make the whole
 * workflow refuse to run; turned off, it is kept for the user to reconnect and the rest runs.
 */
function turnOffUnreachable(
  doc: { nodes: NonNullable<WorkflowDocumentInput['nodes']>; edges: WorkflowEdge[] },
  report: ImportReport,
): void {
  const next = new Map<string, string[]>();
  for (const edge of doc.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const reached = new Set<string>();
  const queue = doc.nodes.filter((n) => TRIGGER_TYPES.has(n.type)).map((n) => n.id);
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  const cut = doc.nodes.filter((n) => !reached.has(n.id));
  for (const node of cut) node.disabled = true;
  if (cut.length) {
    report.notes.push(
      `${cut.map((n) => `"${n.name}"`).join(', ')} ${cut.length === 1 ? 'is' : 'are'} not connected to a trigger any more, so ${cut.length === 1 ? 'it was' : 'they were'} turned off: connect ${cut.length === 1 ? 'it' : 'them'} and turn ${cut.length === 1 ? 'it' : 'them'} on again.`,
    );
  }
}

/** The extra steps a converter asked for (a Schedule's other rules), each wired like its original. */
function addTwins(
  placed: Map<string, Placed>,
  docNodes: NonNullable<WorkflowDocumentInput['nodes']>,
  edges: WorkflowEdge[],
  ids: IdMaker,
): void {
  for (const { id, node, converted } of placed.values()) {
    const original = docNodes.find((n) => n.id === id);
    if (!original) continue;
    const outgoing = edges.filter((e) => e.source === id);
    (converted.twins ?? []).forEach((twin, i) => {
      const twinId = ids.make('n', `${node.id ?? node.name} ${twin.suffix}`);
      const at = original.position ?? { x: 0, y: 0 };
      const { pinnedOutput: _pinned, ...copy } = original;
      docNodes.push({
        ...copy,
        id: twinId,
        name: `${node.name} (${twin.suffix})`.slice(0, 120),
        position: { x: at.x, y: at.y + 140 * (i + 1) },
        config: twin.config,
      });
      for (const edge of outgoing)
        edges.push({ ...edge, id: ids.make('e', `${twinId}:${edge.sourceHandle}>${edge.target}:${edge.targetHandle}`), source: twinId });
    });
  }
}

/** Whether something that changes results was dropped: then the workflow is marked "check before use". */
function needsCheck(report: ImportReport): boolean {
  return (
    report.needsAttention.length > 0 || report.droppedConnections.length > 0 || report.issues.some((i) => i.severity === 'not-converted')
  );
}

/** What makes an import "check before use", one line each, stored with the workflow. */
function checkReasons(report: ImportReport): string[] {
  return [
    ...report.needsAttention.map((n) => `"${n.node}" needs attention: ${n.reason}`),
    ...report.issues.filter((i) => i.severity === 'not-converted').map((i) => `"${i.node}", ${i.field}: ${i.reason}`),
    ...report.droppedConnections.map((d) => `The connection from "${d.from}" to "${d.to}" was dropped: ${d.reason}`),
  ]
    .slice(0, 200)
    .map((line) => line.slice(0, 2000));
}

function stickyNote(node: N8nNode, ids: IdMaker) {
  const p = node.parameters;
  return {
    id: ids.make('note', node.id ?? node.name),
    text: text(p, 'content').slice(0, 10_000),
    position: { x: node.position[0] ?? 0, y: node.position[1] ?? 0 },
    width: Math.max(40, number(p, 'width', 240)),
    height: Math.max(40, number(p, 'height', 160)),
  };
}

/** An AI sub-step (model, memory, tool): joined to its AI step only by "ai_…" connections. */
function isSubStep(workflow: N8nWorkflow, node: N8nNode): boolean {
  const out = workflow.connections[node.name];
  if (!out) return false;
  const types = Object.entries(out)
    .filter(([, outputs]) => outputs.some((targets) => (targets ?? []).length > 0))
    .map(([type]) => type);
  return types.length > 0 && types.every((type) => type !== 'main');
}

/** Converts an n8n export (text or parsed JSON). Throws N8nImportError when it is not one. */
export function convertN8nWorkflow(input: string | unknown): { document: WorkflowDocument; report: ImportReport } {
  const workflow = parseN8nExport(input);
  const report = emptyReport();
  const ids = new IdMaker();
  const timezone = workflow.settings?.timezone;

  // Ids first: expressions in any step may name any other step.
  const planned = new Map<string, string>();
  const leftOut = new Set<string>();
  for (const node of workflow.nodes) {
    if (node.type === STICKY) continue;
    if (leftOutReason(node.type) || isSubStep(workflow, node)) leftOut.add(node.name);
    else planned.set(node.name, ids.make('n', node.id ?? node.name));
  }
  const steps: StepNames = { idOf: (name) => planned.get(name), wasLeftOut: (name) => leftOut.has(name) };

  const placed = new Map<string, Placed>();
  const nodes: NonNullable<WorkflowDocumentInput['nodes']> = [];
  const notes = [];
  for (const node of workflow.nodes) {
    if (node.type === STICKY) {
      notes.push(stickyNote(node, ids));
      continue;
    }
    const id = planned.get(node.name);
    if (!id) {
      const reason = leftOutReason(node.type) ?? 'it is a part (model, memory or tool) of an AI step, which needs attention itself';
      report.leftOut.push({ node: node.name, n8nType: node.type, reason });
      report.nodes.push({ name: node.name, n8nType: node.type, type: null, id: null });
      continue;
    }
    const convert: NodeConverter = converterFor(node.type, timezone) ?? ((scope) => needsAttention(scope, unsupportedReason(node.type)));
    const scope = makeScope(node, steps, report.issues);
    const converted = convert(scope);
    const { settings, errorOutput } = settingsOf(node, scope);
    if (converted.attention) {
      // Fails when items reach it, and only the steps after it are skipped: the rest still runs.
      settings.onError = 'errorOutput';
      report.needsAttention.push({ node: node.name, n8nType: node.type, type: converted.type, reason: converted.attention });
    }
    placed.set(node.name, { id, node, converted, errorOutput });
    report.nodes.push({
      name: node.name,
      n8nType: node.type,
      type: converted.type,
      id,
      outputs: converted.outputs ?? ['main'],
      alsoOutputs: converted.alsoOutputs,
    });
    const pinned = workflow.pinData?.[node.name];
    const firstOutput = converted.outputs?.[0] ?? 'main';
    nodes.push({
      id,
      type: converted.type,
      name: node.name.slice(0, 120),
      position: { x: node.position[0] ?? 0, y: node.position[1] ?? 0 },
      config: converted.config,
      settings,
      ...(node.notes ? { notes: node.notes.slice(0, 10_000) } : {}),
      ...(node.disabled ? { disabled: true } : {}),
      ...(pinned ? { pinnedOutput: { [firstOutput]: pinned.map((entry) => (isRecord(entry.json) ? entry.json : {})) } } : {}),
    });
  }

  const edges = connect(workflow, placed, ids, report);
  addTwins(placed, nodes, edges, ids);
  answerWith(workflow, placed, nodes, report, steps);
  const graph = { nodes, edges };
  ensureTrigger(graph, ids, report);
  turnOffUnreachable(graph, report);
  report.checkBeforeUse = needsCheck(report);
  const document = workflowDocumentSchema.parse({
    ...(report.checkBeforeUse ? { checkBeforeUse: checkReasons(report) } : {}),
    name: (workflow.name?.trim() || 'Imported from n8n').slice(0, 200),
    description: 'Imported from n8n.',
    // n8n's workflow time zone is ours too: $now, $today and Code steps' dates are in it.
    ...(timezone && isTimeZoneName(timezone) ? { settings: { timezone } } : {}),
    nodes: graph.nodes,
    edges: graph.edges,
    notes,
  });
  return { document, report };
}
