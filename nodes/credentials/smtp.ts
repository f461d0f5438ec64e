import nodemailer from 'nodemailer';
import { z } from 'zod';
import { explainSmtpError } from '../lib/smtp-errors';
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
    port: field(z.coerce.number({ error: 'Enter the port number, like 587.' }).int().min(1).max(65_535).default(587), {
      label: 'Port',
      help: 'Usually 587, or 465 with "Use TLS from the start".',
      widget: 'number',
    }),
    secure: field(z.boolean().default(false), {
      label: 'Use TLS from the start',
      help: 'On for port 465. Off for 587 and 25: the connection still switches to TLS when the server offers it.',
      widget: 'switch',
    }),
    user: field(z.string().trim().default(''), { label: 'User name', help: 'Leave empty if the server needs no sign-in.' }),
    password: field(z.string().default(''), { label: 'Password', widget: 'secret' }),
  }),
  async test(values, ctx) {
    const timeoutMs = 15_000;
    const transporter = nodemailer.createTransport({
      host: values.host,
      port: values.port,
      secure: values.secure,
      auth: values.user ? { user: values.user, pass: values.password } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
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
