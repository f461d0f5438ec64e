/**
 * The workflow document: the one shape a graph has in the canvas, the database, exported
 * files (JSON or YAML) and the CLI. Versioned so old files can be migrated when it changes.
 */
import { z } from 'zod';
import { describeConfigIssue } from './config-issues';
import { variableListSchema } from './variables';

export const DOCUMENT_SCHEMA_VERSION = 1;

export const onErrorSchema = z.enum(['stop', 'continue', 'errorOutput']);
export type OnError = z.infer<typeof onErrorSchema>;

export const nodeSettingsSchema = z
  .object({
    /** Extra attempts after the first failure. */
    retries: z.number().int().min(0).max(10).default(0),
    /** Wait before the first retry; doubles each further retry. */
    retryBackoffMs: z.number().int().min(0).max(3_600_000).default(1000),
    /** 0 = no limit. */
    timeoutMs: z.number().int().min(0).max(86_400_000).default(0),
    /** stop: the run fails. continue: items pass on with an `error` field. errorOutput: items go out of the `error` handle. */
    onError: onErrorSchema.default('stop'),
    /** What a step warning does (a field no item has…): go on, or fail the run. Absent: the workflow's choice. */
    onWarning: z.enum(['continue', 'fail']).optional(),
  })
  .strict();
export type NodeSettings = z.infer<typeof nodeSettingsSchema>;

export const positionSchema = z.object({ x: z.number(), y: z.number() });

/** Ids that name a built-in property of every JavaScript object: results keyed by them would vanish. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "_" and "-" only')
  .refine((id) => !RESERVED_IDS.has(id), { error: (issue) => `"${String(issue.input)}" is a reserved word: choose another id.` });

export const workflowNodeSchema = z
  .object({
    id: idSchema,
    type: z.string().min(1),
    typeVersion: z.number().int().min(1).default(1),
    name: z.string().min(1).max(120),
    position: positionSchema.default({ x: 0, y: 0 }),
    config: z.record(z.string(), z.unknown()).default({}),
    settings: nodeSettingsSchema.default(() => nodeSettingsSchema.parse({})),
    notes: z.string().max(10_000).optional(),
    disabled: z.boolean().optional(),
    /** Sample output kept on the node so downstream nodes can be built without re-running it. */
    pinnedOutput: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  })
  .strict();
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowNodeInput = z.input<typeof workflowNodeSchema>;

export const workflowEdgeSchema = z
  .object({
    id: idSchema,
    source: idSchema,
    sourceHandle: z.string().min(1).default('main'),
    target: idSchema,
    targetHandle: z.string().min(1).default('main'),
  })
  .strict();
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;

export const stickyNoteSchema = z
  .object({
    id: idSchema,
    text: z.string().max(10_000),
    position: positionSchema,
    width: z.number().positive().default(220),
    height: z.number().positive().default(140),
  })
  .strict();

/** True for a time zone name the platform knows (Europe/Berlin, UTC). */
export function isTimeZoneName(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name !== '';
  } catch {
    return false;
  }
}

export const workflowSettingsSchema = z
  .object({
    /**
     * `node`: every node's result is committed before its successors start (survives crashes).
     * `end`: results are kept in memory and written when the run ends (faster, like n8n's default).
     */
    durability: z.enum(['node', 'end']).default('node'),
    /** `fail`: a step warning (a field no item has, a save skipped for want of items) fails the run. Absent: go on. */
    onWarning: z.enum(['continue', 'fail']).optional(),
    /**
     * The workflow's time zone (IANA name like Europe/Berlin), as n8n's workflow setting: `$now`,
     * `$today` and dates read without an offset in expressions and Code steps are in it. Absent:
     * the instance's (TASKMASTER_TIMEZONE, else UTC).
     */
    timezone: z
      .string()
      .trim()
      .max(64)
      .refine(isTimeZoneName, { message: 'This is not a time zone. Use a name like Europe/Berlin or UTC.' })
      .optional(),
  })
  .strict();

export const workflowDocumentSchema = z
  .object({
    schemaVersion: z.literal(DOCUMENT_SCHEMA_VERSION).default(DOCUMENT_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).default(''),
    nodes: z.array(workflowNodeSchema).default([]),
    /** Read as `$vars.name`; over the instance's variables of the same name (core/variables.ts). */
    variables: variableListSchema.optional(),
    edges: z.array(workflowEdgeSchema).default([]),
    notes: z.array(stickyNoteSchema).default([]),
    settings: workflowSettingsSchema.default(() => workflowSettingsSchema.parse({})),
    /**
     * "Check before use": an import (n8n, first design) dropped or could not convert parts that
     * may change results; each entry says what. The editor shows it until someone marks the
     * workflow as checked (a save without it).
     */
    checkBeforeUse: z.array(z.string().max(2000)).max(200).optional(),
  })
  .strict();
export type WorkflowDocument = z.infer<typeof workflowDocumentSchema>;
export type WorkflowDocumentInput = z.input<typeof workflowDocumentSchema>;

/** A problem found in a document, placed on a node or edge when it has one. */
export interface Problem {
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the node config, e.g. `url` or `fields.0.name`. */
  field?: string;
  code:
    | 'invalid-document'
    | 'unknown-node-type'
    /** Made by a newer version of its node type than this TaskMaster has. */
    | 'newer-node-version'
    | 'invalid-config'
    | 'missing-node'
    | 'missing-handle'
    | 'duplicate-id'
    | 'cycle'
    | 'no-trigger'
    | 'unreachable'
    | 'into-trigger'
    /** An imported step needs a saved credential this TaskMaster lacks (server/services/credential-placeholders.ts). */
    | 'missing-credential'
    /** An imported step names a browser profile this TaskMaster lacks (server/services/profile-placeholders.ts). */
    | 'missing-profile'
    /** An imported step had a secret typed into its form, which exports leave out (server/services/secret-placeholders.ts). */
    | 'missing-secret'
    /** Reads an instance variable (`$vars.x`) this instance does not have. */
    | 'missing-variable'
    /** A Browser step after the steps an Open page runs for each item: its pages are closed by then (core/each-item.ts). */
    | 'page-closed';
  message: string;
}

/** Turns zod issues on the raw document into problems with node/edge ids. */
export function documentIssuesToProblems(raw: unknown, issues: z.core.$ZodIssue[]): Problem[] {
  const rawObj = (raw && typeof raw === 'object' ? raw : {}) as { nodes?: unknown[]; edges?: unknown[] };
  return issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    const where = issue.path.join('.');
    if ((head === 'nodes' || head === 'edges') && typeof index === 'number') {
      const list = head === 'nodes' ? rawObj.nodes : rawObj.edges;
      const item = Array.isArray(list) ? (list[index] as { id?: unknown; name?: unknown } | undefined) : undefined;
      const id = typeof item?.id === 'string' ? item.id : undefined;
      const label = head === 'nodes' ? `Step ${JSON.stringify(item?.name ?? id ?? index)}` : `Connection ${id ?? index}`;
      const { message } = describeConfigIssue(head === 'nodes' ? workflowNodeSchema : workflowEdgeSchema, item, { ...issue, path: rest });
      return {
        ...(head === 'nodes' ? { nodeId: id } : { edgeId: id }),
        field: rest.length ? rest.join('.') : undefined,
        code: 'invalid-document' as const,
        message: `${label}: ${rest.length ? `"${rest.join('.')}" ` : ''}${message}`,
      };
    }
    const { message } = describeConfigIssue(workflowDocumentSchema, raw, issue);
    return { code: 'invalid-document' as const, message: where ? `"${where}": ${message}` : message };
  });
}
