/**
 * Reading and changing the settings for the API. Values are checked twice: by the patch schema
 * (shape and limits) and here (a default mail server must be a saved mail server).
 */
import type { Sql } from 'postgres';
import { loadConfig } from '../config';
import { getCredentialRow } from '../db/credentials';
import { readSettingRows, writeSettingRows } from '../db/settings';
import { createConnector, type Connector } from '../network/connector';
import { outboundRulesOf } from './runtime';
import {
  defaultSettings,
  settingsFromRows,
  settingsPatchSchema,
  type SettingKey,
  type Settings,
  type SettingsPatch,
} from '../../core/settings-schema';

/** A value the user can correct; the API answers 400 with this message. */
export class SettingsInputError extends Error {
  constructor(
    message: string,
    readonly key: SettingKey,
  ) {
    super(message);
  }
}

export interface SettingsView {
  settings: Settings;
  /** What each setting is when nobody saved it. */
  defaults: Settings;
  /** The settings someone saved (the others are at their default). */
  saved: SettingKey[];
}

/** Defaults of this process: WORKER_CONCURRENCY and BROWSERS_PER_WORKER seed the per-worker limits. */
export function processDefaults(): Settings {
  return defaultSettings(loadConfig());
}

export async function readSettings(sql: Sql, defaults: Settings = processDefaults()): Promise<SettingsView> {
  const { settings, saved } = settingsFromRows(await readSettingRows(sql), defaults);
  return { settings, defaults, saved };
}

/** Saves the settings the patch names (the others stay as they are); every process sees them at once. */
export async function updateSettings(sql: Sql, patch: SettingsPatch, defaults: Settings = processDefaults()): Promise<SettingsView> {
  const values = settingsPatchSchema.parse(patch);
  const smtp = values.defaultSmtpCredentialId;
  if (smtp) {
    const row = await getCredentialRow(sql, smtp);
    if (!row)
      throw new SettingsInputError('The chosen default mail server no longer exists. Choose another one.', 'defaultSmtpCredentialId');
    if (row.type !== 'smtp')
      throw new SettingsInputError(
        `"${row.name}" is not a mail server (SMTP) credential. Choose a saved mail server.`,
        'defaultSmtpCredentialId',
      );
  }
  await writeSettingRows(sql, values);
  return readSettings(sql, defaults);
}

/** The guarded connector with the outbound rules as saved now, for what the API opens itself (a credential's Test). */
export async function outboundConnector(sql: Sql): Promise<Connector> {
  const rules = outboundRulesOf((await readSettings(sql)).settings);
  return createConnector(() => rules);
}
