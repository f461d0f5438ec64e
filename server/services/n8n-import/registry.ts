/** Which n8n step types can be imported, and as what. */
import type { NodeConverter } from './scope';
import { code } from './nodes/code';
import { dateTime } from './nodes/date-time';
import { filterNode, ifNode, switchNode } from './nodes/conditions';
import { aggregate, itemLists, limit, removeDuplicates, renameKeys, sort, splitOut, stopAndError, summarize } from './nodes/items';
import { httpRequest } from './nodes/http-request';
import { merge } from './nodes/merge';
import { setFields } from './nodes/set';
import { noOp, wait } from './nodes/simple';
import { manualTrigger, scheduleTrigger, unsupportedTrigger, webhook } from './nodes/triggers';

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
    case 'filter':
      return filterNode;
    case 'sort':
      return sort;
    case 'limit':
      return limit;
    case 'removeDuplicates':
      return removeDuplicates;
    case 'splitOut':
      return splitOut;
    case 'aggregate':
      return aggregate;
    case 'summarize':
      return summarize;
    case 'itemLists':
      return itemLists;
    case 'renameKeys':
      return renameKeys;
    case 'stopAndError':
      return stopAndError;
    case 'dateTime':
      return dateTime(timezone);
    default:
      // A trigger TaskMaster lacks becomes a Manual start, so the rest of the workflow can run.
      return /Trigger$/.test(name) ? unsupportedTrigger : undefined;
  }
}

/** Steps left out on purpose (not kept as "Needs attention"): what they did is done elsewhere. */
export function leftOutReason(n8nType: string): string | undefined {
  if (n8nType.replace(/^n8n-nodes-base\./, '') === 'respondToWebhook') {
    return 'its answer is given by the Webhook step itself (see its Answer settings)';
  }
  return undefined;
}
