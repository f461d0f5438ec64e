/**
 * The time zone a workflow's dates are in: its own (Details → Time zone), else the instance's,
 * TASKMASTER_TIMEZONE (like n8n's GENERIC_TIMEZONE), else UTC. UTC rather than the machine's zone
 * by default, so the same workflow gives the same dates on every machine.
 */
import { isTimeZoneName, type WorkflowDocument } from '../core/document';

export function instanceZone(): string {
  const zone = process.env.TASKMASTER_TIMEZONE?.trim();
  return zone && isTimeZoneName(zone) ? zone : 'UTC';
}

export function workflowZone(document: WorkflowDocument): string {
  return document.settings.timezone || instanceZone();
}
