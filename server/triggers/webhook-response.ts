/**
 * The answer of a webhook set to respond when the workflow is done: the output items of the
 * chosen node (by default the last node that ran), or the run's error. A "This text" / "This
 * JSON" body may hold {{ }} expressions, worked out here (as n8n's Respond to Webhook does) with
 * the answering step's first item as `$json`; the expression language is our own bounded
 * interpreter, so this is as safe in the web server as in a worker.
 */
import type { Sql } from 'postgres';
import type { HandleItems, Item } from '../../nodes/types';
import type { WebhookConfig } from '../../nodes/webhook-trigger';
import { toText } from '../../nodes/lib/values';
import type { WorkflowDocument } from '../../core/document';
import { evaluateExpression, hasExpression, type ExpressionScope } from '../../core/expressions';
import { buildGraph, topologicalOrder } from '../../core/graph';
import type { RunEndWatch } from '../run-ends';
import { getRunResult } from '../services/run-result';

export interface WebhookAnswer {
  status: number;
  /** Sent as JSON, unless `text` is set. */
  body: unknown;
  /** A body sent as it is (the "This text" / "This JSON" answers); '' sends none. */
  text?: string;
  headers?: Record<string, string>;
}

/** How a webhook answers once its run succeeded (the Webhook step's Answer settings). */
export type AnswerShape = Pick<WebhookConfig, 'responseNodeId' | 'responseCode' | 'responseData' | 'responseBody' | 'responseHeaders'>;

function headersOf(shape: AnswerShape): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const row of shape.responseHeaders) {
    const name = row.name.trim().toLowerCase();
    // The length is ours to set: a wrong one would cut the answer or hang the caller.
    if (name !== '' && name !== 'content-length' && name !== 'transfer-encoding') headers[name] = toText(row.value ?? '');
  }
  return headers;
}

/** What a body's expressions read besides the answering step's items (`$json`, `$items`). */
export type AnswerScope = Omit<ExpressionScope, '$json' | '$index' | '$items'>;

const EMPTY_SCOPE: AnswerScope = { $node: {}, $trigger: null, $run: { id: '', workflowId: null }, $now: '', $vars: {} };

/** An answer body that could not be worked out: the caller gets a 500 with this message. */
class AnswerBodyError extends Error {}

