/**
 * Instance-wide settings (the Settings page): one zod schema per setting, its default and the
 * words the page shows. Stored one row per setting in the `settings` table (key = the name
 * below), so saving one setting never overwrites another saved at the same time elsewhere.
 * Pure: the page imports this file too.
 */
import { z } from 'zod';
import { normaliseHostPattern } from './hosts';
import { variableListSchema } from './variables';

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number.` })
    .int({ error: `${what} must be a whole number.` })
    .min(min, { error: `${what} must be at least ${min}.` })
    .max(max, { error: `${what} must be at most ${max.toLocaleString('en-US')}.` });

const hostEntry = z.string().transform((text, ctx) => {
  const result = normaliseHostPattern(text);
  if ('error' in result) {
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  }
  return result.host;
});

export const settingSchemas = {
  defaultRetries: whole('The number of extra tries', 0, 10),
  defaultTimeoutSeconds: whole('The time limit', 0, 86_400),
  workerConcurrency: whole('Runs at once', 1, 1000),
  browsersPerWorker: whole('Browsers at once', 1, 64),
  retentionDays: whole('The days to keep runs', 0, 36_500),
  retentionRunsPerWorkflow: whole('The runs to keep per workflow', 0, 1_000_000),
  shellEnabled: z.boolean({ error: 'Choose on or off.' }),
  codeMemoryLimitMb: whole('The memory limit of Code steps', 16, 4_096),
  stepOutputLimitMb: whole('The largest output of a step', 1, 4_096),
  allowedHosts: z
    .array(hostEntry, { error: 'Allowed hosts must be a list of host names.' })
    .max(500, { error: 'List at most 500 sites.' })
    // Duplicates would only clutter the list.
    .transform((hosts) => [...new Set(hosts)]),
  denyPrivateNetworks: z.boolean({ error: 'Choose on or off.' }),
  defaultSmtpCredentialId: z.string().trim().min(1).nullable(),
  variables: variableListSchema,
  /** Base of share, webhook and invite links; TASKMASTER_PUBLIC_URL wins when it is set. */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'The public address must start with http:// or https://, like https://tm.example.com.' })
    .transform((text) => text.replace(/\/+$/, ''))
    .nullable(),
  // Feature switches (./features.ts): on for a new instance.
  browserStepsEnabled: z.boolean({ error: 'Choose on or off.' }),
  codeStepsEnabled: z.boolean({ error: 'Choose on or off.' }),
  pluginsEnabled: z.boolean({ error: 'Choose on or off.' }),
  shareLinksEnabled: z.boolean({ error: 'Choose on or off.' }),
  publicApiEnabled: z.boolean({ error: 'Choose on or off.' }),
  templateSamplesEnabled: z.boolean({ error: 'Choose on or off.' }),
} satisfies Record<string, z.ZodType>;

export type SettingKey = keyof typeof settingSchemas;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const settingsSchema = z.object(settingSchemas);
export type Settings = z.output<typeof settingsSchema>;

/** A change from the page or the API: only the settings named change. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** Retention of a new instance: a month of history, and at most this many runs of one workflow. */
export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_RETENTION_RUNS = 10_000;
/** The largest output one step may make on a new instance (MB, as JSON). */
export const DEFAULT_STEP_OUTPUT_LIMIT_MB = 256;

/** What the defaults of the two per-worker limits come from: WORKER_CONCURRENCY and BROWSERS_PER_WORKER. */
export interface EnvironmentDefaults {
  workerConcurrency: number;
  browsersPerWorker: number;
}

/**
 * The value of every setting nobody saved. The two per-worker limits default to their
 * environment variables, so a setup that used them keeps working until someone saves a value.
 */
export function defaultSettings(env: EnvironmentDefaults = { workerConcurrency: 10, browsersPerWorker: 2 }): Settings {
  return {
    defaultRetries: 0,
    defaultTimeoutSeconds: 0,
    workerConcurrency: env.workerConcurrency,
    browsersPerWorker: env.browsersPerWorker,
    // Kept bounded from the first start: ~3 KB a run adds up to gigabytes a day under load.
    retentionDays: DEFAULT_RETENTION_DAYS,
    retentionRunsPerWorkflow: DEFAULT_RETENTION_RUNS,
    shellEnabled: false,
    codeMemoryLimitMb: 512,
    // Above what users' data needs (a 1,000,000-row CSV is ~150 MB as items), below what takes a worker down.
    stepOutputLimitMb: DEFAULT_STEP_OUTPUT_LIMIT_MB,
    allowedHosts: [],
    denyPrivateNetworks: false,
    defaultSmtpCredentialId: null,
    variables: [],
    publicUrl: null,
    browserStepsEnabled: true,
    codeStepsEnabled: true,
    pluginsEnabled: true,
    shareLinksEnabled: true,
    publicApiEnabled: true,
    templateSamplesEnabled: true,
  };
}

/**
 * Saved rows over the defaults. A row that no longer parses (written by another version) is
 * skipped, so one bad value can't take the others down; `invalid` names it.
 */
export function settingsFromRows(
  rows: ReadonlyArray<{ key: string; value: unknown }>,
  defaults: Settings,
): { settings: Settings; saved: SettingKey[]; invalid: SettingKey[] } {
  const settings: Record<string, unknown> = { ...defaults };
  const saved: SettingKey[] = [];
  const invalid: SettingKey[] = [];
  for (const row of rows) {
    if (!isSettingKey(row.key)) continue; // another feature's row, or one from a newer version
    const parsed = settingSchemas[row.key].safeParse(row.value);
    if (parsed.success) {
      settings[row.key] = parsed.data;
      saved.push(row.key);
    } else invalid.push(row.key);
  }
  return { settings: settings as Settings, saved, invalid };
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingSchemas, key);
}

/** The words the Settings page shows for each setting. */
export const SETTING_TEXT: Record<SettingKey, { label: string; help: string }> = {
  defaultRetries: {
    label: 'Try a failed step again',
    help: 'How many extra tries a step gets when it fails (0 to 10). A step whose own “Try again if it fails” is above 0 keeps its own number.',
  },
  defaultTimeoutSeconds: {
    label: 'Time limit per step (seconds)',
    help: 'A step that takes longer fails. 0 means no limit. A step with its own time limit keeps it. Wait steps count too, so leave room for them.',
  },
  workerConcurrency: {
    label: 'Runs at once per worker',
    help: 'How many runs one worker process works on at the same time. Takes effect when a worker starts: restart TaskMaster (or the worker) after changing it.',
  },
  browsersPerWorker: {
    label: 'Browsers at once per worker',
    help: 'How many browsers (Browser steps) one worker keeps open at the same time; further runs wait for one to close. Takes effect at once.',
  },
  retentionDays: {
    label: 'Keep runs for (days)',
    help: 'Finished runs older than this are deleted with their step results (30 on a new instance). 0 keeps them forever.',
  },
  retentionRunsPerWorkflow: {
    label: 'Keep at most this many runs per workflow',
    help: 'Only the newest runs of each workflow are kept; older finished runs are deleted (10,000 on a new instance). 0 keeps them all.',
  },
  shellEnabled: {
    label: 'Allow the “Run command” step',
    help: 'Lets workflows start programs on the computer TaskMaster runs on, as the user the TaskMaster server runs as, with its permissions. Only the owner can turn this on; only do it if you trust everyone who can edit workflows.',
  },
  codeMemoryLimitMb: {
    label: 'Most memory a Code step may use (MB)',
    help: 'A Code step that asks for more in its own form gets this much. Code that needs more is stopped with a plain message. 512 on a new instance.',
  },
  stepOutputLimitMb: {
    label: 'Largest output of a step (MB)',
    help: 'A step whose output (all its items, as JSON) is larger fails with a message naming the step and this limit, instead of filling the server’s memory. 256 on a new instance.',
  },
  allowedHosts: {
    label: 'Sites steps may call',
    help: 'One per line. When the list is empty, steps may call any address. “api.example.com” allows that host only; “*.example.com” allows example.com and every name ending in .example.com. Redirects, and the pages Browser steps open, are checked too.',
  },
  denyPrivateNetworks: {
    label: 'Block private and local addresses',
    help: 'Steps may not call this computer (localhost), the local network (like 10.x, 192.168.x) or cloud metadata addresses. Recommended when TaskMaster is hosted for others.',
  },
  defaultSmtpCredentialId: {
    label: 'Default mail server',
    help: 'Send email steps that name no mail server of their own use this saved mail server.',
  },
  publicUrl: {
    label: 'Public address',
    help: 'The address people and other services use to reach this TaskMaster, like https://tm.example.com (behind a reverse proxy: the proxy’s address). Share links, webhook addresses and invitation links start with it. Empty: the address your browser uses.',
  },
  variables: {
    label: 'Variables',
    help: 'One per line: name = value, like region = eu. Every workflow reads them as {{ $vars.region }}; a workflow’s own variable (in its Details) of the same name wins. Not for passwords: values show here, in exports and in outputs; save passwords under Credentials.',
  },
  browserStepsEnabled: {
    label: 'Browser steps',
    help: 'Steps that open web pages in Chromium (Open page, Click, Type, Extract…). Off: the catalogue and editor say so and runs of workflows that use them fail at once, naming the step.',
  },
  codeStepsEnabled: {
    label: 'Code steps',
    help: 'Steps that run JavaScript you write (Code). Off: the catalogue and editor say so and runs that use them fail at once, naming the step.',
  },
  pluginsEnabled: {
    label: 'Plugin steps',
    help: 'Steps that installed plugins bring. Off: plugins stay installed, but their steps are marked off and runs that use them fail at once, naming the step.',
  },
  shareLinksEnabled: {
    label: 'Share links',
    help: 'Read-only links to a workflow that anyone with the link can open. Off: no new links, and links already made show “Share links are turned off” until this is on again.',
  },
  publicApiEnabled: {
    label: 'REST API',
    help: 'The /api/v1 API that API keys (and the CLI’s remote mode) use. Off: every call is answered 403 with a message saying so; the web app keeps working.',
  },
  templateSamplesEnabled: {
    label: 'Templates’ sample data',
    help: 'Example files (orders, customers…) that built-in templates copy into the data folder. Off: workflows made from a template get no sample files; point their steps at your own.',
  },
};
