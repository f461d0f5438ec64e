/**
 * `list`, `runs <id>` and `run <id>` against a remote TaskMaster (server/cli/remote.ts), printing
 * what the local commands print, from the REST API's answers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Item } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import { countWarnings, type RunResult } from '../services/run-result';
import { findStep, lastStep, mainHandle, withCappedOutputs, writeOutputJson, type OutputPages } from '../services/step-output';
import { InputError } from './command';
import { formatAgo, formatDuration, formatTable, printError, printResult, progress, RUN_COLUMNS } from './output';
import type { RemoteClient } from './remote';
import { failureMessage, runSummary, runTable } from './run-report';

interface RemoteWorkflow {
  id: string;
  name: string;
  active: boolean;
  lastRun: { status: string; createdAt: string } | null;
}

export async function remoteList(client: RemoteClient, json: boolean): Promise<number> {
  const workflows = await client.call<RemoteWorkflow[]>('GET', '/workflows');
  if (json) printResult(JSON.stringify(workflows, null, 2));
  else if (workflows.length === 0) printResult(`No workflows yet on ${client.target.url}.`);
  else {
    const now = new Date();
    const rows = workflows.map((wf) => [
      wf.id,
      wf.name,
      wf.active ? 'yes' : 'no',
      wf.lastRun ? `${wf.lastRun.status}, ${formatAgo(new Date(wf.lastRun.createdAt), now)}` : 'never',
    ]);
    printResult(formatTable(['ID', 'NAME', 'ACTIVE', 'LAST RUN'], rows));
  }
  return 0;
}

interface RemoteRunEntry {
  id: string;
  status: string;
  triggerKind: string;
  createdAt: string;
  durationMs: number | null;
  error: { message?: string } | null;
  warningCount?: number;
}

export async function remoteRuns(client: RemoteClient, id: string, limit: number, json: boolean): Promise<number> {
  // An unknown id and a workflow that never ran both list nothing; only one is a mistake.
  await client.call('GET', `/workflows/${encodeURIComponent(id)}`);
  const { runs } = await client.call<{ runs: RemoteRunEntry[] }>(
    'GET',
    `/runs?workflowId=${encodeURIComponent(id)}&limit=${Math.min(limit, 200)}`,
  );
  if (json) printResult(JSON.stringify(runs, null, 2));
  else if (runs.length === 0) printResult(`Workflow ${id} has not run yet.`);
  else {
    const now = new Date();
    const rows = runs.map((run) => [
      run.id,
      run.status,
      run.triggerKind,
      formatAgo(new Date(run.createdAt), now),
      formatDuration(run.durationMs),
      String(run.warningCount ?? 0),
      run.error?.message ?? '',
    ]);
    printResult(formatTable(RUN_COLUMNS, rows, [4, 5]));
  }
  return 0;
}

export interface RemoteRun {
  id: string;
  workflowId: string | null;
  status: RunResult['status'];
  durationMs: number | null;
  error: RunResult['error'];
  document: WorkflowDocument;
  nodes: Record<
    string,
    {
      attempt: number;
      status: string;
      durationMs: number | null;
      finishedAt: string | null;
      outputCounts: Record<string, number>;
      error: RunResult['nodes'][string]['error'];
      warnings?: RunResult['nodes'][string]['warnings'];
    }
  >;
}

/** The REST answer as the RunResult the local command prints (outputs are read separately). */
export function resultOf(run: RemoteRun): RunResult {
  const nodes: RunResult['nodes'] = {};
  for (const node of run.document.nodes) {
    const view = run.nodes[node.id];
    if (!view) continue;
    nodes[node.id] = {
      name: node.name,
      type: node.type,
      status: view.status,
      attempts: view.attempt,
      durationMs: view.durationMs,
      finishedAt: view.finishedAt ? new Date(view.finishedAt) : null,
      outputCounts: view.outputCounts,
      output: {},
      error: view.error,
      warnings: view.warnings ?? [],
    };
  }
  return {
    runId: run.id,
    workflowId: run.workflowId,
    status: run.status,
    durationMs: run.durationMs,
    error: run.error,
    warningCount: countWarnings(nodes),
    nodes,
  };
}

/** Output pages through the REST API (at most 1,000 items per request). */
export function remotePages(client: RemoteClient): OutputPages {
  return {
    async readPage(runId, nodeId, handle, offset, limit) {
      const items: Item[] = [];
      let total = 0;
      for (let at = offset; items.length < limit; ) {
        const page = await client.call<{ items: Item[]; total: number }>(
          'GET',
          `/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(nodeId)}/output?handle=${encodeURIComponent(handle)}&offset=${at}&limit=${Math.min(1000, limit - items.length)}`,
        );
        total = page.total;
        items.push(...page.items);
        at += page.items.length;
        if (page.items.length === 0 || at >= total) break;
      }
      return { items, total };
    },
  };
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 250;

export interface RemoteRunOptions {
  input: unknown;
  json: boolean;
  maxItems: number;
  output?: string;
  last?: boolean;
}

/** Starts a saved workflow's run on the server and waits for it (Ctrl+C cancels it there). */
export async function remoteRun(client: RemoteClient, workflowId: string, options: RemoteRunOptions, signal: AbortSignal): Promise<number> {
  const { runId } = await client.call<{ runId: string }>('POST', `/workflows/${encodeURIComponent(workflowId)}/runs`, {
    input: options.input,
  });
  progress(`Started run ${runId} on ${client.target.url}.`);
  const cancel = () => {
    progress('Cancelling the run…');
    void client.call('POST', `/runs/${runId}/cancel`).catch((error: unknown) => progress(`Could not cancel: ${String(error)}`));
  };
  signal.addEventListener('abort', cancel, { once: true });
  let run: RemoteRun;
  try {
    // The REST API has no event stream: ask every quarter second (one small request) until it ends.
    for (;;) {
      run = await client.call<RemoteRun>('GET', `/runs/${encodeURIComponent(runId)}`);
      if (FINAL.has(run.status)) break;
      await sleep(POLL_MS);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  const result = resultOf(run);
  const pages = remotePages(client);
  if (options.output !== undefined || options.last) {
    const nodeId = options.last ? lastStep(result) : findStep(result, options.output!);
    if (!nodeId) {
      printError(
        options.last
          ? 'No step of the run succeeded, so there is no output to print.'
          : `The run has no step with the id or name "${options.output}".`,
      );
      return result.status === 'succeeded' ? 2 : 1;
    }
    await writeOutputJson(pages, runId, nodeId, mainHandle(result.nodes[nodeId].outputCounts), (text) => process.stdout.write(text));
    progress(runSummary(result));
  } else if (options.json) printResult(JSON.stringify(await withCappedOutputs(pages, result, options.maxItems), null, 2));
  else printResult(`${runTable(run.document, result)}\n\n${runSummary(result)}`);
  if (result.status === 'succeeded') return 0;
  printError(failureMessage(result));
  return signal.aborted ? 130 : 1;
}

/** Remote mode runs saved workflows only: a file would have to be imported first. */
export function remoteTargetId(target: string): string {
  if (/\.(json|ya?ml)$/i.test(target))
    throw new InputError(`With --url, run a saved workflow by its id; import ${target} there first (taskmaster import runs locally).`);
  return target;
}
