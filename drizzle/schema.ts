/**
 * TaskMaster's tables. Migrations in drizzle/migrations are generated from this file with
 * `npm run db:generate` and applied automatically at start.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const workflows = pgTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(false),
    /** The newest version's number; the document itself lives in workflow_versions. */
    currentVersion: integer('current_version').notNull().default(1),
    /**
     * Who made it (server/auth/access.ts). Null: the instance's (workflows from before sign-in,
     * or whose maker was deleted); only owners and admins see those until they are shared.
     */
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('workflows_updated_idx').on(t.updatedAt.desc())],
);

/** Every save is a version; runs record the version they ran. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The whole WorkflowDocument (core/document.ts). */
    document: jsonb('document').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.version] })],
);

export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    /** Null for runs of a file (CLI `run <file>`) that is not saved as a workflow. */
    workflowId: text('workflow_id').references(() => workflows.id, { onDelete: 'cascade' }),
    workflowVersion: integer('workflow_version'),
    /** The document as it ran, so a run stays inspectable after later edits. */
    document: jsonb('document').notNull(),
    /** queued | running | succeeded | failed | cancelled */
    status: text('status').notNull().default('queued'),
    triggerKind: text('trigger_kind').notNull().default('manual'),
    /** Which trigger node fired (null: the first trigger). */
    triggerNodeId: text('trigger_node_id'),
    /** json, not jsonb: a webhook body's fields stay in the order they were sent. */
    triggerPayload: json('trigger_payload'),
    /** For "run from here": node results copied from an earlier run. */
    startNodeId: text('start_node_id'),
    sourceRunId: text('source_run_id'),
    error: jsonb('error'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /**
     * The process executing the run itself, without a queue job (a webhook or manual run taken
     * by the process that accepted it): the id of that process's row in worker_heartbeats. When
     * that process dies, the sweep that frees dead workers' jobs queues this run (worker-heartbeats.ts).
     */
    owner: text('owner'),
  },
  (t) => [
    // Keyset paging of the runs page: (created_at, id) is the page key, newest first, with or
    // without one equality filter (workflow, status, trigger kind) in front.
    index('runs_workflow_created_idx').on(t.workflowId, t.createdAt.desc(), t.id.desc()),
    index('runs_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('runs_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('runs_trigger_created_idx').on(t.triggerKind, t.createdAt.desc(), t.id.desc()),
    index('runs_status_idx').on(t.status).where(sql`status in ('queued','running')`),
    index('runs_owner_idx').on(t.owner).where(sql`owner is not null`),
    // "Input contains" (ILIKE '%…%'): a trigram index, created by migration 0012 only where
    // the pg_trgm extension can be installed (the embedded Postgres has it).
    index('runs_input_trgm_idx').using('gin', sql`(${t.triggerPayload}::text) gin_trgm_ops`),
    // The runs a step called (migration 0013): the inspector's links from a step to its child runs.
    index('runs_parent_run_idx').on(sql`((${t.triggerPayload}->'parent'->>'runId'))`).where(sql`trigger_kind = 'workflow'`),
  ],
);

/** One row per attempt of a node in a run. */
export const nodeRuns = pgTable(
  'node_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    attempt: integer('attempt').notNull().default(1),
    /** running | succeeded | failed | skipped | cancelled */
    status: text('status').notNull(),
    /** Item counts per input handle, e.g. {"main": 3}. Inputs are read from upstream outputs. */
    inputCounts: jsonb('input_counts').notNull().default({}),
    /** Item counts per output handle. */
    outputCounts: jsonb('output_counts').notNull().default({}),
    /** First items per output handle; the full lists are in node_output_pages when larger. */
    // json, not jsonb: jsonb sorts object keys (by length, then name), and people expect the
    // columns of an output in the order the step made them. It is also cheaper to write.
    outputPreview: json('output_preview').notNull().default({}),
    /** True when full output is in node_output_pages (too large for the preview). */
    outputPaged: boolean('output_paged').notNull().default(false),
    logs: jsonb('logs').notNull().default([]),
    error: jsonb('error'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    /** Fractional: most nodes take well under a millisecond. */
    durationMs: doublePrecision('duration_ms'),
    /** Things the step did that may not be what the user meant (e.g. a field no item has): [{ message }]. */
    warnings: jsonb('warnings').notNull().default([]),
  },
  (t) => [index('node_runs_run_idx').on(t.runId, t.nodeId, t.attempt)],
);

/**
 * Which attempt of a step started when, for steps still running: stored so a browser that opens
 * the run late sees "running", not "waiting" (the live event is sent once). A row stays after
 * its result is stored; the result's attempt says which is newer.
 */
export const nodeStarts = pgTable(
  'node_starts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.nodeId] })],
);

/**
 * Each item's result of a step that runs once per incoming item (Browser: open page, "for each
 * item"), stored as soon as the item is done, so a run resumed after a crash skips it.
 */
