/**
 * Sends alerts where the rules say: the bell (in-app), e-mail through the default mail server
 * of Settings, a webhook POST through the guarded outbound connection (Settings' outbound rules
 * apply), and an "error workflow" started with the failed run's details. Every channel is tried;
 * each reports its own result in plain words (the "Send a test alert" button shows them).
 */
import nodemailer from 'nodemailer';
import type { Sql } from 'postgres';
import type { CredentialSource } from '../credentials/grant';
import { currentDocument } from '../db/alerts';
import { insertNotification } from '../db/notifications';
import { insertRun } from '../db/runs';
import type { AlertEvent } from './decide';
import type { AlertConfig } from '../../core/alert-rules';

export interface AlertDeps {
  sql: Sql;
  /** The guarded fetch (server/network/guarded-fetch.ts). */
  fetch: typeof fetch;
  credentials: CredentialSource;
  /** The default mail server chosen in Settings (a saved SMTP credential id), or null. */
  defaultSmtp(): string | null;
  log(message: string): void;
}

/** What an alert is about; the error workflow receives it as its input. */
export interface AlertSubject {
  workflowId: string | null;
  workflowName: string;
  runId: string | null;
  status: string;
  failedStep: { id: string; name: string } | null;
  error: string | null;
  /** The run's trigger input. */
  input: unknown;
}

export interface ChannelResult {
  channel: 'in-app' | 'email' | 'webhook' | 'error-workflow';
  ok: boolean;
  message: string;
}

const TIMEOUT_MS = 15_000;

async function sendEmail(deps: AlertDeps, to: string, events: AlertEvent[], subject: AlertSubject): Promise<string> {
  const id = deps.defaultSmtp();
  if (!id) throw new Error('No default mail server is chosen under Settings, so no e-mail can be sent.');
  const saved = await deps.credentials.load(id);
  if (!saved || saved.type !== 'smtp') throw new Error('The default mail server of Settings no longer exists; choose another.');
  const v = saved.values as { host: string; port: number; secure: boolean; user?: string; password?: string };
  const transporter = nodemailer.createTransport({
    host: v.host,
    port: v.port,
    secure: v.secure,
    auth: v.user ? { user: v.user, pass: v.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transporter.sendMail({
      from: v.user && v.user.includes('@') ? v.user : 'TaskMaster <taskmaster@localhost>',
      to,
      subject: events.length === 1 ? events[0].title : `${events.length} alerts for ${subject.workflowName}`,
      text: `${events.map((e) => `${e.title}\n${e.message}`).join('\n\n')}\n\nWorkflow: ${subject.workflowName}${subject.runId ? `\nRun: ${subject.runId}` : ''}\n`,
    });
  } finally {
    transporter.close();
  }
  return `E-mail sent to ${to}.`;
}

async function postWebhook(deps: AlertDeps, url: string, events: AlertEvent[], subject: AlertSubject): Promise<string> {
  const response = await deps.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ alerts: events, ...subject }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`The webhook answered ${response.status} ${response.statusText}.`);
  return `Posted to ${new URL(url).host} (answer ${response.status}).`;
}

async function startErrorWorkflow(deps: AlertDeps, workflowId: string, events: AlertEvent[], subject: AlertSubject): Promise<string> {
  const target = await currentDocument(deps.sql, workflowId);
  if (!target) throw new Error('The error workflow chosen for alerts no longer exists; choose another.');
  const runId = await insertRun(deps.sql, {
    workflowId,
    workflowVersion: target.version,
    document: target.document,
    triggerKind: 'error',
    triggerPayload: { ...subject, alerts: events },
  });
  return `Started “${target.document.name}” (run ${runId}).`;
}

export async function deliverAlerts(
  deps: AlertDeps,
  config: AlertConfig,
  events: AlertEvent[],
  subject: AlertSubject,
): Promise<ChannelResult[]> {
  if (events.length === 0) return [];
  const tries: Array<[ChannelResult['channel'], () => Promise<string>]> = [];
  if (config.inApp) {
    tries.push([
      'in-app',
      async () => {
        for (const e of events) {
          await insertNotification(deps.sql, {
            level: e.level,
            title: e.title,
            message: e.message,
            workflowId: subject.workflowId,
            runId: subject.runId,
            nodeId: subject.failedStep?.id ?? null,
          });
        }
        return 'Shown under the bell.';
      },
    ]);
  }
  if (config.emailTo) tries.push(['email', () => sendEmail(deps, config.emailTo, events, subject)]);
  if (config.webhookUrl) tries.push(['webhook', () => postWebhook(deps, config.webhookUrl, events, subject)]);
  // Only failures (and tests) start the error workflow: it is for handling errors.
  if (config.errorWorkflowId && events.some((e) => e.kind === 'failed' || e.kind === 'test')) {
    tries.push(['error-workflow', () => startErrorWorkflow(deps, config.errorWorkflowId, events, subject)]);
  }
  const results = await Promise.all(
    tries.map(async ([channel, send]): Promise<ChannelResult> => {
      try {
        return { channel, ok: true, message: await send() };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log(`alert by ${channel} for "${subject.workflowName}" failed: ${message}`);
        return { channel, ok: false, message };
      }
    }),
  );
  return results;
}
