/**
 * Which settings of a step changed between two versions, from what to what, in the form's words
 * ("Web address (URL): "https://a…" → "https://b…""): the History view lists them. Values are
 * cut short to stay readable, and secrets are never shown, only that they changed.
 */
import type { FieldMeta, NodeDefinition } from '../nodes/types';
import { stableJson } from '../nodes/lib/stable-json';
import type { NodeChange } from './diff';
import type { NodeSettings, WorkflowNode } from './document';
import { metaChain, objectShape } from './literal-fields';
import { replaceTypedSecrets } from './step-secrets';

export interface SettingChange {
  /** The setting as the form labels it. */
  setting: string;
  from: string;
  to: string;
}

/** Longest value shown; longer ones end in "…". */
export const MAX_VALUE_CHARS = 60;
const HIDDEN = '(hidden)';

const FAILURE_LABELS: Record<keyof NodeSettings, string> = {
  retries: 'Try again if it fails',
  retryBackoffMs: 'Wait before trying again',
  timeoutMs: 'Time limit',
  onError: 'If it still fails',
  onWarning: 'If it warns',
};
const ON_ERROR_WORDS: Record<string, string> = {
  stop: 'Stop the whole run',
  continue: 'Carry on',
  errorOutput: 'Send the items out of an "error" output',
};
const ON_WARNING_WORDS: Record<string, string> = {
  undefined: 'As the workflow says',
  continue: 'Go on, and mark the step',
  fail: 'Stop the run',
};

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
}

/** A value as a person reads it: text in quotes, on/off, option labels, short JSON for the rest. */
function shown(value: unknown, optionLabels?: Record<string, string>): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return optionLabels?.[value] ?? `"${cut(value)}"`;
  if (Array.isArray(value) && value.length === 0) return '(none)';
  return cut(JSON.stringify(value));
}

function seconds(ms: unknown): string {
  return typeof ms === 'number' ? (ms === 0 ? '0 (default)' : `${+(ms / 1000).toFixed(1)} s`) : shown(ms);
}

function configChanges(before: WorkflowNode, after: WorkflowNode, def: NodeDefinition | undefined): SettingChange[] {
  const shape = def ? (objectShape(def.config) ?? {}) : {};
  const keys = [...new Set([...Object.keys(shape), ...Object.keys(before.config), ...Object.keys(after.config)])];
  const changes: SettingChange[] = [];
  // Secrets typed into headers (Authorization, X-API-Key…) are shown as hidden inside their list.
  const shownBefore = def ? replaceTypedSecrets(def, before.config, () => HIDDEN) : before.config;
  const shownAfter = def ? replaceTypedSecrets(def, after.config, () => HIDDEN) : after.config;
  for (const key of keys) {
    const old = before.config[key];
    const now = after.config[key];
    if (stableJson(old) === stableJson(now)) continue;
    const field = shape[key];
    const hints: FieldMeta = field ? Object.assign({}, ...metaChain(field).reverse()) : {};
    const label = hints.label ?? key;
    // Secrets and the ids of saved credentials mean nothing to read; secrets must not be shown.
    if (hints.widget === 'secret' || hints.widget === 'credential') {
      changes.push({ setting: label, from: HIDDEN, to: hints.widget === 'secret' ? 'changed (hidden)' : 'another saved credential' });
      continue;
    }
    if (stableJson(shownBefore[key]) === stableJson(shownAfter[key])) {
      changes.push({ setting: label, from: HIDDEN, to: 'changed (hidden)' });
      continue;
    }
    changes.push({ setting: label, from: shown(shownBefore[key], hints.optionLabels), to: shown(shownAfter[key], hints.optionLabels) });
  }
  return changes;
}

function failureChanges(before: NodeSettings, after: NodeSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const key of Object.keys(FAILURE_LABELS) as Array<keyof NodeSettings>) {
    if (before[key] === after[key]) continue;
    const words = key === 'onError' ? ON_ERROR_WORDS : key === 'onWarning' ? ON_WARNING_WORDS : null;
    const format = (v: unknown) => (words ? (words[String(v)] ?? String(v)) : key === 'retries' ? shown(v) : seconds(v));
    changes.push({ setting: FAILURE_LABELS[key], from: format(before[key]), to: format(after[key]) });
  }
  return changes;
}

/** Every setting of a changed step that differs, with its old and new value; moves are left out. */
export function settingChanges(change: Pick<NodeChange, 'before' | 'after'>, def: NodeDefinition | undefined): SettingChange[] {
  const { before, after } = change;
  const changes: SettingChange[] = [];
  if (before.name !== after.name) changes.push({ setting: 'Step name', from: shown(before.name), to: shown(after.name) });
  if (before.type !== after.type) changes.push({ setting: 'Kind of step', from: before.type, to: after.type });
  changes.push(...configChanges(before, after, def));
  changes.push(...failureChanges(before.settings, after.settings));
  if ((before.notes ?? '') !== (after.notes ?? '')) changes.push({ setting: 'Notes', from: shown(before.notes), to: shown(after.notes) });
  if (Boolean(before.disabled) !== Boolean(after.disabled)) {
    changes.push({ setting: 'Turned', from: before.disabled ? 'off' : 'on', to: after.disabled ? 'off' : 'on' });
  }
  if (stableJson(before.pinnedOutput) !== stableJson(after.pinnedOutput)) {
    changes.push({ setting: 'Sample data', from: before.pinnedOutput ? 'pinned' : '(none)', to: after.pinnedOutput ? 'pinned' : '(none)' });
  }
  return changes;
}
