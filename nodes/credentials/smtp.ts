import { z } from 'zod';
import { explainSmtpError } from '../lib/smtp-errors';
import { smtpPassword, smtpPort, smtpSecure } from '../lib/smtp-fields';
import { smtpTransport } from '../lib/smtp-transport';
import { field } from '../types';
import { defineCredentialType } from './types';

export default defineCredentialType({
  id: 'smtp',
  displayName: 'Mail server (SMTP)',
  description: 'The server that sends your emails. Your email provider lists its SMTP server, port and sign-in.',
  icon: 'mail',
  schema: z.object({
    host: field(z.string({ error: 'Enter the mail server (SMTP) name.' }).trim().min(1, 'Enter the mail server (SMTP) name.'), {
      label: 'Mail server',
      placeholder: 'smtp.example.com',
    }),
    port: smtpPort(),
    secure: smtpSecure(),
    user: field(z.string().trim().default(''), { label: 'User name', help: 'Leave empty if the server needs no sign-in.' }),
    password: smtpPassword(),
  }),
  async test(values, ctx) {
    const timeoutMs = 15_000;
    const transporter = await smtpTransport({ ...values, timeoutMs }, ctx.resolveHost);
    const stop = () => transporter.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      await transporter.verify();
    } catch (error) {
      throw explainSmtpError(ctx.signal.aborted ? new Error('timed out') : error, { host: values.host, port: values.port, timeoutMs });
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      transporter.close();
    }
    return values.user ? `Signed in to ${values.host} as ${values.user}.` : `Connected to ${values.host}.`;
  },
});
