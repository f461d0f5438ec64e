/**
 * What a step's expression fields can refer to: the fields of the items coming into it
 * (`$json`) and of every step before it (`$node["id"].json`), taken from the last run or from
 * pinned output. Pure, so it is tested without a browser.
 */
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

/** The sources for `nodeId`: its input first, then the steps before it, nearest first. */
export function dataSourcesFor(nodeId: string, steps: StepNode[], edges: StepEdge[], detail: RunDetail | undefined): DataSource[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const incoming = edges.filter((e) => e.target === nodeId);
  if (incoming.length === 0) return [];

  const inputFields = new Map<string, DataField>();
  for (const edge of incoming) {
    for (const f of fieldsOfItem(firstItem(byId.get(edge.source), detail, edge.sourceHandle ?? 'main'), '$json')) {
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
