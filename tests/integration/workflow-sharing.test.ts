/**
 * Per-workflow rights (server/auth/access.ts): an editor reaches only workflows they own or that
 * are shared with them; a viewer opens what is shared with them, read-only; every read path
 * (list, get, runs, history, export, results, dashboard, runs page) filters, and an unshared id
 * answers 404 like a missing one.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { startWebServer, type WebServer } from '../../server/http/server';
import { listAudit } from '../../server/db/audit';
import { getWorkflow } from '../../server/db/workflows';
import { loadBuiltinTemplates } from '../../server/services/templates';
import { callerAs, cookieAs, userAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
});

afterAll(async () => {
  await t?.stop();
});

function doc(name: string) {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('set-fields', { fields: [{ name: 'greeting', value: 'hello' }] }, { id: 's', name: 'Greet' }),
  );
  return wf.toDocument();
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe('workflow ownership and sharing', () => {
  let ownerWf: string;
  let edWf: string;
  let ownerRun: string;

  beforeAll(async () => {
    const owner = await callerAs(ctx, 'owner');
    const ed = await callerAs(ctx, 'editor', 'Ed');
    ownerWf = (await owner.workflows.create({ document: doc('Payroll') })).id;
    edWf = (await ed.workflows.create({ document: doc('Ed’s own') })).id;
    ownerRun = (await owner.runs.start({ workflowId: ownerWf })).runId;
    await owner.results.track({ workflowId: ownerWf, nodeId: 's', field: 'greeting' });
  });

  it('an editor sees only their own workflow: list, get, runs, history, export, results, dashboard and runs page filter', async () => {
    const ed = await callerAs(ctx, 'editor', 'Ed');
    expect((await ed.workflows.list()).map((w) => w.id)).toEqual([edWf]);
    expect(await codeOf(ed.workflows.get({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.export({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.history({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.versions({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.triggerInfo({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.sharing({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.runs.list({ workflowId: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.runs.get({ runId: ownerRun }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.runs.outputPage({ runId: ownerRun, nodeId: 's' }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.runs.start({ workflowId: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.save({ id: ownerWf, document: doc('Mine now') }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.delete({ id: ownerWf }))).toBe('NOT_FOUND');
    expect(await codeOf(ed.workflows.duplicate({ id: ownerWf }))).toBe('NOT_FOUND');
    expect((await ed.runs.search({})).runs.map((r) => r.id)).not.toContain(ownerRun);
    expect(await ed.results.list({})).toEqual([]);
    const overview = await ed.dashboard.overview({ range: '24h' });
    expect(overview.buckets.reduce((n, b) => n + b.active + b.succeeded + b.failed + b.cancelled, 0)).toBe(0);
    expect(overview.workflows.map((w) => w.workflowId)).not.toContain(ownerWf);
    // The owner still sees everything.
    const owner = await callerAs(ctx, 'owner');
    expect((await owner.workflows.list()).map((w) => w.id).sort()).toEqual([ownerWf, edWf].sort());
    expect((await owner.runs.search({})).runs.map((r) => r.id)).toContain(ownerRun);
  });

  it('a download of an unshared run’s file answers 404 over HTTP', async () => {
    const web: WebServer = await startWebServer({ ctx, host: '127.0.0.1', port: 0, noUi: true });
    try {
      const cookie = await cookieAs(ctx, 'editor', 'Ed');
      const res = await fetch(`${web.url}/api/files/download?run=${ownerRun}&node=s`, { headers: { cookie } });
      expect(res.status).toBe(404);
    } finally {
      await web.close();
    }
  });

  it('shared as viewer: opens read-only, can’t save, run, delete or re-share (403)', async () => {
    const owner = await callerAs(ctx, 'owner');
    const ed = await userAs(ctx, 'editor', 'Ed');
    const val = await userAs(ctx, 'viewer', 'Val');
    await owner.workflows.setSharing({
      id: ownerWf,
      shares: [
        { userId: ed.id, role: 'viewer' },
        { userId: val.id, role: 'editor' },
      ],
    });
    const sharing = await owner.workflows.sharing({ id: ownerWf });
    // A person with the viewer role only ever views, whatever was chosen.
    expect(sharing.shares.map((s) => [s.name, s.role])).toEqual([
      ['Ed', 'viewer'],
      ['Val', 'viewer'],
    ]);

    const edApi = await callerAs(ctx, 'editor', 'Ed');
    const opened = await edApi.workflows.get({ id: ownerWf });
    expect(opened.canEdit).toBe(false);
    expect((await edApi.workflows.list()).find((w) => w.id === ownerWf)?.canEdit).toBe(false);
    expect((await edApi.runs.get({ runId: ownerRun })).id).toBe(ownerRun);
    expect((await edApi.workflows.export({ id: ownerWf })).text).toContain('Payroll');
    for (const attempt of [
      () => edApi.workflows.save({ id: ownerWf, document: doc('Changed') }),
      () => edApi.runs.start({ workflowId: ownerWf }),
      () => edApi.workflows.setActive({ id: ownerWf, active: true }),
      () => edApi.workflows.delete({ id: ownerWf }),
      () => edApi.runs.retry({ runId: ownerRun }),
      () => edApi.workflows.setSharing({ id: ownerWf, shares: [] }),
    ]) {
      expect(await codeOf(attempt())).toBe('FORBIDDEN');
    }
    const refused = await edApi.workflows.save({ id: ownerWf, document: doc('Changed') }).catch((e: TRPCError) => e.message);
    expect(refused).toBe('You can view this workflow; ask its owner to edit.');
    // The runs page marks runs of view-only workflows, so it offers no Run again / Stop / Delete for them.
    const edRuns = (await edApi.runs.search({})).runs;
    expect(edRuns.find((r) => r.id === ownerRun)?.canChange).toBe(false);
    const edOwnRun = (await edApi.runs.start({ workflowId: edWf })).runId;
    expect((await edApi.runs.search({})).runs.find((r) => r.id === edOwnRun)?.canChange).toBe(true);
    expect((await owner.runs.search({})).runs.find((r) => r.id === ownerRun)?.canChange).toBe(true);
    // Bulk actions skip runs the person can only view.
    expect((await edApi.runs.deleteMany({ runIds: [ownerRun] })).skipped).toEqual([
      { runId: ownerRun, reason: 'You can only view this run.' },
    ]);

    const valApi = await callerAs(ctx, 'viewer', 'Val');
    expect((await valApi.workflows.list()).map((w) => w.id)).toEqual([ownerWf]);
    expect((await valApi.workflows.get({ id: ownerWf })).canEdit).toBe(false);
    expect(await codeOf(valApi.workflows.get({ id: edWf }))).toBe('NOT_FOUND');
    expect(await codeOf(valApi.runs.start({ workflowId: ownerWf }))).toBe('FORBIDDEN');
    expect(await codeOf(valApi.workflows.save({ id: ownerWf, document: doc('x') }))).toBe('FORBIDDEN');
    expect((await valApi.runs.search({})).runs.map((r) => [r.id, r.canChange])).toEqual([[ownerRun, false]]);
  });

  it('shared as editor: saves and runs it, but only the owner or an admin changes the share list', async () => {
    const owner = await callerAs(ctx, 'owner');
    const eve = await userAs(ctx, 'editor', 'Eve');
    await owner.workflows.setSharing({ id: ownerWf, shares: [{ userId: eve.id, role: 'editor' }] });
    const eveApi = await callerAs(ctx, 'editor', 'Eve');
    const wf = await eveApi.workflows.get({ id: ownerWf });
    expect(wf.canEdit).toBe(true);
    expect((await eveApi.workflows.save({ id: ownerWf, document: doc('Payroll v2') })).version).toBe(wf.version + 1);
    expect((await eveApi.runs.start({ workflowId: ownerWf })).runId).toMatch(/./);
    expect(await codeOf(eveApi.workflows.setSharing({ id: ownerWf, shares: [] }))).toBe('FORBIDDEN');
    // Ed lost his view share when the list was replaced.
    expect(await codeOf((await callerAs(ctx, 'editor', 'Ed')).workflows.get({ id: ownerWf }))).toBe('NOT_FOUND');
  });

  it('a copy made by someone it is shared with to view holds neither the owner’s typed secrets nor their credentials', async () => {
    const owner = await callerAs(ctx, 'owner');
    const vic = await userAs(ctx, 'editor', 'Vic');
    const vicApi = await callerAs(ctx, 'editor', 'Vic');
    //  start ─► call (a secret typed into a header)
    const typed = new WorkflowBuilder('Payments');
    typed.connect(
      typed.add('manual-trigger', {}, { id: 't' }),
      typed.add(
        'http-request',
        { url: 'http://127.0.0.1:9/pay', headers: [{ name: 'X-Api-Key', value: 'owner-typed-key' }] },
        { id: 'call' },
      ),
    );
    const typedWf = (await owner.workflows.create({ document: typed.toDocument() })).id;
    //  start ─► call (the owner's saved credential)
    const made = await owner.credentials.create({ name: 'Bank API', type: 'http-bearer', values: { token: 'owner-token' } });
    if (!('id' in made)) throw new Error('the credential was not saved');
    const withCredential = new WorkflowBuilder('Bank');
    withCredential.connect(
      withCredential.add('manual-trigger', {}, { id: 't' }),
      withCredential.add('http-request', { url: 'http://127.0.0.1:9/bank', auth: 'credential', credential: made.id }, { id: 'call' }),
    );
    const credentialWf = (await owner.workflows.create({ document: withCredential.toDocument() })).id;
    for (const id of [typedWf, credentialWf]) await owner.workflows.setSharing({ id, shares: [{ userId: vic.id, role: 'viewer' }] });

    // The copy of the typed-secret workflow is Vic's, with the secret emptied: nothing to keep on save or run.
    const copy = (await vicApi.workflows.duplicate({ id: typedWf })).id;
    const stored = (await getWorkflow(ctx.db, copy))!.document;
    const header = (stored.nodes.find((n) => n.id === 'call')!.config as { headers: Array<{ value: unknown }> }).headers[0];
    expect(header.value).toBe('');
    // The credential workflow can't be copied by someone who may not use its credential.
    const refused = await vicApi.workflows.duplicate({ id: credentialWf }).catch((e: TRPCError) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
    expect((refused as TRPCError).message).toContain('"Bank API"');
    // The owner copies both whole.
    const ownCopy = (await owner.workflows.duplicate({ id: typedWf })).id;
    const own = (await getWorkflow(ctx.db, ownCopy))!.document;
    expect((own.nodes.find((n) => n.id === 'call')!.config as { headers: Array<{ value: unknown }> }).headers[0].value).not.toBe('');
    expect((await owner.workflows.duplicate({ id: credentialWf })).id).toMatch(/./);
  });

  it('a workflow made from a file or a template takes only credentials its maker may use', async () => {
    const owner = await callerAs(ctx, 'owner');
    await userAs(ctx, 'editor', 'Ivy');
    const ivy = await callerAs(ctx, 'editor', 'Ivy');
    const bank = await owner.credentials.create({ name: 'Vault API', type: 'http-bearer', values: { token: 'owner-token' } });
    const db = await owner.credentials.create({
      name: 'Database',
      type: 'postgres',
      values: { connectionString: 'postgres://127.0.0.1:9/x' },
    });
    if (!('id' in bank) || !('id' in db)) throw new Error('the credentials were not saved');
    //  start ─► call (the owner's credential, named by its id in the file)
    const wf = new WorkflowBuilder('Imported vault call');
    wf.connect(
      wf.add('manual-trigger', {}, { id: 't' }),
      wf.add('http-request', { url: 'http://127.0.0.1:9/x', auth: 'credential', credential: bank.id }, { id: 'call' }),
    );
    const text = JSON.stringify(wf.toDocument());
    const refused = await ivy.workflows.import({ text }).catch((e: TRPCError) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
    expect((refused as TRPCError).message).toContain('"Vault API"');
    // A template: the owner's credential is neither taken when chosen by id nor matched by name;
    // the steps wait for one of Ivy's own.
    await loadBuiltinTemplates(ctx);
    for (const credentials of [{ 'postgres:Database': db.id }, {}] as Array<Record<string, string>>) {
      const made = await ivy.templates.use({ id: 'webhook-to-database', credentials });
      expect(made.needsCredential.map((p) => p.credential.key)).toContain('postgres:Database');
      const steps = (await getWorkflow(ctx.db, made.id))!.document.nodes.filter((n) => n.type === 'postgres-query');
      expect(steps.map((n) => n.config.credential)).not.toContain(db.id);
    }
    // The owner may use both.
    expect((await owner.workflows.import({ text })).imported).toBe(true);
    expect((await owner.templates.use({ id: 'webhook-to-database', credentials: { 'postgres:Database': db.id } })).id).toMatch(/./);
  });

  it('the owner of a workflow shares it; the share is in the audit log', async () => {
    const ed = await callerAs(ctx, 'editor', 'Ed');
    const val = await userAs(ctx, 'viewer', 'Val');
    await ed.workflows.setSharing({ id: edWf, shares: [{ userId: val.id, role: 'viewer' }] });
    expect((await ed.workflows.sharing({ id: edWf })).canManage).toBe(true);
    const { entries } = await listAudit(ctx.sql, { action: 'workflow.share' });
    expect(entries[0]).toMatchObject({ actorName: 'Ed', targetId: edWf, targetName: 'Ed’s own' });
  });
});
