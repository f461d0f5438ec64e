/** Which n8n step types can be imported, and as what. */
import type { NodeConverter } from './scope';
import { code } from './nodes/code';
import { ifNode, switchNode } from './nodes/conditions';
import { httpRequest } from './nodes/http-request';
import { merge } from './nodes/merge';
import { setFields } from './nodes/set';
import { noOp, wait } from './nodes/simple';
import { manualTrigger, scheduleTrigger, webhook } from './nodes/triggers';

export function converterFor(n8nType: string, timezone: string | undefined): NodeConverter | undefined {
  const name = n8nType.replace(/^n8n-nodes-base\./, '');
  switch (name) {
    case 'manualTrigger':
      return manualTrigger;
    case 'scheduleTrigger':
      return scheduleTrigger(timezone);
    case 'webhook':
      return webhook;
    case 'httpRequest':
      return httpRequest;
    case 'set':
      return setFields;
    case 'if':
      return ifNode;
    case 'switch':
      return switchNode;
    case 'merge':
      return merge;
    case 'code':
    case 'function':
    case 'functionItem':
      return code;
    case 'wait':
      return wait;
    case 'noOp':
      return noOp;
    default:
      return undefined;
  }
}

/** Plain words for why a step type was left out, for the types people meet most. */
export function leftOutReason(n8nType: string): string {
  const name = n8nType.replace(/^n8n-nodes-base\./, '');
  if (name === 'respondToWebhook') {
    return 'TaskMaster has no "Respond to Webhook" step: the webhook answers by itself (see its Answer setting)';
  }
  if (/Trigger$/.test(name)) return `the trigger "${name}" has no equivalent in TaskMaster`;
  if (n8nType.startsWith('@n8n/n8n-nodes-langchain.')) return 'AI (LangChain) steps have no equivalent in TaskMaster';
  return `TaskMaster has no step like n8n's "${name}"`;
}
