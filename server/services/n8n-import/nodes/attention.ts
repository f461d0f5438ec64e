/**
 * Steps that can't work as they were: kept in place as a "Needs attention" step (or as their
 * TaskMaster step, when only a part is missing) that fails only its own branch, with a message
 * that says what to put in its place.
 */
import type { ConvertedNode, NodeScope } from '../scope';

/** The step becomes a "Needs attention" step; `why` says what it did and what to use instead. */
export function needsAttention(scope: NodeScope, why: string): ConvertedNode {
  const message = `"${scope.node.name}" ${why}.`;
  return { type: 'needs-attention', config: { original: scope.node.type, message }, attention: message };
}

/** What TaskMaster step to use in place of n8n steps people meet often that have no converter. */
const INSTEAD: Record<string, string> = {
  respondToWebhook: "the Webhook step's answer settings",
  emailSend: 'a "Send email" step',
  gmail: 'a "Send email" step with your mail server',
  postgres: 'a "Postgres query" step',
  executeCommand: 'a "Run shell command" step',
  readWriteFile: 'a "Load CSV", "Load JSON", "Save CSV" or "Save JSON" step',
  spreadsheetFile: 'a "Load CSV" or "Save CSV" step',
  convertToFile: 'a "Save CSV" or "Save JSON" step',
  extractFromFile: 'a "Load CSV" or "Load JSON" step',
  github: 'a "GitHub" step',
  openAi: 'an "OpenAI" step',
  slack: 'a "Send webhook" step posting to a Slack incoming webhook',
  discord: 'a "Send webhook" step posting to a Discord webhook',
  telegram: 'an "HTTP request" step to the Telegram Bot API',
  splitInBatches: 'a "Split into batches" step',
  dateTime: 'a "Set fields" step with date expressions',
  html: 'a "Code" step',
  xml: 'a "Code" step',
  crypto: 'a "Code" step',
  executeWorkflow: 'the steps of that workflow copied into this one',
};

/** Plain words for a step type there is no converter for, naming the TaskMaster step to use when there is one. */
export function unsupportedReason(n8nType: string): string {
  const name = n8nType.replace(/^n8n-nodes-base\./, '');
  if (n8nType.startsWith('@n8n/n8n-nodes-langchain.'))
    return `is an AI (LangChain) step of n8n ("${name}"); TaskMaster has no step like this: use an "OpenAI" step or an "HTTP request" step to your model`;
  if (/Trigger$/.test(name))
    return `is n8n's trigger "${name}", which TaskMaster has no trigger like; start the workflow with a Webhook, Schedule or Poll trigger instead`;
  const instead = INSTEAD[name];
  if (instead) return `is n8n's "${name}" step, which the import can't convert; use ${instead} in its place`;
  return `is n8n's "${name}" step; TaskMaster has no step like this: use an "HTTP request" step to the same service, or a "Code" step`;
}
