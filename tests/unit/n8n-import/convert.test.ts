/**
 * n8n exports (tests/fixtures/n8n/*.json, written from n8n's documented export format) and the
 * graph, expressions and report each must give (the matching *.expected.json).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getNodeType } from '../../../nodes';
import type { WorkflowDocument } from '../../../core/document';
import { validateGraph } from '../../../core/validate';
import { convertN8nWorkflow, N8nImportError, textLooksLikeN8nExport, type ImportReport } from '../../../server/services/n8n-import';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/n8n');
const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => f.replace(/\.json$/, ''));
const load = (name: string) => convertN8nWorkflow(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

function summary(document: WorkflowDocument, report: ImportReport) {
  const byId = new Map(document.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: document.nodes.map((n) => `${n.name} (${n.type}) at ${n.position.x},${n.position.y}${n.disabled ? ', turned off' : ''}`),
    edges: document.edges.map((e) => `${byId.get(e.source)}.${e.sourceHandle} > ${byId.get(e.target)}.${e.targetHandle}`),
    leftOut: report.leftOut.map((l) => l.node),
    needsAttention: report.needsAttention.map((l) => `${l.node} (${l.type})`),
    droppedConnections: report.droppedConnections.map((d) => `${d.from} > ${d.to}`),
    issues: report.issues.map((i) => `${i.severity}: ${i.node} / ${i.field}`),
    notes: report.notes,
    checkBeforeUse: report.checkBeforeUse,
  };
}

const nodeNamed = (doc: WorkflowDocument, name: string) => {
  const node = doc.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node;
};

describe('n8n import fixtures', () => {
  it('has at least four fixtures', () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of fixtureNames) {
    it(`converts ${name} into the expected steps, connections and report`, () => {
      const { document, report } = load(name);
      const expected: unknown = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.expected.json`), 'utf8'));
      if (process.env.WRITE_EXPECTED)
        writeFileSync(path.join(FIXTURES, `${name}.expected.json`), `${JSON.stringify(summary(document, report), null, 2)}\n`);
      expect(summary(document, report)).toEqual(expected);
      // What was imported is a valid graph our engine accepts.
      expect(validateGraph(document, getNodeType)).toEqual([]);
    });
  }

  it('gives the same ids when the same file is imported twice', () => {
    const a = load('merge-and-switch').document;
    const b = load('merge-and-switch').document;
    expect(b.nodes.map((n) => n.id)).toEqual(a.nodes.map((n) => n.id));
    expect(b.edges.map((e) => e.id)).toEqual(a.edges.map((e) => e.id));
    expect(new Set(a.nodes.map((n) => n.id)).size).toBe(a.nodes.length);
  });
});

describe('n8n import details', () => {
  it('rewrites =-expressions and references to other steps by id', () => {
    const { document } = load('webhook-order-routing');
    const webhook = nodeNamed(document, 'Order Webhook');
    const set = nodeNamed(document, 'Normalize Order');
    expect(set.config.fields).toEqual([
      { name: 'orderId', value: '{{ $json.body.id }}', type: 'text' },
      // The declared type is kept for expressions: n8n turns the total into a number.
      { name: 'amount', value: '{{ $json.body.total }}', type: 'number' },
      { name: 'customer.email', value: '{{ $json.body.email.toLowerCase() }}', type: 'text' },
      { name: 'source', value: 'shop', type: 'text' },
      { name: 'priority', value: 1, type: 'number' },
    ]);
    expect(set.config.keepOtherFields).toBe(true);
    const check = nodeNamed(document, 'Big Order?');
    expect(check.config).toEqual({
      conditions: [
        { left: `{{ $node["${webhook.id}"].json.body.total }}`, operator: 'gt', right: 100 },
        { left: '{{ $json.customer.email }}', operator: 'isNotEmpty', right: '' },
      ],
      combine: 'and',
      ignoreCase: false,
    });
  });

  it('maps the HTTP request settings and keeps retry and error settings', () => {
    const { document } = load('webhook-order-routing');
    const http = nodeNamed(document, 'Flag in CRM');
    expect(http.config).toMatchObject({
      method: 'POST',
      url: 'https://crm.example.com/api/orders/{{ $json.orderId }}/flag',
      query: [{ name: 'notify', value: 'true' }],
      headers: [{ name: 'X-Source', value: '{{ $json.source }}' }],
      bodyType: 'json',
      body: { order: '{{ $json.orderId }}', flaggedBy: 'n8n' },
      timeoutMs: 10000,
    });
    expect(http.settings).toMatchObject({ retries: 3, retryBackoffMs: 2000 });
    // The webhook answers with what fed the left-out "Respond to Webhook".
    expect(nodeNamed(document, 'Order Webhook').config).toMatchObject({
      path: 'orders/new',
      method: 'POST',
      respond: 'whenDone',
      responseNodeId: http.id,
    });
  });

  it('turns a JSON body with {{ }} into text our expressions fill in, and $itemIndex into $index', () => {
    const { document } = load('code-each-item');
    const save = nodeNamed(document, 'Save Contact');
    expect(save.config.body).toBe('{\n  "domain": "{{ $json.domain }}",\n  "index": {{ $index }}\n}');
    expect(save.settings.onError).toBe('errorOutput');
    expect(nodeNamed(document, 'Cool Down').config).toEqual({ amount: 48, unit: 'hours' });
  });

  it("keeps n8n code as written and runs it with n8n's { json } items", () => {
    const { document, report } = load('daily-api-digest');
    const code = nodeNamed(document, 'Build Digest');
    expect(code.config).toMatchObject({ mode: 'all', n8nItems: true });
    expect(code.config.code).toContain('$input.all()');
    expect(report.issues.filter((i) => i.node === 'Build Digest')).toEqual([]);
  });

  it('keeps each-item code and reports what the sandbox cannot reach', () => {
    const { document, report } = load('code-each-item');
    expect(nodeNamed(document, 'Add Domain').config).toMatchObject({ mode: 'each', n8nItems: true });
    expect(report.issues.find((i) => i.node === 'Add Domain' && i.severity === 'not-converted')?.reason).toContain('other steps');
  });

  it('converts schedule rules to our settings in the workflow time zone', () => {
    expect(nodeNamed(load('daily-api-digest').document, 'Every Morning').config).toEqual({
      mode: 'simple',
      every: 'day',
      time: '07:30',
      timezone: 'Europe/Paris',
    });
    expect(nodeNamed(load('code-each-item').document, 'Three Evenings').config).toEqual({
      mode: 'cron',
      cron: '0 18 * * 1,3,5',
      timezone: 'America/New_York',
    });
  });

  it('maps Merge by fields and Switch rules, with Switch outputs by position and a fallback', () => {
    const { document } = load('merge-and-switch');
    expect(nodeNamed(document, 'Merge').config).toEqual({
      mode: 'byKey',
      keyA: 'customerId',
      keyB: 'id',
      keepUnmatched: 'a',
      unmatchedLast: true,
      clash: 'preferB',
    });
    const sw = nodeNamed(document, 'By Status');
    expect(sw.config).toMatchObject({ fallback: true, ignoreCase: true, mode: 'first' });
    expect((sw.config.rules as Array<Record<string, unknown>>).map((r) => [r.outputName, r.field, r.operator, r.value])).toEqual([
      ['Paid', 'status', 'equals', 'paid'],
      ['', 'status', 'startsWith', 'refund'],
      ['', '', 'isTrue', ''],
    ]);
    const customers = nodeNamed(document, 'Customers');
    expect(nodeNamed(document, 'Thank Customer').config.fields).toEqual([
      { name: 'greeting', value: `Thanks {{ $node["${customers.id}"].json.name }} for order {{ $json.orderId }}`, type: 'text' },
    ]);
  });

  it('keeps sticky notes and pinned sample data', () => {
    const { document } = load('daily-api-digest');
    expect(document.notes).toEqual([
      expect.objectContaining({
        text: "## Morning digest\nFetches today's forecast and posts it.",
        position: { x: -40, y: -240 },
        width: 400,
        height: 200,
      }),
    ]);
    expect(nodeNamed(document, 'Get Forecast').pinnedOutput).toEqual({
      main: [
        { hour: 8, temperature: 14 },
        { hour: 12, temperature: 19 },
      ],
    });
  });

  it('reports expressions our engine refuses, with the reason', () => {
    const { report } = load('legacy-and-unsupported');
    const reasons = report.issues.filter((i) => i.node === 'Note').map((i) => i.reason);
    expect(reasons).toEqual([expect.stringContaining('unknown name "$env"'), expect.stringContaining('.toSnakeCase()')]);
  });

  it('escapes {{ in plain text so it is not read as an expression', () => {
    const raw = {
      nodes: [
        { name: 'Go', type: 'n8n-nodes-base.manualTrigger', position: [0, 0], parameters: {} },
        {
          name: 'Set',
          type: 'n8n-nodes-base.set',
          typeVersion: 3.4,
          position: [200, 0],
          parameters: { assignments: { assignments: [{ name: 'x', value: 'a {{ b }}', type: 'string' }] } },
        },
      ],
      connections: { Go: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    };
    const { document } = convertN8nWorkflow(raw);
    expect(document.nodes[1].config.fields).toEqual([{ name: 'x', value: 'a \\{{ b }}', type: 'text' }]);
  });

  it('refuses text that is not an n8n export with a plain message', () => {
    expect(() => convertN8nWorkflow('not json')).toThrow(N8nImportError);
    expect(() => convertN8nWorkflow('{"nodes": 5}')).toThrow(/not an n8n workflow file the import understands at "nodes"/);
  });

  it('tells n8n exports from TaskMaster files', () => {
    expect(textLooksLikeN8nExport(readFileSync(path.join(FIXTURES, 'merge-and-switch.json'), 'utf8'))).toBe(true);
    expect(textLooksLikeN8nExport(JSON.stringify({ name: 'x', nodes: [{ id: 'a', type: 'manual-trigger', name: 'A' }], edges: [] }))).toBe(
      false,
    );
    expect(textLooksLikeN8nExport('name: x\nnodes: []\n')).toBe(false);
  });
});

describe('"check before use" is stored with the workflow', () => {
  it('marks a workflow whose import changed results, naming each part, and leaves a faithful one unmarked', () => {
    for (const name of fixtureNames) {
      const { document, report } = load(name);
      if (!report.checkBeforeUse) {
        expect(document.checkBeforeUse).toBeUndefined();
        continue;
      }
      expect(document.checkBeforeUse?.length).toBeGreaterThan(0);
      for (const attention of report.needsAttention)
        expect(document.checkBeforeUse?.some((line) => line.startsWith(`"${attention.node}" needs attention`))).toBe(true);
    }
    expect(fixtureNames.some((name) => load(name).document.checkBeforeUse)).toBe(true);
  });
});
