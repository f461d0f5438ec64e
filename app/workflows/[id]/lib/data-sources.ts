/**
 * What a step's expression fields can refer to: the fields of the items coming into it
 * (`$json`) and of every step before it (`$node["id"].json`), taken from the last run or from
 * pinned output. Pure, so it is tested without a browser.
 */
import { bodyOf } from '@/core/loop-body';
import type { RunDetail } from '../../../lib/api-types';
import type { StepEdge, StepNode } from './types';

export interface DataField {
  name: string;
  /** The reference to insert, with braces: `{{ $json.city }}`. */
  expression: string;
  /** The value in the first item, as short text, so people recognise the field. */
  sample: string;
}

export interface DataSource {
  /** `input` for this step's own items, else the earlier step's id. */
  id: string;
  label: string;
  fields: DataField[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function access(base: string, key: string): string {
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function sampleText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The first item a step put out on `handle` (or on its first handle), from pinned data or the run. */
function firstItem(step: StepNode | undefined, detail: RunDetail | undefined, handle?: string): Record<string, unknown> | undefined {
  if (!step) return undefined;
  const outputs = step.data.pinnedOutput ?? detail?.nodes[step.id]?.outputPreview;
  if (!outputs) return undefined;
  const list = handle ? outputs[handle] : (outputs.main ?? Object.values(outputs).find((items) => items.length > 0));
  return list?.[0];
}

function fieldsOfItem(item: Record<string, unknown> | undefined, base: string): DataField[] {
  if (!item) return [];
  return Object.entries(item).map(([name, value]) => ({ name, expression: `{{ ${access(base, name)} }}`, sample: sampleText(value) }));
}

/**
 * What a setting that takes field names holds after a click on `name` in the data picker: the
 * name itself (a `{{ }}` reference there would give the field's value, not its name). One name
 * replaces what was there; a list gets it added after a comma, in double quotes when the name
 * has a comma or a quote of its own (the lists are read as CSV).
 */
export function withFieldName(current: string, name: string, kind: 'one' | 'list'): string {
  if (kind === 'one') return name;
  const quoted = /[",]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
  const before = current.trimEnd();
  if (before === '') return quoted;
  return `${before}${before.endsWith(',') ? ' ' : ', '}${quoted}`;
}

/** The Repeat until step whose group holds `nodeId`, if any. */
export function loopOf(nodeId: string, steps: StepNode[]): StepNode | undefined {
  return steps.find((s) => bodyOf(s.data)?.includes(nodeId));
}

/**
 * The sources for `nodeId`: its input first, then the steps before it, nearest first. A step of
 * a repeated group (Repeat until over steps on the canvas) runs in each round's own run, which
 * holds only the group: it refers to the group's steps alone, their data comes from `round` (the
 * last round's run), and the group's first step gets the round's items: what the last round was
 * given, else what came into the Repeat until step (the first round's items).
 */
export function dataSourcesFor(
  nodeId: string,
  steps: StepNode[],
  edges: StepEdge[],
  detail: RunDetail | undefined,
  round?: RunDetail,
): DataSource[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const loop = loopOf(nodeId, steps);
  if (!loop) return walkBack(nodeId, byId, edges, detail, []);
  const body = new Set(bodyOf(loop.data));
  const inner = edges.filter((e) => body.has(e.source) && body.has(e.target));
  if (inner.some((e) => e.target === nodeId)) return walkBack(nodeId, byId, inner, round, []);
  const start = round?.document.edges.find((e) => e.target === nodeId && !body.has(e.source));
  const given = start ? round?.nodes[start.source]?.outputPreview.main?.[0] : undefined;
  const first = edges.filter((e) => e.target === loop.id).map((e) => firstItem(byId.get(e.source), detail, e.sourceHandle ?? 'main'));
  const items = given ? [given] : first.filter((item) => item !== undefined);
  return walkBack(nodeId, byId, inner, round, items);
}

/** Input fields (from the connections in, and `given` items), then the steps before, breadth-first back along `edges`. */
function walkBack(
  nodeId: string,
  byId: Map<string, StepNode>,
  edges: StepEdge[],
  detail: RunDetail | undefined,
  given: Array<Record<string, unknown>>,
): DataSource[] {
  const incoming = edges.filter((e) => e.target === nodeId);
  if (incoming.length === 0 && given.length === 0) return [];

  const inputFields = new Map<string, DataField>();
  const items = [...incoming.map((edge) => firstItem(byId.get(edge.source), detail, edge.sourceHandle ?? 'main')), ...given];
  for (const item of items) {
    for (const f of fieldsOfItem(item, '$json')) {
      if (!inputFields.has(f.name)) inputFields.set(f.name, f);
    }
  }
  const sources: DataSource[] = [{ id: 'input', label: 'Items coming into this step', fields: [...inputFields.values()] }];

  // Breadth-first back along the connections: the nearest steps are the likeliest to be wanted.
  const into = new Map<string, StepEdge[]>();
  for (const edge of edges) into.set(edge.target, [...(into.get(edge.target) ?? []), edge]);
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of into.get(id) ?? []) {
        if (seen.has(edge.source)) continue;
        seen.add(edge.source);
        next.push(edge.source);
        const step = byId.get(edge.source);
        if (step)
          sources.push({
            id: step.id,
            label: step.data.name || step.id,
            fields: fieldsOfItem(firstItem(step, detail), `$node[${JSON.stringify(step.id)}].json`),
          });
      }
    }
    frontier = next;
  }
  return sources;
}

/**
 * What every step can read besides items: the variables (the workflow's over the instance's,
 * as `$vars` gives them) and the run's dates. Listed after the steps.
 */
export function runValueSources(variables: ReadonlyArray<{ name: string; value: string }>): DataSource[] {
  const vars = new Map(variables.map((v) => [v.name, v.value]));
  const sources: DataSource[] = [];
  if (vars.size > 0) {
    sources.push({
      id: '$vars',
      label: 'Variables',
      fields: [...vars].map(([name, value]) => ({ name, expression: `{{ ${access('$vars', name)} }}`, sample: sampleText(value) })),
    });
  }
  sources.push({
    id: '$run',
    label: 'This run',
    fields: [
      { name: 'start time', expression: '{{ $now }}', sample: 'when the run started' },
      { name: 'today', expression: '{{ $today.toISODate() }}', sample: 'the day it started' },
      { name: 'run id', expression: '{{ $run.id }}', sample: '' },
    ],
  });
  return sources;
}
