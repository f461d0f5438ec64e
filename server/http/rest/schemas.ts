/**
 * The REST API's request and answer shapes, in zod: the handler parses requests with them and
 * the OpenAPI document is generated from them (server/http/rest/openapi.ts), so the two can't
 * drift apart. Answers are described as loose objects: the documented fields are always there,
 * new fields may be added without breaking clients. tests/integration/rest-api.test.ts checks
 * every live answer against these schemas as rendered in the document.
 */
import { z } from 'zod';
import { RUN_STATUSES } from '../../db/runs-list';
import { workflowDocumentSchema } from '../../../core/document';

const when = z.iso.datetime().meta({ description: 'ISO 8601 date and time (UTC).' });
const id = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .meta({ description: `The ${what}'s id.` });

export const WorkflowDocument = workflowDocumentSchema.meta({
  id: 'WorkflowDocument',
  description: 'A workflow: its steps (nodes), the connections between them (edges), notes and variables.',
});

export const Problem = z
  .looseObject({
    code: z.string(),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    field: z.string().optional(),
    line: z.number().optional(),
  })
  .meta({ id: 'Problem', description: 'Something to fix in a workflow, with where it is.' });

export const ApiError = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, …' }),
      message: z.string().meta({ description: 'What went wrong and what to do, in plain words.' }),
      path: z.string().nullable().meta({ description: 'The field the message is about (e.g. `body.document.name`), or null.' }),
    }),
  })
  .meta({ id: 'Error' });

export const Me = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['owner', 'admin', 'editor', 'viewer']),
    scopes: z.array(z.enum(['read', 'run', 'write'])),
  })
  .meta({ id: 'Me' });

export const WorkflowSummary = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    active: z.boolean(),
    currentVersion: z.number().int(),
    createdAt: when,
    updatedAt: when,
    lastRun: z.looseObject({ id: z.string(), status: z.string(), createdAt: when }).nullable(),
  })
  .meta({ id: 'WorkflowSummary' });

export const Workflow = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    active: z.boolean(),
    version: z.number().int(),
    document: z.looseObject({ name: z.string(), nodes: z.array(z.looseObject({ id: z.string(), type: z.string(), name: z.string() })) }),
    createdAt: when,
    updatedAt: when,
    problems: z.array(Problem),
  })
  .meta({ id: 'Workflow' });

export const Created = z.looseObject({ id: z.string(), version: z.number().int() }).meta({ id: 'Created' });
export const Saved = z.looseObject({ version: z.number().int(), problems: z.array(Problem) }).meta({ id: 'Saved' });
export const Deleted = z.looseObject({ deleted: z.literal(true) }).meta({ id: 'Deleted' });
export const ActiveState = z.looseObject({ active: z.boolean() }).meta({ id: 'ActiveState' });
export const Imported = z
  .looseObject({ imported: z.boolean(), id: z.string().nullable(), problems: z.array(Problem) })
  .meta({ id: 'Imported', description: '`imported: false` with the problems when the file was not imported.' });
export const Exported = z.looseObject({ fileName: z.string(), text: z.string() }).meta({ id: 'Exported' });

const runStatus = z.enum(RUN_STATUSES);
const runError = z.looseObject({ message: z.string().optional(), nodeId: z.string().nullable().optional() }).nullable();

export const RunListEntry = z
  .looseObject({
    id: z.string(),
    workflowId: z.string().nullable(),
    workflowName: z.string().nullable(),
    status: runStatus,
    triggerKind: z.string(),
    error: runError,
    createdAt: when,
    startedAt: when.nullable(),
    finishedAt: when.nullable(),
    durationMs: z.number().nullable(),
    warningCount: z.number().int().meta({ description: 'Step warnings in the run (a filter on a field no item has…); 0 for none.' }),
  })
  .meta({ id: 'RunListEntry' });

export const RunPage = z
  .looseObject({
    runs: z.array(RunListEntry),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  })
  .meta({ id: 'RunPage' });

const StepResult = z
  .looseObject({
    nodeId: z.string(),
    attempt: z.number().int(),
    status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']),
    inputCounts: z.record(z.string(), z.number()),
    outputCounts: z.record(z.string(), z.number()),
    outputPreview: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    outputPaged: z
      .boolean()
      .meta({ description: 'True when more items are stored than the preview holds: read them with the output endpoint.' }),
    error: z.looseObject({ message: z.string() }).nullable(),
    startedAt: when.nullable(),
    finishedAt: when.nullable(),
    durationMs: z.number().nullable(),
  })
  .meta({ id: 'StepResult' });

