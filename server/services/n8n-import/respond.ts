/**
 * n8n's "Respond to Webhook" step is left out on import; what it answered becomes the Webhook
 * step's answer settings (status code, headers, body), so an imported workflow answers its
 * callers as it did in n8n.
 */
import { convertText, type StepNames } from './expressions';
import type { N8nNode } from './format';
import { isRecord, number, text } from './params';
import type { ImportReport } from './report';

/** The Webhook step's answer settings for one Respond to Webhook step. */
export interface AnswerSettings {
  responseCode: number;
  responseData: 'allItems' | 'firstItem' | 'noData' | 'text' | 'json';
  responseBody: string;
  responseHeaders: Array<{ name: string; value: string }>;
}

const BODY_KINDS: Record<string, AnswerSettings['responseData']> = {
  allIncomingItems: 'allItems',
  firstIncomingItem: 'firstItem',
  noData: 'noData',
  text: 'text',
  json: 'json',
};

function headersOf(options: Record<string, unknown>): AnswerSettings['responseHeaders'] {
  const headers = isRecord(options.responseHeaders) ? options.responseHeaders.entries : undefined;
  if (!Array.isArray(headers)) return [];
  return headers
    .filter(isRecord)
    .map((h) => ({ name: text(h, 'name'), value: text(h, 'value') }))
    .filter((h) => h.name !== '');
}

export function answerSettingsOf(node: N8nNode, report: ImportReport, steps: StepNames): AnswerSettings {
  const p = node.parameters ?? {};
  const options = isRecord(p.options) ? p.options : {};
  // n8n's default answer is the first incoming item.
  const respondWith = text(p, 'respondWith', 'firstIncomingItem');
  const settings: AnswerSettings = {
    responseCode: number(options, 'responseCode', 200),
    responseData: BODY_KINDS[respondWith] ?? 'allItems',
    responseBody: '',
    responseHeaders: headersOf(options),
  };
  if (!(respondWith in BODY_KINDS)) {
    report.issues.push({
      node: node.name,
      field: 'respondWith',
      severity: 'not-converted',
      reason: `answering with "${respondWith}" is not supported; the webhook answers with all items of the step before it instead`,
    });
  }
  if (settings.responseData === 'text' || settings.responseData === 'json') {
    const body = text(p, 'responseBody', settings.responseData === 'json' ? '{}' : '');
    if (body.startsWith('=')) {
      // An answer built by an expression: the webhook works it out with the first item of the step before it, as n8n does.
      settings.responseBody = convertText(body, steps, (reason, severity) =>
        report.issues.push({ node: node.name, field: 'responseBody', severity, reason }),
      );
    } else if (settings.responseData === 'json' && !isJson(body)) {
      report.issues.push({
        node: node.name,
        field: 'responseBody',
        severity: 'not-converted',
        reason: 'the JSON answer is not valid JSON; the webhook answers with the first item instead',
      });
      settings.responseData = 'firstItem';
    } else {
      settings.responseBody = convertText(body, steps, () => {});
    }
  }
  return settings;
}

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
