/**
 * The shape of an n8n workflow export (what "Download" in n8n writes), parsed where it enters.
 * Only what the import reads is described; everything else is kept and ignored.
 */
import { z } from 'zod';

const connectionTarget = z.object({
  node: z.string(),
  type: z.string().default('main'),
  index: z.number().int().min(0).default(0),
});
export type N8nConnectionTarget = z.infer<typeof connectionTarget>;

export const n8nNodeSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1),
    type: z.string().min(1),
    typeVersion: z.number().default(1),
    position: z.array(z.number()).default([0, 0]),
    parameters: z.record(z.string(), z.unknown()).default({}),
    disabled: z.boolean().optional(),
    notes: z.string().optional(),
    retryOnFail: z.boolean().optional(),
    maxTries: z.number().optional(),
    waitBetweenTries: z.number().optional(),
    onError: z.string().optional(),
    continueOnFail: z.boolean().optional(),
    alwaysOutputData: z.boolean().optional(),
    executeOnce: z.boolean().optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type N8nNode = z.infer<typeof n8nNodeSchema>;

/** `{ "<source name>": { "main": [ [targets of output 0], [targets of output 1] … ] } }`; empty outputs may be null. */
const connectionsSchema = z.record(z.string(), z.record(z.string(), z.array(z.array(connectionTarget).nullable())));
export type N8nConnections = z.infer<typeof connectionsSchema>;

export const n8nWorkflowSchema = z
  .object({
    name: z.string().optional(),
    nodes: z.array(n8nNodeSchema),
    connections: connectionsSchema.default({}),
    settings: z.object({ timezone: z.string().optional() }).passthrough().optional(),
    /** Sample output per node name, as [{ json: {...} }]. */
    pinData: z.record(z.string(), z.array(z.object({ json: z.record(z.string(), z.unknown()) }).passthrough())).optional(),
  })
  .passthrough();
export type N8nWorkflow = z.infer<typeof n8nWorkflowSchema>;
