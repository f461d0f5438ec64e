/**
 * Every REST endpoint in the OpenAPI document answers 401 without an API key, every one that
 * changes something answers 403 to a viewer's key (whatever its scopes) and to a read-only key.
 * The paths come from the served document, so a new route is walked as soon as it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestHarness, type RestHarness } from '../helpers/rest';

/** Endpoints anyone may call: only the document itself. */
const OPEN = ['get /openapi.json'];

let h: RestHarness;
let operations: Array<{ method: string; path: string }>;

beforeAll(async () => {
  h = await startRestHarness({ worker: false });
  const doc = (await (await fetch(`${h.base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x_missing') })),
  );
});

afterAll(async () => {
  await h?.close();
});

/** A body the endpoint's schema accepts, so the answer is about rights, not input. */
const BODIES: Record<string, unknown> = {
  'POST /workflows': { name: 'Guard walk' },
  'POST /workflows/import': { text: '{}' },
  'PUT /workflows/x_missing': { document: { name: 'Guard walk' } },
  'POST /credentials': { name: 'x', type: 'http-bearer', values: { token: 't' } },
};

async function statusesFor(key: string | null, which: (method: string) => boolean): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { method, path } of operations) {
    if (!which(method)) continue;
    const res = await h.call(key, method, path, BODIES[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
    out[`${method} ${path}`] = res.status;
  }
  return out;
}

const only = (statuses: Record<string, number>, status: number) => Object.entries(statuses).filter(([, s]) => s !== status);

describe('the whole REST API', () => {
  it('has endpoints of every kind to walk (the walk sees the served document)', () => {
    expect(operations.length).toBeGreaterThan(15);
    expect(new Set(operations.map((o) => o.method))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
  });

  it('answers 401 without an API key, or with a wrong one, for every endpoint', async () => {
    expect(only(await statusesFor(null, () => true), 401)).toEqual([]);
    expect(only(await statusesFor('tm_not-a-real-key', () => true), 401)).toEqual([]);
  });

  it("answers 403 to a viewer's key for every change, whatever the key's scopes", async () => {
    const viewer = await h.keyFor('viewer', ['read', 'run', 'write']);
    expect(only(await statusesFor(viewer, (m) => m !== 'GET'), 403)).toEqual([]);
  });

  it("answers 403 to a read-only key for every change, even the owner's", async () => {
    const reader = await h.keyFor('owner', ['read']);
    expect(only(await statusesFor(reader, (m) => m !== 'GET'), 403)).toEqual([]);
    // Reads pass the guard (missing things are 404, not 401/403).
    const reads = await statusesFor(reader, (m) => m === 'GET');
    expect(Object.entries(reads).filter(([, s]) => s === 401 || s === 403)).toEqual([]);
  });

  it('keeps the document itself open', async () => {
    for (const open of OPEN) {
      const [method, path] = open.split(' ');
      expect((await h.call(null, method.toUpperCase(), path)).status).toBe(200);
    }
  });
});
