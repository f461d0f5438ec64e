/** HTTP Request, versions 3 and 4 (and the method and address of older versions). */
import type { NodeConverter, NodeScope } from '../scope';
import { flag, isExpression, isRecord, nameValueRows, number, record, text, type Params } from '../params';

interface Row {
  name: string;
  value: unknown;
}

/** Rows of a key/value list, or of JSON typed in n8n's "Using JSON" mode when it is plain JSON. */
function rows(scope: NodeScope, p: Params, what: 'Query' | 'Header', field: string): Row[] {
  const key = what === 'Query' ? 'queryParameters' : 'headerParameters';
  const specify = text(p, what === 'Query' ? 'specifyQuery' : 'specifyHeaders', 'keypair');
  if (specify === 'json') {
    const raw = p[what === 'Query' ? 'jsonQuery' : 'jsonHeaders'];
    if (typeof raw === 'string' && !isExpression(raw)) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (isRecord(parsed)) return Object.entries(parsed).map(([name, value]) => ({ name, value }));
      } catch {
        // reported below
      }
    }
    scope.notConverted(field, `${what.toLowerCase()} given as JSON with expressions; enter them as rows`);
    return [];
  }
  return nameValueRows(p, key).map((row, i) => ({ name: row.name, value: scope.value(row.value, `${field}.${i}.value`) }));
}

function body(scope: NodeScope, p: Params, method: string): { bodyType: string; body?: unknown } {
  if (!flag(p, 'sendBody', false)) return { bodyType: 'none' };
  if (method === 'GET' || method === 'HEAD') {
    scope.notConverted('body', `a ${method} request can't carry a body here; it was left out`);
    return { bodyType: 'none' };
  }
  const contentType = text(p, 'contentType', 'json');
  const specify = text(p, 'specifyBody', 'keypair');
  const fromRows = () =>
    Object.fromEntries(nameValueRows(p, 'bodyParameters').map((row) => [row.name, scope.value(row.value, `body.${row.name}`)]));
  switch (contentType) {
    case 'json':
      return specify === 'json'
        ? { bodyType: 'json', body: scope.value(p.jsonBody ?? '', 'body') }
        : { bodyType: 'json', body: fromRows() };
    case 'form-urlencoded':
      return specify === 'string' ? { bodyType: 'form', body: scope.value(p.body ?? '', 'body') } : { bodyType: 'form', body: fromRows() };
    case 'multipart-form-data':
      scope.notConverted('body', 'sent multipart form data (with files) in n8n; it is sent as plain form fields here, without files');
      return { bodyType: 'form', body: fromRows() };
    case 'raw':
      return { bodyType: 'raw', body: scope.value(p.body ?? '', 'body') };
    default:
      scope.notConverted('body', `sent ${contentType} in n8n, which TaskMaster can't send; the body was left out`);
      return { bodyType: 'none' };
  }
}

export const httpRequest: NodeConverter = (scope) => {
  const p = scope.params;
  const method = text(p, 'method', text(p, 'requestMethod', 'GET')).toUpperCase();
  const config: Record<string, unknown> = { method, url: scope.text(p.url ?? '', 'url') };
  const query = flag(p, 'sendQuery', false) ? rows(scope, p, 'Query', 'query') : [];
  const headers = flag(p, 'sendHeaders', false) ? rows(scope, p, 'Header', 'headers') : [];
  const sent = body(scope, p, method);
  if (sent.bodyType === 'raw' && p.rawContentType !== undefined) {
    headers.push({ name: 'content-type', value: scope.value(p.rawContentType, 'headers') });
  }
  if (query.length) config.query = query;
  if (headers.length) config.headers = headers;
  config.bodyType = sent.bodyType;
  if (sent.body !== undefined) config.body = sent.body;

  const auth = text(p, 'authentication', 'none');
  if (auth !== 'none') {
    const kind = text(p, 'genericAuthType', text(p, 'nodeCredentialType', auth));
    scope.notConverted('auth', `used the n8n credential "${kind}"; credentials are not imported. Fill in Authentication.`);
  }
  if (
    p.queryParametersUi !== undefined ||
    p.headerParametersUi !== undefined ||
    p.bodyParametersUi !== undefined ||
    p.jsonParameters !== undefined
  ) {
    scope.notConverted('parameters', 'this is an old version of the n8n HTTP Request step: only its method and address were imported');
  }

  const options = record(p, 'options');
  if (options.timeout !== undefined) config.timeoutMs = number(options, 'timeout', 30_000);
  const response = record(record(options, 'response'), 'response');
  const format = text(response, 'responseFormat', 'autodetect');
  if (format === 'json' || format === 'text') config.responseFormat = format;
  else if (format === 'file') scope.notConverted('options.response', 'saved the answer as a file in n8n; here it is read as text');
  if (flag(response, 'neverError', false)) config.failOnHttpError = false;
  if (flag(response, 'fullResponse', false))
    scope.review('options.response', 'n8n gave the full response; here every answer has status, headers and body');
  scope.ignoredOptions(options, ['timeout', 'response']);

  // n8n makes one item per entry when the answer is a list, and puts the answer's fields on the item.
  config.splitArray = true;
  scope.review(
    'answer',
    'when the answer is not a list, TaskMaster passes it on as { status, headers, body }: later steps read $json.body.x where n8n used $json.x',
  );
  return { type: 'http-request', config };
};
