/**
 * Alert rules: when to alert (a run fails, succeeds after failing, takes longer than N seconds,
 * a tracked value crosses a threshold) and how (in-app, e-mail, webhook POST, error workflow).
 * One config per workflow that has its own; the instance default (scope `*`) for the rest.
 */
import { z } from 'zod';

export const DEFAULT_SCOPE = '*';

const thresholdSchema = z.object({
  trackedId: z.string().min(1),
  above: z.number().nullable().default(null),
  below: z.number().nullable().default(null),
});

export const alertConfigSchema = z.object({
  /** Off: nothing is sent for this workflow (the default is not used either). */
  enabled: z.boolean().default(true),
  onFailure: z.boolean().default(true),
  onRecovery: z.boolean().default(false),
  /** Alert when a run takes longer than this many seconds (null: never). */
  slowerThanSeconds: z
    .number()
    .positive()
    .max(7 * 24 * 3600)
    .nullable()
    .default(null),
  thresholds: z.array(thresholdSchema).max(20).default([]),
  inApp: z.boolean().default(true),
  /** Comma-separated addresses; sent through the default mail server of Settings. */
  emailTo: z.string().trim().max(500).default(''),
  /** POSTed a JSON body through the guarded outbound connection (Settings' outbound rules apply). */
  webhookUrl: z.union([z.literal(''), z.url({ error: 'Enter a web address starting with http:// or https://.' })]).default(''),
  /** A workflow started with the failed run, its failed step, the error and the run's input. */
  errorWorkflowId: z.string().trim().max(100).default(''),
});
export type AlertConfig = z.output<typeof alertConfigSchema>;
export type AlertConfigInput = z.input<typeof alertConfigSchema>;

/** The instance default when nothing is saved: failures, in the app only. */
export const BUILT_IN_DEFAULT: AlertConfig = alertConfigSchema.parse({});

export function parseAlertConfig(raw: unknown): AlertConfig {
  const parsed = alertConfigSchema.safeParse(raw);
  return parsed.success ? parsed.data : BUILT_IN_DEFAULT;
}
