/**
 * The public REST API (/api/v1) with API keys, as a script uses it: plain HTTP requests (fetch,
 * as curl would send them) against a real server, database and worker. The OpenAPI document is
 * checked with a validator, and every endpoint's live answer against the document's schema.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setActive } from '../../server/auth/users-service';
import { waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { userAs } from '../helpers/auth';
import { startRestHarness, type RestHarness } from '../helpers/rest';

let h: RestHarness;

beforeAll(async () => {
  h = await startRestHarness();
});

afterAll(async () => {
  await h?.close();
});

function helloWorkflow(name = 'Hello') {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('set-fields', { fields: [{ name: 'greeting', value: 'hello {{ $json.who }}' }] }, { id: 's', name: 'Greet' }),
  );
  return wf.toDocument();
}

async function makeWorkflow(key: string, name: string): Promise<string> {
  const made = await h.call(key, 'POST', '/workflows', { document: helloWorkflow(name) });
  expect(made.status).toBe(201);
  return made.body.id;
}

describe('API keys on the REST API', () => {
  it('starts a run with a run-scoped key and reads its step outputs; the same key cannot save a workflow', async () => {
    const writer = await h.keyFor('editor', ['write']);
    const runner = await h.keyFor('editor', ['run']);
    const id = await makeWorkflow(writer, 'Greeter');

    const started = await h.call(runner, 'POST', `/workflows/${id}/runs`, { input: { who: 'curl' } });
    expect(started.status).toBe(201);
    const { runId } = started.body;
    expect(await waitForRun(h.ctx.sql, runId, 20_000)).toBe('succeeded');
    const run = await h.call(runner, 'GET', `/runs/${runId}`);
    expect(run.body).toMatchObject({ id: runId, status: 'succeeded', nodes: { s: { status: 'succeeded' } } });
    const output = await h.call(runner, 'GET', `/runs/${runId}/steps/s/output`);
    expect(output.body).toEqual({ items: [{ who: 'curl', greeting: 'hello curl' }], total: 1, capped: 0 });

    const wf = await h.call(runner, 'GET', `/workflows/${id}`);
    const save = await h.call(runner, 'PUT', `/workflows/${id}`, { document: wf.body.document });
    expect(save.status).toBe(403);
    expect(save.body.error).toMatchObject({ code: 'FORBIDDEN', path: null });
    expect(save.body.error.message).toMatch(/"write" scope/);
    expect((await h.call(runner, 'DELETE', `/workflows/${id}`)).status).toBe(403);
  });

  it('refuses a revoked key at once, an expired key, and the keys of a deactivated user with 401', async () => {
    const key = await h.keyFor('editor', ['read'], 'Revoker');
    expect((await h.call(key, 'GET', '/workflows')).status).toBe(200);
    await h.ctx.sql`update api_keys set revoked_at = now() where user_id = ${(await userAs(h.ctx, 'editor', 'Revoker')).id}`;
    const revoked = await h.call(key, 'GET', '/workflows');
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
    expect(revoked.body.error.code).toBe('UNAUTHORIZED');

    const short = await h.keyFor('editor', ['read'], 'Shortlived', new Date(Date.now() + 60_000));
    expect((await h.call(short, 'GET', '/workflows')).status).toBe(200);
    await h.ctx
      .sql`update api_keys set expires_at = now() - interval '1 second' where user_id = ${(await userAs(h.ctx, 'editor', 'Shortlived')).id}`;
    expect((await h.call(short, 'GET', '/workflows')).status).toBe(401);

    const leaver = await h.keyFor('editor', ['read'], 'Leaver');
    await setActive(h.ctx, (await userAs(h.ctx, 'owner')).principal, (await userAs(h.ctx, 'editor', 'Leaver')).id, false);
    expect((await h.call(leaver, 'GET', '/workflows')).status).toBe(401);
  });

  it("caps a key by its user's role: a viewer's write key cannot write", async () => {
    const viewer = await h.keyFor('viewer', ['read', 'run', 'write']);
    expect((await h.call(viewer, 'GET', '/workflows')).status).toBe(200);
    const made = await h.call(viewer, 'POST', '/workflows', { name: 'Not mine to make' });
    expect(made.status).toBe(403);
    expect(made.body.error.message).toMatch(/role \(viewer\)/);
  });

  it('answers mistakes with a 4xx and a plain message, never a 500', async () => {
    const key = await h.keyFor('owner', ['read', 'run', 'write']);
    const missing = await h.call(key, 'GET', '/workflows/wf_nope');
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'There is no workflow with the id "wf_nope".', path: null } },
    });
    const badLimit = await h.call(key, 'GET', '/runs?limit=5000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.path).toBe('query.limit');
    const badDoc = await h.call(key, 'POST', '/workflows', { document: { name: '' } });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body.error.path).toBe('body.document.name');
    const notJson = await fetch(`${h.base}/api/v1/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(`${h.base}/api/v1/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body: '{"name":"x"}',
    });
    expect(form.status).toBe(415);
    expect((await h.call(key, 'GET', '/nothing-here')).body.error.code).toBe('NOT_FOUND');
    expect((await h.call(key, 'PATCH', '/workflows')).status).toBe(405);
    expect((await h.call(key, 'GET', '/runs/run_nope')).status).toBe(404);
    expect((await h.call(key, 'GET', '/runs?status=sleeping')).status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served without a key', async () => {
    const res = await fetch(`${h.base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('matches the live answer of every endpoint', async () => {
    const doc = (await (await fetch(`${h.base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi');
    const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const checked = new Set<string>();
    async function check(
      method: string,
      template: string,
      path: string,
      body?: unknown,
      expected = method === 'POST' && !template.includes('/import') && !/activate|cancel/.test(template) ? 201 : 200,
    ) {
      const res = await h.call(key, method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(expected);
      const validate = ajv.getSchema(
        `openapi#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${expected}/content/${pointer('application/json')}/schema`,
      );
      expect(validate, `${method} ${template} is in the document`).toBeDefined();
      expect(validate!(res.body), `${method} ${template}: ${ajv.errorsText(validate!.errors)}`).toBe(true);
      checked.add(`${method.toLowerCase()} ${template}`);
      return res.body;
    }
    const key = await h.keyFor('owner', ['read', 'run', 'write'], 'Checker');

    await check('GET', '/me', '/me');
    // The check has teeth: an answer missing documented fields fails it.
    expect(
      ajv.getSchema(`openapi#/paths/${pointer('/me')}/get/responses/200/content/${pointer('application/json')}/schema`)!({ id: 'x' }),
    ).toBe(false);
    const { id } = await check('POST', '/workflows', '/workflows', { document: helloWorkflow('Documented') });
    await check('GET', '/workflows', '/workflows');
    const wf = await check('GET', '/workflows/{id}', `/workflows/${id}`);
    await check('PUT', '/workflows/{id}', `/workflows/${id}`, { document: { ...wf.document, description: 'changed' }, expectedVersion: 1 });
    const file = await check('GET', '/workflows/{id}/export', `/workflows/${id}/export?format=yaml`);
    const imported = await check('POST', '/workflows/import', '/workflows/import', { text: file.text });
    await check('POST', '/workflows/{id}/activate', `/workflows/${id}/activate`);
    await check('POST', '/workflows/{id}/deactivate', `/workflows/${id}/deactivate`);
    const { runId } = await check('POST', '/workflows/{id}/runs', `/workflows/${id}/runs`, { input: { who: 'the document' } });
    expect(await waitForRun(h.ctx.sql, runId, 20_000)).toBe('succeeded');
    await check('GET', '/runs', `/runs?workflowId=${id}&status=succeeded&status=failed&limit=10`);
    await check('GET', '/runs/{runId}', `/runs/${runId}`);
    await check('GET', '/runs/{runId}/steps/{nodeId}/output', `/runs/${runId}/steps/s/output?limit=5`);
    await check('POST', '/runs/{runId}/cancel', `/runs/${runId}/cancel`);
    const cred = await check('POST', '/credentials', '/credentials', {
      name: 'Service token',
      type: 'http-bearer',
      values: { token: 's3cret-value' },
    });
    await check('PATCH', '/credentials/{id}', `/credentials/${cred.id}`, { name: 'Renamed token' });
    const creds = await check('GET', '/credentials', '/credentials');
    expect(JSON.stringify(creds)).not.toContain('s3cret-value');
    await check('DELETE', '/credentials/{id}', `/credentials/${cred.id}`);
    await check('GET', '/templates', '/templates');
    await check('DELETE', '/workflows/{id}', `/workflows/${imported.id}`);

    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect([...checked].sort()).toEqual(documented.sort());
  });
});
