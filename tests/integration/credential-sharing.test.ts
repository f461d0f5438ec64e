/**
 * Per-credential rights: an editor lists, picks and runs only credentials they own or are
 * allowed to use; a run of a workflow whose owner may not use a step's credential fails with a
 * plain message and sends nothing; every run that opened a credential is in the audit log.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../server/credentials/crypto';
import { fixedKeyStore } from '../../server/credentials/keys';
import { listAudit } from '../../server/db/audit';
import { getRun, waitForRun } from '../../server/db/runs';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { callerAs, userAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';
import { startRecorder } from '../helpers/http-recorder';

const keys = fixedKeyStore(generateKey());
let t: Harness;
let ctx: Harness['ctx'];
let echo: Awaited<ReturnType<typeof startRecorder>>;
const heard: string[] = [];

beforeAll(async () => {
  t = await startHarness({ keys, worker: { concurrency: 2, log: () => {} } });
  ctx = t.ctx;
  echo = await startRecorder((req) => {
    heard.push(String(req.headers.authorization ?? ''));
    return { body: { ok: true } };
  });
});

afterAll(async () => {
  await echo?.close();
  await t?.stop();
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'OK', message: '' }),
    (e: unknown) => (e instanceof TRPCError ? { code: e.code, message: e.message } : { code: String(e), message: '' }),
  );

function callApi(credentialId: string, name = 'Call the shop') {
  const wf = new WorkflowBuilder(name);
  wf.connect(
    wf.add('manual-trigger', {}, { id: 't', name: 'Start' }),
    wf.add('http-request', { url: `${echo.url}/orders`, auth: 'credential', credential: credentialId }, { id: 'h', name: 'Fetch orders' }),
  );
  return wf.toDocument();
}

describe('credential permissions', () => {
  let shopId: string;

  beforeAll(async () => {
    const owner = await callerAs(ctx, 'owner');
    const made = await owner.credentials.create({ name: 'Shop API', type: 'http-bearer', values: { token: 'owner-token' } });
    if (!made.saved) throw new Error('not saved');
    shopId = made.id;
  });

  it('an editor neither lists, opens nor picks a credential that isn’t theirs', async () => {
    const ed = await callerAs(ctx, 'editor', 'Ed');
    expect(await ed.credentials.list()).toEqual([]);
    expect((await errorOf(ed.credentials.get({ id: shopId }))).code).toBe('NOT_FOUND');
    expect((await errorOf(ed.credentials.usage({ id: shopId }))).code).toBe('NOT_FOUND');
    const refused = await errorOf(ed.workflows.create({ document: callApi(shopId) }));
    expect(refused).toEqual({
      code: 'FORBIDDEN',
      message:
        'You may not use the saved credential "Shop API". Ask its owner to allow you on the Credentials page, or choose one of your own.',
    });
    const mine = await ed.credentials.create({ name: 'Ed’s API', type: 'http-bearer', values: { token: 'ed-token' } });
    expect((await ed.credentials.list()).map((c) => c.name)).toEqual(['Ed’s API']);
    expect((await (await callerAs(ctx, 'owner')).credentials.list()).map((c) => c.name).sort()).toEqual(['Ed’s API', 'Shop API']);
    expect(mine.saved).toBe(true);
  });

  it('a run of a workflow whose owner may not use the credential fails in plain words and sends nothing', async () => {
    const ed = await callerAs(ctx, 'editor', 'Ed');
    const owner = await callerAs(ctx, 'owner');
    // Ed's workflow; an admin (who may pick any credential) sets it to the owner's credential.
    const { id } = await ed.workflows.create({ document: callApi('cred_missing') });
    await owner.workflows.save({ id, document: callApi(shopId) });
    const { runId } = await ed.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, runId, 20_000)).toBe('failed');
    const run = await getRun(ctx.sql, runId);
    const step = run?.nodes.h;
    expect(JSON.stringify(step?.error)).toContain(
      'The workflow\'s owner (Ed) may not use the saved credential \\"Shop API\\". Ask the credential\'s owner to allow them on the Credentials page, or choose another credential in this step.',
    );
    expect(heard).not.toContain('Bearer owner-token');

    // Allowed now: the same workflow runs, and the use is in the audit log.
    const edUser = await userAs(ctx, 'editor', 'Ed');
    await owner.credentials.setSharing({ id: shopId, userIds: [edUser.id] });
    expect((await ed.credentials.list()).map((c) => c.name)).toContain('Shop API');
    const again = await ed.runs.start({ workflowId: id });
    expect(await waitForRun(ctx.sql, again.runId, 20_000)).toBe('succeeded');
    expect(heard).toContain('Bearer owner-token');
    const uses = (await listAudit(ctx.sql, { action: 'credential.use' })).entries;
    expect(uses[0]).toMatchObject({
      actorName: 'Ed',
      targetId: shopId,
      targetName: 'Shop API',
      details: { runId: again.runId, workflowId: id },
    });
    expect((await listAudit(ctx.sql, { action: 'credential.share' })).entries[0]).toMatchObject({
      targetName: 'Shop API',
      details: { allowed: ['Ed'] },
    });
    // Allowed to use is not allowed to change or delete.
    expect((await errorOf(ed.credentials.update({ id: shopId, values: { token: 'x' } }))).code).toBe('FORBIDDEN');
    expect((await errorOf(ed.credentials.delete({ id: shopId, force: true }))).code).toBe('FORBIDDEN');
    expect((await errorOf(ed.credentials.setSharing({ id: shopId, userIds: [] }))).code).toBe('FORBIDDEN');
    // The list says so, so the page offers Edit, Delete and "Who may use it" only to those who may.
    const canManage = async (api: typeof ed) => Object.fromEntries((await api.credentials.list()).map((c) => [c.name, c.canManage]));
    expect(await canManage(ed)).toEqual({ 'Ed’s API': true, 'Shop API': false });
    expect(await canManage(owner)).toEqual({ 'Ed’s API': true, 'Shop API': true });
  });
});
