/**
 * What every step of one run can see and use (execute-node.ts `NodeEnvironment`): the run and
 * workflow, upstream outputs, variables, sub-workflows, the network under the outbound rules,
 * credentials, browsers, and the Settings read live as each step starts.
 */
import type { HandleItems, NotificationEntry } from '../../nodes/types';
import type { WorkflowDocument } from '../../core/document';
import { variableScope } from '../../core/variables';
import type { RunBrowser } from '../browser/pool';
import { workflowZone } from '../config-zone';
import { insertNotification } from '../db/notifications';
import type { RunForExecution } from '../db/run-store';
import { resolveChecked } from '../network/connector';
import { defaultCredentialsOf, outboundRulesOf, outputLimitBytesOf, policyOf } from '../settings/runtime';
import type { SettingsReader } from '../settings/store';
import type { NodeEnvironment } from './execute-node';
import { callDepthOf, subflowAccess } from './subflows';
import type { RunDeps } from './execute-run';

export interface EnvParts {
  deps: RunDeps;
  settings: SettingsReader;
  runId: string;
  run: RunForExecution;
  doc: WorkflowDocument;
  upstream: ReadonlyMap<string, HandleItems>;
  signal: AbortSignal;
  browser: RunBrowser | undefined;
  /** Executes a child run (Run another workflow) inside this run's job. */
  runChild(childId: string): Promise<unknown>;
}

export function runEnvironment(parts: EnvParts): NodeEnvironment {
  const { deps, settings, runId, run } = parts;
  const { sql } = deps;
  return {
    run: { id: runId, workflowId: run.workflowId },
    workflow: run.workflow,
    zone: workflowZone(parts.doc),
    startedAt: run.startedAt.toISOString(),
    vars: variableScope(settings.current().variables, parts.doc.variables),
    subflowsFor: (nodeId: string) =>
      subflowAccess({
        sql,
        runId,
        nodeId,
        depth: callDepthOf(run.triggerKind, run.triggerPayload),
        // As stored (secrets still sealed): a round of a repeated group runs these steps.
        document: run.document,
        workflow: { id: run.workflowId, name: run.workflow.name },
        runChild: parts.runChild,
      }),
    trigger: { kind: run.triggerKind, payload: run.triggerPayload },
    upstream: parts.upstream,
    runSignal: parts.signal,
    fetch: deps.fetch,
    // Non-HTTP connections (mail, databases): checked against the rules as each one opens.
    resolveHost: (host: string) => resolveChecked(host, outboundRulesOf(settings.current())),
    dataDir: deps.dataDir,
    tempDir: deps.tempDir,
    browser: parts.browser,
    credentials: deps.credentials,
    // Read as each step starts: turning the shell step off in Settings stops the next one.
    get policy() {
      return policyOf(settings.current());
    },
    get defaultCredentials() {
      return defaultCredentialsOf(settings.current());
    },
    get outputLimitBytes() {
      return outputLimitBytesOf(settings.current());
    },
    notify: async (entry: NotificationEntry & { nodeId: string }) => {
      await insertNotification(sql, { ...entry, workflowId: run.workflowId, runId });
    },
  };
}
