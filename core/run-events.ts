/**
 * Live run events, sent with Postgres NOTIFY on one channel and read with LISTEN by the web
 * server (tRPC subscription) and by workers (cancel requests). Payloads stay small: clients
 * fetch details through the API.
 */
import { z } from 'zod';

export const EVENTS_CHANNEL = 'taskmaster_events';

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('node'),
    runId: z.string(),
    nodeId: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']),
    attempt: z.number().int().optional(),
    outputCounts: z.record(z.string(), z.number()).optional(),
    durationMs: z.number().optional(),
  }),
  z.object({
    type: z.literal('run'),
    runId: z.string(),
    workflowId: z.string().nullable(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  }),
  z.object({ type: z.literal('cancel'), runId: z.string() }),
  // A new notification-centre entry (the bell); the client re-reads the list.
  z.object({ type: z.literal('notification'), id: z.string(), runId: z.string().nullable(), workflowId: z.string().nullable() }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** Parses a NOTIFY payload; returns null for anything malformed rather than throwing in a listener. */
export function parseRunEvent(payload: string): RunEvent | null {
  try {
    const result = runEventSchema.safeParse(JSON.parse(payload));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
