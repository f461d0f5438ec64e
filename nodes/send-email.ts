import { z } from 'zod';
import { defineNode, field, MAIN, type FieldMeta, type Item, type NodeContext } from './types';
import smtpCredential from './credentials/smtp';
import { credentialField } from './lib/credential-field';
import { explainSmtpError } from './lib/smtp-errors';
import { smtpPassword, smtpPort, smtpSecure } from './lib/smtp-fields';
import { smtpTransport } from './lib/smtp-transport';
import { toText } from './lib/values';

/** Lists (of addresses) are joined with commas; other values read as text. */
function asText(value: unknown): string {
  return Array.isArray(value) ? value.map(toText).join(', ') : toText(value);
}

// Unknown, not string: `{{ $json.emails }}` may give a list, and a subject may be a number.
function optionalText(meta: FieldMeta) {
  return field(z.unknown().transform(asText).default(''), meta);
}

function requiredText(meta: FieldMeta, message: string) {
  return field(
    z.preprocess((value) => (value == null ? value : asText(value)), z.string({ error: message }).trim().min(1, message)),
    meta,
  );
}

const HOST_REQUIRED =
  'Enter the mail server (SMTP) name or choose a saved mail server. (An administrator can also choose a default mail server in Settings.)';

const config = z.object({
  credential: credentialField(['smtp'], {
    label: 'Saved mail server',
    help: 'Server, port, TLS, user name and password saved under Credentials. When chosen, the five fields below are not used. With neither this nor a mail server below, the default mail server chosen in Settings is used.',
  }),
  host: optionalText({
    label: 'Mail server',
    placeholder: 'smtp.example.com',
    help: 'Your email provider tells you its SMTP server name.',
  }),
  port: smtpPort(),
  secure: smtpSecure(),
  user: optionalText({ label: 'User name', help: 'Leave empty if the server needs no login.' }),
  password: smtpPassword(),
  from: requiredText({ label: 'From', placeholder: 'TaskMaster <robot@example.com>' }, 'Enter the sender address (From).'),
  to: requiredText(
    { label: 'To', placeholder: 'ada@example.com, alan@example.com', help: 'One or more addresses, separated by commas.' },
    'Enter at least one address to send to (To).',
  ),
  cc: optionalText({ label: 'Copy to (Cc)', placeholder: 'team@example.com' }),
  bcc: optionalText({ label: 'Hidden copy to (Bcc)' }),
  subject: optionalText({ label: 'Subject', placeholder: 'New order {{ $json.id }}' }),
  text: optionalText({ label: 'Text', help: 'The email as plain text.', widget: 'textarea' }),
  html: optionalText({
    label: 'HTML',
    help: 'Optional: the email as a web page. Mail programs that show HTML use it instead of the text.',
    widget: 'textarea',
  }),
  mode: field(z.enum(['once', 'each']).default('once'), {
    label: 'Send',
    help: 'One email for all items can list them all, e.g. {{ $items.map(i => i.name).join(", ") }}. One email per item uses {{ $json }} of each item.',
    widget: 'select',
    optionLabels: { once: 'One email for all items', each: 'One email per item' },
  }),
  timeoutMs: field(z.coerce.number({ error: 'Enter a number of milliseconds.' }).int().min(100, 'Wait at least 100 ms.').default(30_000), {
    label: 'Give up after (milliseconds)',
    widget: 'number',
  }),
});
// No server named is not a config error: the default mail server of Settings may fill in (at run time).
type EmailConfig = z.output<typeof config>;
type Transporter = Awaited<ReturnType<typeof smtpTransport>>;

/** Where and how to sign in: the saved mail server when one is chosen, else the fields. */
type Server = Pick<EmailConfig, 'host' | 'port' | 'secure' | 'user' | 'password' | 'timeoutMs'>;

const savedServer = smtpCredential.schema.extend({ type: z.literal('smtp') });

/** The chosen saved mail server, else the fields, else the default mail server of Settings. */
async function serverFor(ctx: NodeContext<EmailConfig>, cfg: EmailConfig): Promise<Server> {
  if (cfg.credential === '' && cfg.host.trim() !== '') return cfg;
  const values = cfg.credential !== '' ? await ctx.credentials.get(cfg.credential) : await ctx.credentials.getDefault('smtp');
  if (!values) throw new Error(HOST_REQUIRED);
  const saved = savedServer.safeParse(values);
  if (!saved.success) {
    throw new Error('The saved mail server is incomplete: open it under Credentials, fill in every field and save it again.');
  }
  if (cfg.credential === '') ctx.log.info('Using the default mail server chosen in Settings.');
  return { ...saved.data, timeoutMs: cfg.timeoutMs };
}

function addresses(list: unknown): string[] {
  return Array.isArray(list) ? list.map((entry) => (typeof entry === 'string' ? entry : toText(entry))) : [];
}

async function sendOne(ctx: NodeContext<EmailConfig>, transporter: Transporter, cfg: EmailConfig, server: Server): Promise<Item> {
  if (cfg.text.trim() === '' && cfg.html.trim() === '') {
    throw new Error('The email has no content: write its Text or its HTML.');
  }
  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  // Subject and addresses only: the body may hold personal data.
  ctx.log.info(`Sending "${cfg.subject}" to ${cfg.to}`);
  try {
    const info = await transporter.sendMail({
      from: cfg.from,
      to: cfg.to,
      cc: cfg.cc || undefined,
      bcc: cfg.bcc || undefined,
      subject: cfg.subject,
      text: cfg.text || undefined,
      html: cfg.html || undefined,
      signal: AbortSignal.any([ctx.signal, timeout]),
    });
    return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    if (timeout.aborted) throw explainSmtpError(new Error('timed out'), server);
    throw explainSmtpError(error, server);
  }
}

export default defineNode({
  id: 'send-email',
  version: 1,
  category: 'action',
  group: 'Notify',
  displayName: 'Send email',
  description: 'Sends an email through your mail server (SMTP), once for all items or once per item.',
  icon: 'mail',
  config,
  inputs: [MAIN],
  outputs: [MAIN],
  sideEffects: true,
  example: {
    // No server here: the default mail server chosen in Settings sends it.
    from: 'TaskMaster <robot@example.com>',
    to: '{{ $json.email }}',
    subject: 'Your order {{ $json.id }}',
    text: 'Hello {{ $json.name }}, your order is on its way.',
    mode: 'each',
  },
  async execute(ctx) {
    const items = ctx.inputs.main ?? [];
    // Server settings come from the first item: one connection serves every email of the run.
    const server = await serverFor(ctx, ctx.config);
    const transporter = await smtpTransport(server, ctx.resolveHost, { pool: true });
    try {
      if (ctx.config.mode === 'once') return { outputs: { main: [await sendOne(ctx, transporter, ctx.config, server)] } };
      const out: Item[] = [];
      for (const [index, item] of items.entries()) out.push(await sendOne(ctx, transporter, ctx.configFor(item, index), server));
      return { outputs: { main: out } };
    } finally {
      transporter.close();
    }
  },
});
