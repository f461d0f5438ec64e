/**
 * Workflow files of TaskMaster's first design: `triggers:` and `actions:` lists, snake_case
 * `type` names (`load_csv`, `drop_na`, `save_csv`), `depends_on:` lists and schedules written as
 * `schedule_str: "every 1 hour"`. They are converted to today's document (pure: data in, data
 * out) with a report of what changed, like n8n files. Problems carry the path of the part of the
 * file they are about, so the caller can give their line.
 */
import type { NodeDefinition } from '../../../nodes/types';
import { objectShape } from '../../../core/literal-fields';
import type { NodeTypeLookup } from '../../../core/validate';
import { scheduleFromText } from './schedule';

export type SourcePath = Array<string | number>;

export interface FirstDesignProblem {
  code: 'invalid-document';
  message: string;
  path: SourcePath;
}

export interface FirstDesignConversion {
  /** Today's document, not yet validated. */
  raw: Record<string, unknown>;
  /** Problems that stop the import. */
  problems: FirstDesignProblem[];
  /** What was converted how, and what was left out: the import report. */
  notes: string[];
  /** Where each step came from in the file (for line numbers). */
  sourceOf: Map<string, SourcePath>;
}

type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A file with `triggers:` or `actions:` lists and no `nodes:` is of the first design. */
export function looksLikeFirstDesign(raw: unknown): raw is Rec {
  return isRecord(raw) && !('nodes' in raw) && (Array.isArray(raw.actions) || Array.isArray(raw.triggers));
}

/** The first design's action types whose step has another name today. */
const TYPE_NAMES: Record<string, string> = {
  drop_na: 'drop-missing',
  dropna: 'drop-missing',
  drop_missing: 'drop-missing',
  drop_duplicates: 'remove-duplicates',
  dedupe: 'remove-duplicates',
  rename: 'rename-columns',
  http: 'http-request',
  http_get: 'http-request',
  log: 'log-message',
  python: 'code',
  javascript: 'code',
  email: 'send-email',
  webhook_call: 'send-webhook',
  // The names the first design's own examples use (TaskMasterPy's examples/*.yaml).
  console_notify: 'log-message',
  notify: 'log-message',
  call_api: 'http-request',
  api_call: 'http-request',
  webhook: 'send-webhook',
  fix_data_types: 'fix-types',
  fix_types: 'fix-types',
};

/** Actions that ran files of code we can't read or run (a Python script on the first design's disk). */
const NO_EQUIVALENT = new Set(['run_python', 'run_python_script', 'run_shell_script', 'run_script']);

/** First-design setting names (snake_case and pandas words) → today's, per step type. */
const SETTING_NAMES: Record<string, Record<string, string>> = {
  'load-csv': { file: 'path', file_path: 'path', filename: 'path', header: 'hasHeader', sep: 'delimiter' },
  'load-json': { file: 'path', file_path: 'path', filename: 'path' },
  'save-csv': { file: 'path', file_path: 'path', filename: 'path', output: 'path', sep: 'delimiter', if_exists: 'ifExists' },
  'save-json': { file: 'path', file_path: 'path', filename: 'path', output: 'path', if_exists: 'ifExists' },
  'drop-missing': { subset: 'columns', how: 'when' },
  'log-message': {},
  'http-request': { json: 'body', data: 'body', params: 'query' },
  'send-webhook': { payload: 'body', json: 'body' },
  aggregate: { group_by: 'groupBy' },
};

/** Settings that mean what TaskMaster does anyway: left out without a note that they changed anything. */
const SAME_AS_TODAY: Record<string, Record<string, readonly unknown[]>> = {
  'save-csv': { index: [false] },
  'save-json': { orient: ['records'], indent: [2, 4] },
  // Our HTTP step reads JSON and makes a top-level list one item per entry (a "dataframe").
  'http-request': { return_type: ['json', 'dataframe'] },
  aggregate: { reset_index: [true] },
};

/** Setting values renamed for today's step. */
const VALUE_NAMES: Record<string, Record<string, Record<string, string>>> = {
  'log-message': { level: { success: 'info', information: 'info', warning: 'warn', critical: 'error' } },
  normalize: { method: { minmax: 'minMax', min_max: 'minMax', zscore: 'zScore', z_score: 'zScore', standard: 'zScore' } },
};

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '\\t': 'tab', '|': 'pipe' };
const RESERVED = new Set(['id', 'name', 'type', 'depends_on', 'dependsOn', 'description', 'params', 'config', 'with']);