/** The body text with its expressions worked out; a whole-body expression giving an object is sent as JSON. */
function bodyText(shape: AnswerShape, items: Item[], scope: AnswerScope): string {
  const body = shape.responseBody;
  if (!hasExpression(body)) return body;
  let value: unknown;
  try {
    value = evaluateExpression(body, { ...scope, $json: items[0] ?? {}, $index: 0, $items: items });
  } catch (error) {
    throw new AnswerBodyError(`The answer body could not be worked out: ${(error as Error).message}`);
  }
  if (shape.responseData === 'text') return typeof value === 'string' ? value : toText(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  try {
    JSON.parse(text);
  } catch {
    throw new AnswerBodyError(
      `The answer body is not valid JSON once its expressions are worked out (it begins ${JSON.stringify(text.slice(0, 60))}). Check the quotes around text values.`,
    );
  }
  return text;
}

/** The answer of a succeeded run from the answering step's items. */
export function shapedAnswer(shape: AnswerShape, items: Item[], scope: AnswerScope = EMPTY_SCOPE): WebhookAnswer {
  const headers = headersOf(shape);
  const status = shape.responseCode;
  switch (shape.responseData) {
    case 'firstItem':
      return { status, body: items[0] ?? {}, headers };
    case 'noData':
      return { status, body: null, text: '', headers };
    case 'text':
      return {
        status,
        body: null,
        text: bodyText(shape, items, scope),
        headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
      };
    case 'json':
      return {
        status,
        body: null,
        text: bodyText(shape, items, scope),
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      };
    default:
      return { status, body: items, headers };
  }
}

// Every request of a webhook answers from the same document object: order it once.
const orders = new WeakMap<WorkflowDocument, string[]>();

/** The node whose output answers: the configured one, else the last succeeded one in graph order. */
export function answerNodeId(doc: WorkflowDocument, chosen: string, statusOf: (nodeId: string) => string | undefined): string | null {
  if (chosen !== '') return chosen;
  let order = orders.get(doc);
  if (!order) {
    order = topologicalOrder(buildGraph(doc)).order;
    orders.set(doc, order);
  }
  for (let i = order.length - 1; i >= 0; i--) if (statusOf(order[i]) === 'succeeded') return order[i];
  return null;
}

/** The items a node gave: its main output, else its first output that has items. */
export function answerItems(node: { output: HandleItems }): Item[] {
  if (node.output.main) return node.output.main;
  return Object.values(node.output).find((items) => items.length > 0) ?? [];
}

interface EndedRun {
  status: string;
  errorMessage: string | undefined;
  node(nodeId: string): { status: string; output: HandleItems } | undefined;
}

/** What the request and the instance add to an answer body's expressions. */
export interface AnswerRequest {
  /** The payload the run started with (`$trigger`). */
  trigger: unknown;
  workflowId: string | null;
  /** Instance and workflow variables (`$vars`), read only when a body uses them. */
  vars: () => Promise<Record<string, string>>;
}

/**
 * Waits (with a watch opened before the run was created) and answers. When a worker of this
 * process ran it, the answer is built from the results it handed over; otherwise read back.
 */
export async function answerWhenDone(
  sql: Sql,
  watch: RunEndWatch,
  runId: string,
  doc: WorkflowDocument,
  shape: AnswerShape,
  timeoutMs: number,
  request: AnswerRequest = { trigger: null, workflowId: null, vars: async () => ({}) },
): Promise<WebhookAnswer> {
  let ended: EndedRun | undefined;
  try {
    const end = await watch.until(runId, timeoutMs);
    // A streamed step's large output is only in the database (`stored`): then it is read back.
    if (end.local && ![...end.local.nodes.values()].some((s) => s.stored)) {
      const { nodes, error } = end.local;
      ended = {
        status: end.status,
        errorMessage: error?.message,
        node: (id) => {
          const s = nodes.get(id);
          return s && { status: s.status, output: s.outputs ?? {} };
        },
      };
    }
  } catch {
    return {
      status: 504,
      body: {
        error: `The workflow did not finish within ${Math.round(timeoutMs / 1000)} seconds. It keeps running; its run id is ${runId}.`,
        runId,
      },
    };
  }
  ended ??= await readBack(sql, runId);
  if (!ended) return { status: 500, body: { error: 'The run disappeared before it could answer (was the workflow deleted?).', runId } };
  const scope = hasExpression(shape.responseBody) ? await scopeOf(doc, shape, runId, ended, request) : EMPTY_SCOPE;
  try {
    return answerOf(doc, shape, runId, ended, scope);
  } catch (error) {
    if (error instanceof AnswerBodyError) return { status: 500, body: { error: error.message, runId } };
    throw error;
  }
}

/** `$node` from the run's results, `$trigger`, `$run`, `$now` and `$vars` for a body's expressions. */
async function scopeOf(
  doc: WorkflowDocument,
  shape: AnswerShape,
  runId: string,
  run: EndedRun,
  request: AnswerRequest,
): Promise<AnswerScope> {
  const $node: ExpressionScope['$node'] = {};
  for (const { id } of doc.nodes) {
    const node = run.node(id);
    if (node?.status !== 'succeeded') continue;
    const items = answerItems(node);
    $node[id] = { json: items[0], items };
  }
  const $vars = /\$vars\b/.test(shape.responseBody) ? await request.vars() : {};
  return {
    $node,
    $trigger: request.trigger,
    $run: { id: runId, workflowId: request.workflowId },
    // A webhook that is answered is listening: on (or its test address, which n8n also reports as on).
    $workflow: { id: request.workflowId, name: doc.name, active: true },
    $now: new Date().toISOString(),
    $vars,
  };
}

async function readBack(sql: Sql, runId: string): Promise<EndedRun | undefined> {
  const result = await getRunResult(sql, runId);
  if (!result) return undefined;
  return { status: result.status, errorMessage: result.error?.message, node: (id) => result.nodes[id] };
}

function answerOf(doc: WorkflowDocument, shape: AnswerShape, runId: string, run: EndedRun, scope: AnswerScope): WebhookAnswer {
  if (run.status !== 'succeeded') {
    const message = run.status === 'cancelled' ? 'The run was cancelled.' : (run.errorMessage ?? 'The workflow failed.');
    return { status: 500, body: { error: message, runId } };
  }
  const nodeId = answerNodeId(doc, shape.responseNodeId, (id) => run.node(id)?.status);
  const node = nodeId ? run.node(nodeId) : undefined;
  if (!node || node.status !== 'succeeded') {
    const name = doc.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
    return { status: 500, body: { error: `The step "${name}" that should give the answer did not run in this run.`, runId } };
  }
  return shapedAnswer(shape, answerItems(node), scope);
}
