/**
 * One step's output, as the CLI hands it out: the whole list streamed page by page (a large
 * output is never held whole), or the first items with a note saying where the rest is.
 */
import type { Sql } from 'postgres';
import type { Item } from '../../nodes/types';
import { getOutputPage } from '../db/runs';
import { PAGE_ITEMS } from '../db/run-store';
import type { RunResult } from './run-result';

/** Where output pages come from: the database, or a remote TaskMaster's REST API (the CLI's --url). */
export interface OutputPages {
  readPage(runId: string, nodeId: string, handle: string, offset: number, limit: number): Promise<{ items: Item[]; total: number } | null>;
}

function pagesOf(source: Sql | OutputPages): OutputPages {
  if (typeof source !== 'function') return source;
  return { readPage: (runId, nodeId, handle, offset, limit) => getOutputPage(source, runId, nodeId, handle, offset, limit) };
}

/** The step named by id, or else by its name (ids win: names need not be unique). */
export function findStep(result: RunResult, idOrName: string): string | null {
  if (result.nodes[idOrName]) return idOrName;
  const byName = Object.entries(result.nodes).filter(([, node]) => node.name === idOrName);
  return byName.length === 1 ? byName[0][0] : null;
}

/** The step whose result ended the run: the last to finish among those that succeeded. */
export function lastStep(result: RunResult): string | null {
  let last: { id: string; at: number } | null = null;
  for (const [id, node] of Object.entries(result.nodes)) {
    if (node.status !== 'succeeded' || node.finishedAt === null) continue;
    const at = node.finishedAt.getTime();
    if (!last || at >= last.at) last = { id, at };
  }
  return last?.id ?? null;
}

/** The handle a person means by "the step's output": `main`, else the first one with items. */
export function mainHandle(counts: Record<string, number>): string {
  if ('main' in counts) return 'main';
  return Object.entries(counts).find(([, n]) => n > 0)?.[0] ?? Object.keys(counts)[0] ?? 'main';
}

/** Writes the handle's items as one JSON array, a page at a time. */
export async function writeOutputJson(
  source: Sql | OutputPages,
  runId: string,
  nodeId: string,
  handle: string,
  write: (text: string) => void,
): Promise<void> {
  const pages = pagesOf(source);
  write('[');
  let first = true;
  for (let offset = 0; ; offset += PAGE_ITEMS) {
    const page = await pages.readPage(runId, nodeId, handle, offset, PAGE_ITEMS);
    const items: Item[] = page?.items ?? [];
    for (const item of items) {
      write(`${first ? '\n' : ',\n'}  ${JSON.stringify(item)}`);
      first = false;
    }
    if (!page || offset + PAGE_ITEMS >= page.total) break;
  }
  write(first ? ']\n' : '\n]\n');
}

export interface CutOutput {
  /** Items shown of each handle cut short, and how many there are. */
  outputCut?: Record<string, { shown: number; total: number }>;
  /** How to get the whole output when it was cut short. */
  fullOutput?: string;
}

/**
 * The run with at most `maxItems` items per step output: `taskmaster run --json` once printed
 * 22 MB for a one-number answer. Steps cut short say so and how to get the rest.
 */
export async function withCappedOutputs(
  source: Sql | OutputPages,
  result: RunResult,
  maxItems: number,
): Promise<RunResult & { nodes: Record<string, RunResult['nodes'][string] & CutOutput> }> {
  const pages = pagesOf(source);
  const nodes: Record<string, RunResult['nodes'][string] & CutOutput> = {};
  for (const [nodeId, node] of Object.entries(result.nodes)) {
    const output: Record<string, Item[]> = {};
    const cut: Record<string, { shown: number; total: number }> = {};
    for (const [handle, total] of Object.entries(node.outputCounts)) {
      const shown = Math.min(total, maxItems);
      output[handle] = shown > 0 ? ((await pages.readPage(result.runId, nodeId, handle, 0, shown))?.items ?? []) : [];
      if (total > shown) cut[handle] = { shown, total };
    }
    const isCut = Object.keys(cut).length > 0;
    nodes[nodeId] = {
      ...node,
      output,
      ...(isCut ? { outputCut: cut, fullOutput: `taskmaster run-output ${result.runId} ${nodeId}` } : {}),
    };
  }
  return { ...result, nodes };
}