export const stepItemResults = pgTable(
  'step_item_results',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    itemIndex: integer('item_index').notNull(),
    result: jsonb('result').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.nodeId, t.itemIndex] })],
);

/** Full output of a node attempt, in pages of items, read page by page by the inspector. */
export const nodeOutputPages = pgTable(
  'node_output_pages',
  {
    nodeRunId: bigint('node_run_id', { mode: 'number' })
      .notNull()
      .references(() => nodeRuns.id, { onDelete: 'cascade' }),
    handle: text('handle').notNull(),
    page: integer('page').notNull(),
    /** json, not jsonb, to keep each item's field order (see output_preview). */
    items: json('items').notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeRunId, t.handle, t.page] })],
);

/** Liveness of worker processes, so a dead worker's runs are picked up by another. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  pid: integer('pid').notNull(),
  hostname: text('hostname').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  /** How often this worker beats: /api/health calls it dead after two missed beats. */
  heartbeatMs: integer('heartbeat_ms').notNull().default(5000),
});

/** Instance-wide key/value settings, changed live. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What an automatic trigger remembers between starts of the trigger host: a schedule's last
 * fire time, the entries an API poll has seen, the last row key of a table. Cleared when the
 * workflow is turned on, so events from while it was off are not replayed.
 */
export const triggerState = pgTable(
  'trigger_state',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    state: jsonb('state').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId] })],
);

/**
 * One row per schedule fire, inserted in the run's transaction: the key makes a second insert
 * of the same fire (another process, a restart) a no-op, so a fire never starts two runs.
 */
export const scheduleFires = pgTable(
  'schedule_fires',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    fireAt: timestamp('fire_at', { withTimezone: true, precision: 3 }).notNull(),
    runId: text('run_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId, t.fireAt] })],
);

/**
 * A browser profile: how the browser of the Browser nodes presents itself (user agent, window
 * size, language, time zone, proxy). Its cookies and logins live in the folder
 * `<data dir>/browser-profiles/<id>`, kept between runs. The proxy password is not stored here:
 * `proxyCredentialId` names the encrypted credential that holds it.
 */
export const browserProfiles = pgTable('browser_profiles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Empty: the browser's own. */
  userAgent: text('user_agent').notNull().default(''),
  viewportWidth: integer('viewport_width').notNull().default(1280),
  viewportHeight: integer('viewport_height').notNull().default(720),
  /** Like `en-US`; empty: the browser's own. */
  locale: text('locale').notNull().default(''),
  /** Like `Europe/Berlin`; empty: the computer's own. */
  timezone: text('timezone').notNull().default(''),
  /** Like `http://proxy.example.com:8080`; empty: no proxy. */
  proxyServer: text('proxy_server').notNull().default(''),
  proxyUser: text('proxy_user').notNull().default(''),
  proxyCredentialId: text('proxy_credential_id'),
  notes: text('notes').notNull().default(''),
  /** Who manages it and chooses who may use it (with admins); null: the instance's (admins only). */
  ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** People allowed to use a browser profile in their steps (its cookies, logins, proxy), besides its owner. */
export const browserProfileUsers = pgTable(
  'browser_profile_users',
  {
    profileId: text('profile_id')
      .notNull()
      .references(() => browserProfiles.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.userId] }), index('browser_profile_users_user_idx').on(t.userId)],
);

/**
 * Workflows to start from. Built-in ones are loaded from server/templates/builtin/<slug>.json at
 * start (id = the slug, updated in place); templates users save get a `tpl_` id.
 */
export const templates = pgTable('templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** A word to group the gallery by, like "Data" or "API". */
  category: text('category').notNull().default('Other'),
  /** A WorkflowDocument without pinned data or credential references. */
  document: jsonb('document').notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Read-only links to a workflow (/share/<token>). Turning a link off sets `revokedAt`; the row
 * stays so the page can say the link was turned off rather than that it never existed.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    token: text('token').primaryKey(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('share_links_workflow_idx').on(t.workflowId)],
);

/**
 * Saved credentials (nodes/credentials/<type>.ts). All values, secret or not, are one JSON
 * object encrypted with AES-256-GCM (server/credentials/crypto.ts): only name and type are
 * readable here. `key_id` names the encryption key, so a wrong key is told from damage.
 */
export const credentials = pgTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** A credential type id, like `http-bearer`. */
    type: text('type').notNull(),
    keyId: text('key_id').notNull(),
    /** Base64: the 12-byte IV, the 16-byte auth tag, the encrypted JSON. */
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    ciphertext: text('ciphertext').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastTestAt: timestamp('last_test_at', { withTimezone: true }),
    /** ok | failed */
    lastTestStatus: text('last_test_status'),
    /** What the test found or why it failed, in plain words (with secrets hidden). */
    lastTestMessage: text('last_test_message'),
    /** Who made it; null: the instance's (only owners and admins use it unless granted). */
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
  },
  // Names are how people pick credentials in forms and how exported workflows refer to them.
  (t) => [uniqueIndex('credentials_name_idx').on(sql`lower(${t.name})`)],
);

