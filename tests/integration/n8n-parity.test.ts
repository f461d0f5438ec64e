/**
 * Hand-made n8n exports (tests/fixtures/n8n/parity/*.json, written from n8n's documentation) are
 * imported and run through the real engine, graphile-worker and Postgres; every node listed in
 * the matching *.expected.json must give exactly n8n's items on each of its outputs, types and
 * key presence included. The expected file is `{ "<n8n node name>": [[items of output 1], …] }`,
 * or `"skipped"` for a node that must not run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../../server/db/runs';
import { convertN8nWorkflow } from '../../server/services/n8n-import';
import { getRunResult } from '../../server/services/run-result';
import { startDocumentRun } from '../../server/services/runs';
import { type Harness, startHarness } from '../helpers/harness';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/n8n/parity');
const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => f.replace(/\.json$/, ''));

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness({ worker: { concurrency: 4 } });
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

type Expected = Record<string, Array<Array<Record<string, unknown>>> | 'skipped'>;

/** Imports and runs a parity fixture; returns each n8n node's items per n8n output, and the run. */
export async function runN8nFixture(name: string) {
  const { document, report } = convertN8nWorkflow(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
  const runId = await startDocumentRun(ctx, document, {});
  await waitForRun(ctx.sql, runId, 60_000);
  const result = (await getRunResult(ctx.sql, runId))!;
  const byName = new Map(report.nodes.map((n) => [n.name, n]));
  const outputsOf = (nodeName: string) => {
    const imported = byName.get(nodeName);
    if (!imported?.id) throw new Error(`"${nodeName}" was not imported`);
    const view = result.nodes[imported.id];
    if (!view || view.status === 'skipped') return 'skipped' as const;
    // An n8n output fed by several of ours (a Switch fallback into a rule's output) gets their items in order.
    return (imported.outputs ?? ['main']).map((handle, i) =>
      [handle, ...(imported.alsoOutputs?.[i] ?? [])].flatMap((h) => view.output[h] ?? []),
    );
  };
  return { result, report, outputsOf };
}

describe("a workflow with a step TaskMaster can't run", () => {
  it('still runs the rest: the "Needs attention" step and an If without conditions stop only their own branch', async () => {
    const { result, report } = await runN8nFixture('unsupported-step');
    expect(result.status).toBe('succeeded');
    expect(report.checkBeforeUse).toBe(true);
    expect(report.needsAttention.map((n) => [n.node, n.type])).toEqual([
      ['Tell Slack', 'needs-attention'],
      ['Check', 'if'],
    ]);
    const byName = Object.fromEntries(Object.values(result.nodes).map((n) => [n.name, n]));
    expect(byName['Tell Slack'].error?.message).toContain('"Tell Slack" is n8n\'s "slack" step');
    expect(byName['Check'].error?.message).toContain('Add at least one condition');
    expect(byName['Other'].status).toBe('succeeded');
  });
});

describe('a Merge with three or more inputs', () => {
  it('keeps every connection (Append and Choose branch take up to 10 inputs in n8n)', async () => {
    const { report, result } = await runN8nFixture('merge-many-inputs');
    expect(report.droppedConnections).toEqual([]);
    expect(report.issues).toEqual([]);
    expect(report.checkBeforeUse).toBe(false);
    expect(result.status).toBe('succeeded');
  });
});

describe("imported n8n workflows give n8n's answers", () => {
  it('has parity fixtures', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  for (const name of names) {
    it(`runs ${name} to n8n's items, node by node`, async () => {
      const expected = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
      const { result, outputsOf } = await runN8nFixture(name);
      const failures = Object.values(result.nodes)
        .filter((n) => n.status === 'failed')
        .map((n) => `${n.name}: ${n.error?.message}`);
      expect(failures).toEqual([]);
      for (const [nodeName, outputs] of Object.entries(expected)) {
        const all = outputsOf(nodeName);
        // Only n8n's outputs are compared (Filter's "discarded" output is ours alone unless n8n has it too).
        const actual = all === 'skipped' || outputs === 'skipped' ? all : all.slice(0, outputs.length);
        // toStrictEqual: "4" is not 4, and a key holding undefined is not a missing key.
        expect({ node: nodeName, outputs: actual }).toStrictEqual({ node: nodeName, outputs });
      }
    });
  }
});
