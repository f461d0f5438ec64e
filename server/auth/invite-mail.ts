/**
 * E-mails an invitation link when Settings has a default mail server; the Users page shows the
 * link to copy either way. The connection goes through the guarded connector (the outbound rules
 * of Settings hold, as for Send email steps), and a failure never undoes the invitation: the
 * admin is told why and copies the link instead.
 */
import smtpType from '../../nodes/credentials/smtp';
import { explainSmtpError } from '../../nodes/lib/smtp-errors';
import { smtpTransport } from '../../nodes/lib/smtp-transport';
import { databaseCredentialSource } from '../credentials/source';
import { OutboundBlockedError } from '../network/guarded-fetch';
import type { AppContext } from '../context';
import { outboundConnector, readSettings } from '../settings/service';
import type { Role } from '../../core/roles';

/** `sent`: e-mailed; `off`: no mail server chosen in Settings; `failed`: why it could not be sent. */
export type InviteMail = { status: 'sent' } | { status: 'off' } | { status: 'failed'; problem: string };

const TIMEOUT_MS = 15_000;

export interface InviteLetter {
  email: string;
  role: Role;
  url: string;
  expiresAt: Date;
  /** Who invites them (shown in the e-mail). */
  inviter: string;
}

function letterText(letter: InviteLetter): string {
  return [
    `${letter.inviter} invited you to TaskMaster as ${letter.role}.`,
    '',
    `Open this link to make your account (it works once, until ${letter.expiresAt.toUTCString()}):`,
    letter.url,
    '',
    'If you did not expect this, ignore this e-mail.',
  ].join('\n');
}

export async function mailInvitation(ctx: AppContext, letter: InviteLetter): Promise<InviteMail> {
  const id = (await readSettings(ctx.sql)).settings.defaultSmtpCredentialId;
  if (!id) return { status: 'off' };
  const saved = await databaseCredentialSource(ctx.sql, ctx.keys).load(id);
  const parsed = saved?.type === 'smtp' ? smtpType.schema.safeParse(saved.values) : null;
  if (!parsed?.success)
    return {
      status: 'failed',
      problem: 'The default mail server of Settings no longer exists or is incomplete; choose another under Settings.',
    };
  const server = { ...parsed.data, timeoutMs: TIMEOUT_MS };
  try {
    const connector = await outboundConnector(ctx.sql);
    const transporter = await smtpTransport(server, connector.resolveHost);
    try {
      await transporter.sendMail({
        from: server.user.includes('@') ? `TaskMaster <${server.user}>` : 'TaskMaster <taskmaster@localhost>',
        to: letter.email,
        subject: `You are invited to TaskMaster`,
        text: letterText(letter),
      });
    } finally {
      transporter.close();
    }
    return { status: 'sent' };
  } catch (error) {
    // A refusal by the outbound rules already says what to change; else nodemailer's code in words.
    const problem =
      error instanceof OutboundBlockedError
        ? error.message
        : explainSmtpError(error, { host: server.host, port: server.port, timeoutMs: TIMEOUT_MS }).message;
    return { status: 'failed', problem };
  }
}