/**
 * "Share with": people who may open a workflow (`viewer`) or also change and run it (`editor`),
 * on top of its owner. Owners and admins reach every workflow without a row here.
 */
export const workflowShares = pgTable(
  'workflow_shares',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** editor | viewer */
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.userId] }), index('workflow_shares_user_idx').on(t.userId)],
);

/** People allowed to use a credential in their steps (never to read it), besides its owner. */
export const credentialGrants = pgTable(
  'credential_grants',
  {
    credentialId: text('credential_id')
      .notNull()
      .references(() => credentials.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.userId] }), index('credential_grants_user_idx').on(t.userId)],
);

/**
 * The audit log (Settings → Audit log): who did what to which thing, when. The actor's and the
 * target's names are copied in, so an entry still reads right after they are renamed or deleted.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Null for the system (a webhook or schedule run) or an unknown person (failed sign-in). */
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    /** A dotted verb like `workflow.save` or `auth.sign-in-failed` (server/audit/actions.ts). */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    targetName: text('target_name'),
    details: jsonb('details').notNull().default({}),
    ip: text('ip'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at.desc(), t.id.desc()),
    index('audit_log_actor_idx').on(t.actorId, t.at.desc()),
    index('audit_log_action_idx').on(t.action, t.at.desc()),
  ],
);

/** The in-app notification centre: entries posted by the Notify step and by the system. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    /** info | success | warning | error */
    level: text('level').notNull().default('info'),
    title: text('title').notNull(),
    message: text('message').notNull().default(''),
    workflowId: text('workflow_id').references(() => workflows.id, { onDelete: 'cascade' }),
    runId: text('run_id'),
    nodeId: text('node_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_created_idx').on(t.createdAt.desc())],
);

/**
 * "Track this value": a field of a step's first output item recorded at every run, charted on
 * the Results page. Kept apart from the workflow document so tracking changes no version.
 */
export const trackedFields = pgTable(
  'tracked_fields',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    /** A field name or dotted path in the step's first output item, like `price` or `stats.count`. */
    field: text('field').notNull(),
    /** Shown on the chart; empty: the step's name and the field. */
    label: text('label').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tracked_fields_step_field_idx').on(t.workflowId, t.nodeId, t.field)],
);

/** One recorded value per tracked field and run. */
export const trackedValues = pgTable(
  'tracked_values',
  {
    trackedId: text('tracked_id')
      .notNull()
      .references(() => trackedFields.id, { onDelete: 'cascade' }),
    runId: text('run_id').notNull(),
    value: doublePrecision('value').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.trackedId, t.runId] }), index('tracked_values_time_idx').on(t.trackedId, t.recordedAt)],
);

/**
 * Alert rules: one row per workflow that has its own, and the row `*` for the instance default
 * (core/alert-rules.ts describes the config).
 */
export const alertRules = pgTable('alert_rules', {
  /** A workflow id, or `*` for the default of every workflow without its own. */
  scope: text('scope').primaryKey(),
  config: jsonb('config').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * People who sign in (better-auth's `user` model, server/auth/better-auth.ts). `role` is one of
 * owner | admin | editor | viewer (core/roles.ts); a deactivated user keeps their
 * workflows but can't sign in, and their sessions are deleted when they are deactivated.
 */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: text('role').notNull().default('viewer'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Signed-in browsers (better-auth's `session` model); deleting a row signs that browser out. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('auth_sessions_token_idx').on(t.token), index('auth_sessions_user_idx').on(t.userId)],
);

/** How a user signs in (better-auth's `account` model): provider `credential` holds the scrypt hash. */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

/** better-auth's one-time values (`verification` model). */
export const authVerifications = pgTable('auth_verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The key better-auth signs session cookies with: one row, made at first use
 * (server/db/auth-secret.ts). It lives with the data, so a backup of the data folder restores it.
 */
export const authSecret = pgTable('auth_secret', {
  id: integer('id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Invitations: a link with a random token (only its SHA-256 is stored) that lets one person make
 * their account with the role chosen by the admin who invited them, until it expires or is used.
 */
export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('invites_token_idx').on(t.tokenHash)],
);

/**
 * API keys (issue 12): a person's keys for the REST API and the CLI's remote mode. Only the
 * SHA-256 of the key is stored (the key is 32 random bytes, so a fast hash is enough); `prefix`
 * is its first characters, shown so people can tell keys apart. A key acts as its user, capped by
 * its scopes (read, run, write) and by the user's current role; a deactivated user's keys stop.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);
