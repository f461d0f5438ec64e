/**
 * Invitations are e-mailed when Settings has a default mail server (a local SMTP server here),
 * through the guarded connector; without one, or when sending fails, the invitation still
 * exists and the link is handed back to copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { listAudit } from '../../server/db/audit';
import { callerAs } from '../helpers/auth';
import { type Harness, startHarness } from '../helpers/harness';

let t: Harness;
let ctx: Harness['ctx'];
let smtp: SMTPServer;
let smtpPort = 0;
const mails: Array<{ to: string[]; raw: string }> = [];

/** Mail bodies come quoted-printable: soft line breaks and =XX escapes. */
const decode = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

beforeAll(async () => {
  t = await startHarness();
  ctx = t.ctx;
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: decode(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  smtpPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.stop();
});

let made = 0;
async function useMailServer(port: number): Promise<void> {
  const owner = await callerAs(ctx, 'owner');
  const server = await owner.credentials.create({
    name: `Mail server ${++made}`,
    type: 'smtp',
    values: { host: '127.0.0.1', port, secure: false, user: '', password: '' },
  });
  if (!server.saved) throw new Error('mail server credential was not saved');
  await owner.settings.update({ defaultSmtpCredentialId: server.id });
}

describe('invitation e-mails', () => {
  it('hands the link back to copy when no mail server is chosen', async () => {
    const owner = await callerAs(ctx, 'owner');
    const made = await owner.users.invite({ email: 'no.mail@example.test', role: 'viewer' });
    expect(made.mail).toEqual({ status: 'off' });
    expect(made.url).toMatch(/\/invite\/[\w-]{20,}$/);
    expect(mails.filter((m) => m.to.includes('no.mail@example.test'))).toEqual([]);
  });

  it('e-mails the link through the default mail server, and the audit log says so', async () => {
    await useMailServer(smtpPort);
    const admin = await callerAs(ctx, 'admin');
    const made = await admin.users.invite({ email: 'Mailed.Person@Example.test', role: 'editor' });
    expect(made.mail).toEqual({ status: 'sent' });
    // The SMTP server has the message once the answer came back (sendMail waits for its 250).
    const mail = mails.find((m) => m.to.includes('mailed.person@example.test'));
    expect(mail?.raw).toContain('Subject: You are invited to TaskMaster');
    expect(mail?.raw).toContain(made.url);
    expect(mail?.raw).toContain('invited you to TaskMaster as editor');
    const { entries } = await listAudit(ctx.sql, { action: 'user.invite' });
    expect(entries.find((e) => e.targetName === 'mailed.person@example.test')?.details).toMatchObject({ emailed: true, role: 'editor' });
  });

  it('keeps the invitation and explains in words when the mail server cannot be reached', async () => {
    // A port nobody listens on: connection refused.
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ logger: false });
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolve(port));
      });
    });
    await useMailServer(closed);
    const owner = await callerAs(ctx, 'owner');
    const made = await owner.users.invite({ email: 'unlucky@example.test', role: 'viewer' });
    expect(made.mail).toEqual({
      status: 'failed',
      problem: `Could not connect to the mail server at 127.0.0.1:${closed}: the connection was refused. Check the server name and the port.`,
    });
    expect((await owner.users.list()).invites.map((i) => i.email)).toContain('unlucky@example.test');
  });

  it('obeys the outbound rules of Settings (nothing is sent to a blocked address)', async () => {
    await useMailServer(smtpPort);
    const owner = await callerAs(ctx, 'owner');
    await owner.settings.update({ denyPrivateNetworks: true });
    try {
      const made = await owner.users.invite({ email: 'blocked@example.test', role: 'viewer' });
      expect(made.mail.status).toBe('failed');
      expect(made.mail.status === 'failed' && made.mail.problem).toMatch(/127\.0\.0\.1/);
      expect(mails.filter((m) => m.to.includes('blocked@example.test'))).toEqual([]);
    } finally {
      await owner.settings.update({ denyPrivateNetworks: false, defaultSmtpCredentialId: null });
    }
  });
});
