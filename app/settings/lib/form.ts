/** The Settings form's values (text as typed) to and from the settings the API speaks. */
import type { SettingKey, Settings, SettingsPatch } from '@/core/settings-schema';
import { variablesFromText, variablesToText } from '@/core/variables';
import { FEATURE_KEYS, type FeatureKey } from '@/core/features';

export interface SettingsForm extends Record<FeatureKey, boolean> {
  defaultRetries: string;
  defaultTimeoutSeconds: string;
  workerConcurrency: string;
  browsersPerWorker: string;
  retentionDays: string;
  retentionRunsPerWorkflow: string;
  shellEnabled: boolean;
  codeMemoryLimitMb: string;
  stepOutputLimitMb: string;
  /** One host per line. */
  allowedHosts: string;
  denyPrivateNetworks: boolean;
  /** '' = none. */
  defaultSmtpCredentialId: string;
  /** One `name = value` a line. */
  variables: string;
  /** '' = none (the browser's address). */
  publicUrl: string;
}

export type NumberKey =
  | 'defaultRetries'
  | 'defaultTimeoutSeconds'
  | 'workerConcurrency'
  | 'browsersPerWorker'
  | 'retentionDays'
  | 'retentionRunsPerWorkflow'
  | 'codeMemoryLimitMb'
  | 'stepOutputLimitMb';
const NUMBER_KEYS: NumberKey[] = [
  'defaultRetries',
  'defaultTimeoutSeconds',
  'workerConcurrency',
  'browsersPerWorker',
  'retentionDays',
  'retentionRunsPerWorkflow',
  'codeMemoryLimitMb',
  'stepOutputLimitMb',
];

export function formOf(s: Settings): SettingsForm {
  return {
    defaultRetries: String(s.defaultRetries),
    defaultTimeoutSeconds: String(s.defaultTimeoutSeconds),
    workerConcurrency: String(s.workerConcurrency),
    browsersPerWorker: String(s.browsersPerWorker),
    retentionDays: String(s.retentionDays),
    retentionRunsPerWorkflow: String(s.retentionRunsPerWorkflow),
    shellEnabled: s.shellEnabled,
    codeMemoryLimitMb: String(s.codeMemoryLimitMb),
    stepOutputLimitMb: String(s.stepOutputLimitMb),
    allowedHosts: s.allowedHosts.join('\n'),
    denyPrivateNetworks: s.denyPrivateNetworks,
    defaultSmtpCredentialId: s.defaultSmtpCredentialId ?? '',
    variables: variablesToText(s.variables),
    publicUrl: s.publicUrl ?? '',
    ...(Object.fromEntries(FEATURE_KEYS.map((key) => [key, s[key]])) as Record<FeatureKey, boolean>),
  };
}

/** Hosts typed one per line (commas and spaces also separate them). */
export function hostList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
}

/** What differs from the saved settings: only those are sent, so nothing else is overwritten. */
export function patchOf(form: SettingsForm, saved: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of NUMBER_KEYS) {
    const text = form[key].trim();
    // Empty or not a number: sent as is, so the server answers with its plain message.
    const value = text === '' ? null : Number(text);
    if (value !== saved[key]) patch[key] = value;
  }
  if (form.shellEnabled !== saved.shellEnabled) patch.shellEnabled = form.shellEnabled;
  if (form.denyPrivateNetworks !== saved.denyPrivateNetworks) patch.denyPrivateNetworks = form.denyPrivateNetworks;
  const hosts = hostList(form.allowedHosts);
  if (hosts.join('\n') !== saved.allowedHosts.join('\n')) patch.allowedHosts = hosts;
  const smtp = form.defaultSmtpCredentialId || null;
  if (smtp !== saved.defaultSmtpCredentialId) patch.defaultSmtpCredentialId = smtp;
  const publicUrl = form.publicUrl.trim() || null;
  if (publicUrl !== saved.publicUrl) patch.publicUrl = publicUrl;
  for (const key of FEATURE_KEYS) if (form[key] !== saved[key]) patch[key] = form[key];
  const variables = variablesFromText(form.variables);
  if (JSON.stringify(variables) !== JSON.stringify(saved.variables)) patch.variables = variables;
  return patch as SettingsPatch;
}

/** The server names bad settings as `"allowedHosts.1": message; "defaultRetries": message`. */
export function problemsOf(message: string): Partial<Record<SettingKey, string>> {
  const found: Partial<Record<SettingKey, string>> = {};
  for (const part of message.split('; ')) {
    const match = /^"(\w+)(?:\.\w+)*": (.+)$/.exec(part);
    if (match) found[match[1] as SettingKey] ??= match[2];
  }
  return found;
}