export const Run = z
  .looseObject({
    id: z.string(),
    workflowId: z.string().nullable(),
    workflowVersion: z.number().int().nullable(),
    status: runStatus,
    triggerKind: z.string(),
    error: runError,
    createdAt: when,
    startedAt: when.nullable(),
    finishedAt: when.nullable(),
    durationMs: z.number().nullable(),
    triggerPayload: z.unknown(),
    nodes: z.record(z.string(), StepResult).meta({ description: "Each step's latest attempt, by step (node) id." }),
  })
  .meta({ id: 'Run' });

export const RunStarted = z.looseObject({ runId: z.string() }).meta({ id: 'RunStarted' });
export const RunCancelled = z.looseObject({ status: runStatus }).meta({ id: 'RunCancelled' });
export const OutputPage = z
  .looseObject({
    items: z.array(z.record(z.string(), z.unknown())),
    total: z.number().int(),
    capped: z.number().int().meta({
      description:
        'Items of this page replaced by a note because they are too large to send (over 256 KB each, or past 4 MB a page); `taskmaster run-output` gives them whole.',
    }),
  })
  .meta({ id: 'OutputPage', description: "A page of one step output's items and how many there are in all." });

export const Credential = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    typeName: z.string(),
    secretsSet: z.array(z.string()).meta({ description: 'Secret fields that hold a value. Secret values are never sent back.' }),
    readable: z.boolean(),
    createdAt: when,
    updatedAt: when,
  })
  .meta({ id: 'Credential' });

export const CredentialSaved = z
  .looseObject({
    saved: z.boolean(),
    id: z.string().optional(),
    problems: z.array(z.looseObject({ field: z.string().optional(), message: z.string() })).optional(),
  })
  .meta({ id: 'CredentialSaved', description: '`saved: false` with the problems of the values given.' });

export const CredentialDeleted = z.looseObject({ deleted: z.literal(true) }).meta({ id: 'CredentialDeleted' });

export const Template = z
  .looseObject({ id: z.string(), name: z.string(), description: z.string(), category: z.string(), builtIn: z.boolean(), createdAt: when })
  .meta({ id: 'Template' });

// Requests.
export const workflowIdParams = z.object({ id: id('workflow') });
export const runIdParams = z.object({ runId: id('run') });
export const stepParams = z.object({ runId: id('run'), nodeId: id('step (node)') });
export const credentialIdParams = z.object({ id: id('credential') });

export const createWorkflowBody = z
  .object({ name: z.string().min(1).max(200).optional(), document: WorkflowDocument.optional() })
  .meta({ description: 'A whole document, or just a name for an empty workflow.' });
export const saveWorkflowBody = z.object({
  document: WorkflowDocument,
  expectedVersion: z
    .number()
    .int()
    .optional()
    .meta({ description: 'The version you changed: answered 409 when someone saved a newer one.' }),
});
export const importBody = z.object({
  text: z.string().max(50_000_000).meta({ description: 'A workflow file (JSON or YAML), as exported.' }),
  allowProblems: z.boolean().default(false),
  credentialMap: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: "The file's credential placeholders → ids of saved credentials." }),
});
export const exportQuery = z.object({ format: z.enum(['json', 'yaml']).default('json') });
export const startRunBody = z.object({
  input: z.unknown().optional().meta({ description: 'The trigger input (what a manual or webhook trigger passes on).' }),
  triggerNodeId: z.string().optional().meta({ description: 'Which trigger step to start from, when there are several.' }),
});
const listOf = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]));
export const runsQuery = z.object({
  status: listOf(runStatus).optional().meta({ description: 'Only runs with this status (repeat for several).' }),
  workflowId: z.string().min(1).max(100).optional(),
  triggerKind: z.string().min(1).max(40).optional(),
  from: when.optional().meta({ description: 'Runs created at or after this time.' }),
  to: when.optional().meta({ description: 'Runs created before this time.' }),
  inputContains: z.string().min(1).max(200).optional().meta({ description: 'Text the trigger input contains (case-insensitive).' }),
  sort: z.enum(['newest', 'oldest']).default('newest'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional().meta({ description: '`nextCursor` of the previous page.' }),
});
export const outputQuery = z.object({
  handle: z.string().min(1).max(100).default('main').meta({ description: 'Which output of the step (e.g. `main`, `true`, `false`).' }),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const createCredentialBody = z.object({
  name: z.string().max(200),
  type: z.string().min(1).max(100),
  values: z.record(z.string(), z.unknown()).meta({ description: 'Field values, secrets included (write-only: never sent back).' }),
});
export const updateCredentialBody = z.object({
  name: z.string().max(200).optional(),
  values: z.record(z.string(), z.unknown()).default({}).meta({ description: 'Fields to change; a secret left out keeps its saved value.' }),
  clear: z.array(z.string()).optional().meta({ description: 'Secret fields to empty.' }),
});
export const deleteCredentialQuery = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'Delete even when workflows use it.' }),
});