/** `${event.path}`, `{event_data.path}`, `${step.to_dict()}`: the first design's Python-side templates. */
const PYTHON_TEMPLATE = /\$\{[^}]*\}|\{(?:event|event_data|env|context)\b[^}]*\}/;

const AGGREGATIONS: Record<string, string> = {
  count: 'count',
  sum: 'sum',
  mean: 'mean',
  avg: 'mean',
  average: 'mean',
  min: 'min',
  max: 'max',
  median: 'median',
};

/** pandas' `{ column: ["sum", "mean"] }` as the Aggregate step's calculations. */
function calculationsOf(aggregations: Rec): Rec[] {
  const out: Rec[] = [];
  for (const [column, ops] of Object.entries(aggregations)) {
    for (const op of Array.isArray(ops) ? ops : [ops]) {
      const operation = AGGREGATIONS[text(op).toLowerCase()] ?? text(op).toLowerCase();
      out.push({ operation, field: column, outputName: `${column}_${operation}` });
    }
  }
  return out;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/** The settings of an action: its own keys and those under params/config/with, renamed for today's step. */
function settingsOf(action: Rec, type: string, def: NodeDefinition | undefined, label: string, notes: string[], check: string[]): Rec {
  const given: Rec = {};
  for (const [key, value] of Object.entries(action)) if (!RESERVED.has(key)) given[key] = value;
  for (const nested of ['params', 'config', 'with']) if (isRecord(action[nested])) Object.assign(given, action[nested]);
  const names = SETTING_NAMES[type] ?? {};
  const known = new Set(Object.keys((def && objectShape(def.config)) ?? {}));
  const config: Rec = {};
  for (const [key, value] of Object.entries(given)) {
    const name = names[key] ?? camel(key);
    if (value === null || value === undefined) continue;
    if (type === 'aggregate' && key === 'aggregations' && isRecord(value)) {
      config.calculations = calculationsOf(value);
      check.push(
        `${label}: its aggregations became ${(config.calculations as unknown[]).length} calculations; pandas names the result columns differently. Check the column names.`,
      );
      continue;
    }
    if (def && !known.has(name)) {
      notes.push(`${label}: the setting "${key}" has no equivalent and was left out.`);
      if (!(SAME_AS_TODAY[type]?.[key] ?? []).includes(value)) {
        check.push(`${label}: the setting "${key}" was left out; check the step does what the file meant.`);
      }
      continue;
    }
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    if (PYTHON_TEMPLATE.test(shown)) {
      check.push(`${label}: "${key}" holds a template of the first design (${shown.trim().slice(0, 60)}); write it as a {{ }} expression.`);
    }
    const renamed = typeof value === 'string' ? VALUE_NAMES[type]?.[name]?.[value.toLowerCase()] : undefined;
    // `headers: { Name: value }` is a list of name/value rows today.
    const rows =
      (name === 'headers' || name === 'query') && isRecord(value)
        ? Object.entries(value).map(([n, v]) => ({ name: n, value: text(v) }))
        : undefined;
    config[name] = name === 'delimiter' && typeof value === 'string' ? (DELIMITERS[value] ?? value) : (rows ?? renamed ?? value);
  }
  if (type === 'normalize' && config.columns === undefined) {
    check.push(`${label}: the first design normalized every numeric column; list the columns to normalize.`);
  }
  if (type === 'http-request' && config.body !== undefined && config.bodyType === undefined) config.bodyType = 'json';
  if (type === 'http-request' && typeof config.method === 'string') config.method = config.method.toUpperCase();
  if (type === 'load-csv' || type === 'load-json') config.source ??= /^https?:\/\//.test(text(config.path)) ? 'url' : 'file';
  if ((type === 'load-csv' || type === 'load-json') && config.source === 'url' && config.path !== undefined && config.url === undefined) {
    config.url = config.path;
    delete config.path;
  }
  return config;
}

interface Converted {
  nodes: Rec[];
  edges: Rec[];
}

function convertTriggers(
  raw: Rec,
  out: Converted,
  problems: FirstDesignProblem[],
  notes: string[],
  sourceOf: Map<string, SourcePath>,
): string[] {
  const triggers = Array.isArray(raw.triggers) ? raw.triggers : [];
  const ids: string[] = [];
  triggers.forEach((given: unknown, i) => {
    const path: SourcePath = ['triggers', i];
    if (!isRecord(given))
      return problems.push({ code: 'invalid-document', message: `Trigger ${i + 1} must be a mapping with a "type".`, path });
    // The first design's own files put a trigger's settings under `config:`.
    const trigger: Rec = isRecord(given.config) ? { ...given.config, ...given } : given;
    const at = (key: string): SourcePath => (key in given || !isRecord(given.config) ? [...path, key] : [...path, 'config', key]);
    const kind = text(trigger.type).toLowerCase();
    const id = `trigger_${i + 1}`;
    const scheduleText = text(trigger.schedule_str ?? trigger.schedule ?? trigger.cron ?? trigger.every);
    let node: Rec | null = null;
    if (kind === 'schedule' || kind === 'cron' || kind === 'interval' || kind === 'time' || (kind === '' && scheduleText)) {
      const every = kind === 'interval' && !scheduleText.startsWith('every') && scheduleText ? `every ${scheduleText}` : scheduleText;
      const parsed = scheduleFromText(every || 'every day', text(trigger.timezone) || 'UTC');
      const key = ['schedule_str', 'schedule', 'cron', 'every'].find((k) => k in trigger) ?? 'type';
      if ('problem' in parsed) return problems.push({ code: 'invalid-document', message: parsed.problem, path: at(key) });
      node = { type: 'schedule-trigger', name: text(trigger.name) || 'Schedule', config: parsed.config };
    } else if (kind === 'manual') node = { type: 'manual-trigger', name: text(trigger.name) || 'Manual start', config: {} };
    else if (kind === 'webhook')
      node = {
        type: 'webhook-trigger',
        name: text(trigger.name) || 'Webhook',
        config: { path: text(trigger.path) || slug(text(raw.name) || 'workflow') },
      };
    else if (kind === 'file' || kind === 'file_watch' || kind === 'file-watch') {
      node = { type: 'file-trigger', name: text(trigger.name) || 'New file', config: fileTriggerConfig(trigger, notes) };
    } else {
      return problems.push({
        code: 'invalid-document',
        message: `Trigger ${i + 1} has the type "${text(trigger.type)}", which is not known. Use schedule, manual, webhook or file.`,
        path: [...path, 'type'],
      });
    }
    out.nodes.push({ id, ...node, position: { x: 0, y: i * 140 } });
    sourceOf.set(id, path);
    ids.push(id);
  });
  if (triggers.length === 0) {
    out.nodes.push({ id: 'trigger_1', type: 'manual-trigger', name: 'Manual start', config: {}, position: { x: 0, y: 0 } });
    ids.push('trigger_1');
    notes.push('The file has no triggers: a "Manual start" step was added.');
  }
  return ids;
}

/** The first design's file watcher (`path`, `patterns`, `recursive`, `event_types`) as the file trigger's settings. */
function fileTriggerConfig(trigger: Rec, notes: string[]): Rec {
  const patterns = (Array.isArray(trigger.patterns) ? trigger.patterns : [trigger.pattern ?? trigger.patterns]).map(text).filter(Boolean);
  const deep = trigger.recursive === true ? '**/' : '';
  const names = patterns.length === 0 ? '*' : patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
  const config: Rec = {
    folder: text(trigger.folder ?? trigger.path),
    pattern: patterns.length === 0 && !deep ? '**/*' : `${deep}${names}`,
  };
  if (Array.isArray(trigger.event_types)) {
    const events = trigger.event_types.map((e) => text(e).toLowerCase());
    config.onCreated = events.includes('created');
    config.onChanged = events.includes('modified') || events.includes('changed');
    config.onDeleted = events.includes('deleted');
  }
  if (trigger.ignore_directories !== undefined)
    notes.push('The file trigger watches files only: "ignore_directories" is what it does anyway.');
  return config;
}

function dependsOn(action: Rec): unknown[] | null {
  const value = action.depends_on ?? action.dependsOn;
  if (value === undefined) return null;
  return Array.isArray(value) ? value : [value];
}

/** Converts a first-design file (see looksLikeFirstDesign) to today's document. */
export function convertFirstDesign(raw: Rec, lookup: NodeTypeLookup): FirstDesignConversion {
  const problems: FirstDesignProblem[] = [];
  const notes: string[] = [];
  const check: string[] = [];
  const sourceOf = new Map<string, SourcePath>();
  const out: Converted = { nodes: [], edges: [] };
  const triggerIds = convertTriggers(raw, out, problems, notes, sourceOf);
  const actions = Array.isArray(raw.actions) ? raw.actions : [];
  const ids = actions.map((a: unknown, i) => (isRecord(a) ? slug(text(a.id) || text(a.name)) : '') || `action_${i + 1}`);
  const seen = new Set<string>();
  const anyDepends = actions.some((a: unknown) => isRecord(a) && dependsOn(a) !== null);
  actions.forEach((action: unknown, i) => {
    const path: SourcePath = ['actions', i];
    if (!isRecord(action))
      return problems.push({ code: 'invalid-document', message: `Action ${i + 1} must be a mapping with a "type".`, path });
    const id = ids[i];
    if (seen.has(id))
      return problems.push({
        code: 'invalid-document',
        message: `Two actions have the id "${id}". Give each action its own id.`,
        path: [...path, 'id' in action ? 'id' : 'name'],
      });
    seen.add(id);
    const given = text(action.type);
    if (!given)
      return problems.push({
        code: 'invalid-document',
        message: `Action "${id}" has no "type" (like load_csv, drop_na or save_csv).`,
        path,
      });
    const wanted = TYPE_NAMES[given.toLowerCase()] ?? given.toLowerCase().replace(/_/g, '-');
    const def = NO_EQUIVALENT.has(given.toLowerCase()) ? undefined : lookup(wanted);
    const label = `Action "${id}" (${given})`;
    const name = text(action.name) || id;
    let node: Rec;
    if (def && def.category !== 'trigger') {
      node = { type: wanted, name, config: settingsOf(action, wanted, def, label, notes, check) };
      if (TYPE_NAMES[given.toLowerCase()]) notes.push(`${label} became the step "${def.displayName}".`);
      if (wanted === 'drop-missing') {
        // The first design read files with pandas, which reads "NA", "null", "N/A"… as missing.
        (node.config as Rec).naText ??= true;
        notes.push(
          `${label}: empty cells and the words pandas reads as missing ("NA", "N/A", "null", "NaN"…) count as missing, as in the first design.`,
        );
      }
    } else {
      const message = `"${name}" was the first design's "${given}" action, which TaskMaster has no step for. Replace it with a step that does the same.`;
      node = { type: 'needs-attention', name, config: { original: given, message } };
      notes.push(`${label}: no step does this; it became a "Needs attention" step. Check before use.`);
      check.push(`"${name}" needs attention: the first design's "${given}" action has no step here.`);
    }
    out.nodes.push({ id, ...node, position: { x: 300 * (i + 1), y: 0 } });
    sourceOf.set(id, path);
    // Without any depends_on the list reads as a sequence; with them, an action without one follows the triggers.
    const froms = anyDepends ? (dependsOn(action) ?? triggerIds) : i === 0 ? triggerIds : [ids[i - 1]];
    froms.forEach((from, k) => {
      const source = triggerIds.includes(text(from)) ? text(from) : slug(text(from));
      if (!triggerIds.includes(source) && !ids.includes(source)) {
        const at = Array.isArray(action.depends_on ?? action.dependsOn)
          ? [...path, 'depends_on' in action ? 'depends_on' : 'dependsOn', k]
          : [...path, 'depends_on'];
        return problems.push({
          code: 'invalid-document',
          message: `Action "${id}" depends on "${text(from)}", which is no action's id in this file.`,
          path: at,
        });
      }
      out.edges.push({ id: `e_${source}_${id}`, source, target: id });
    });
  });
  const name = text(raw.name) || 'Imported workflow';
  const document: Rec = { name, nodes: out.nodes, edges: out.edges };
  if (typeof raw.description === 'string') document.description = raw.description;
  if (check.length > 0) document.checkBeforeUse = check;
  notes.unshift(`Converted from the first design's workflow file (triggers and actions) to ${out.nodes.length} steps.`);
  return { raw: document, problems, notes, sourceOf };
}
