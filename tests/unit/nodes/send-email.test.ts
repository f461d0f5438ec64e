import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sendEmail from '../../../nodes/send-email';
import type { Item } from '../../../nodes/types';
import { compileConfig } from '../../../core/expressions';
import { fakeCtx, runNode } from './fake-ctx';

/** One message as the SMTP server received it. */
interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

interface TestServer {
  port: number;
  received: Received[];
  logins: { username?: string; password?: string }[];
  close(): Promise<void>;
}

async function startSmtp(options: Partial<SMTPServerOptions>): Promise<TestServer> {
  const received: Received[] = [];
  const logins: TestServer['logins'] = [];
  const server = new SMTPServer({
    // Plain connections only: the test has no certificate for STARTTLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username, password: auth.password ?? undefined });
      if (auth.username === 'robot' && auth.password === 's3cret pass') return callback(null, { user: 'robot' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, logins, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The value of a header in a raw message (headers end at the first empty line). */
function header(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return head
    .split('\r\n')
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}

let open: TestServer;
let secured: TestServer;

beforeAll(async () => {
  open = await startSmtp({ authOptional: true });
  secured = await startSmtp({ authOptional: false });
});

afterAll(async () => {
  await Promise.all([open.close(), secured.close()]);
});

const base = { host: '127.0.0.1', from: 'TaskMaster <robot@example.com>', timeoutMs: 5_000 };

describe('send-email', () => {
  it('sends one email and returns its id and accepted addresses', async () => {
    const out = await runNode(sendEmail, {
      config: {
        ...base,
        port: open.port,
        to: 'ada@example.com, alan@example.com',
        cc: 'team@example.com',
        subject: 'Weekly report',
        text: 'All orders shipped.',
      },
      inputs: { main: [{ id: 1 }] },
    });
    expect(out.main).toEqual([
      {
        messageId: expect.stringMatching(/^<.+@.+>$/),
        accepted: ['ada@example.com', 'alan@example.com', 'team@example.com'],
        rejected: [],
      },
    ]);
    const mail = open.received.at(-1)!;
    expect(mail.from).toBe('robot@example.com');
    expect(mail.to).toEqual(['ada@example.com', 'alan@example.com', 'team@example.com']);
    expect(header(mail.raw, 'From')).toBe('TaskMaster <robot@example.com>');
    expect(header(mail.raw, 'To')).toBe('ada@example.com, alan@example.com');
    expect(header(mail.raw, 'Subject')).toBe('Weekly report');
    expect(mail.raw).toContain('All orders shipped.');
  });

  it('logs in with the user name and password', async () => {
    await runNode(sendEmail, {
      config: { ...base, port: secured.port, user: 'robot', password: 's3cret pass', to: 'ada@example.com', subject: 'Hi', text: 'Hello' },
      inputs: { main: [{}] },
    });
    expect(secured.logins.at(-1)).toEqual({ username: 'robot', password: 's3cret pass' });
    expect(secured.received.at(-1)).toMatchObject({ user: 'robot', to: ['ada@example.com'] });
  });

  it('says so when the server refuses the password or wants one', async () => {
    const wrong = runNode(sendEmail, {
      config: { ...base, port: secured.port, user: 'robot', password: 'nope', to: 'ada@example.com', text: 'x' },
      inputs: { main: [{}] },
    });
    await expect(wrong).rejects.toThrow(`The mail server at 127.0.0.1:${secured.port} did not accept the user name or password`);
    const none = runNode(sendEmail, { config: { ...base, port: secured.port, to: 'ada@example.com', text: 'x' }, inputs: { main: [{}] } });
    await expect(none).rejects.toThrow(`The mail server at 127.0.0.1:${secured.port} wants a user name and password`);
  });

  it('sends text and HTML together', async () => {
    await runNode(sendEmail, {
      config: { ...base, port: open.port, to: 'ada@example.com', subject: 'Both', text: 'Plain words', html: '<p><b>Bold</b> words</p>' },
      inputs: { main: [{}] },
    });
    const raw = open.received.at(-1)!.raw;
    expect(header(raw, 'Content-Type')).toMatch(/^multipart\/alternative/);
    expect(raw).toContain('Plain words');
    expect(raw).toContain('<p><b>Bold</b> words</p>');
  });

  it('sends one email per item with that item’s values', async () => {
    const items: Item[] = [
      { email: 'ada@example.com', name: 'Ada' },
      { email: 'alan@example.com', name: 'Alan' },
    ];
    const { ctx } = fakeCtx(sendEmail, {
      config: { ...base, port: open.port, to: 'x@example.com', text: 'x', mode: 'each' },
      inputs: { main: items },
    });
    ctx.configFor = (item) =>
      sendEmail.config.parse({
        ...base,
        port: open.port,
        mode: 'each',
        to: item.email,
        subject: `Hello ${String(item.name)}`,
        text: `Hi ${String(item.name)}`,
      });
    const before = open.received.length;
    const { outputs } = await sendEmail.execute(ctx);
    expect(outputs.main.map((o) => o.accepted)).toEqual([['ada@example.com'], ['alan@example.com']]);
    const sent = open.received.slice(before);
    expect(sent.map((m) => [m.to, header(m.raw, 'Subject')])).toEqual([
      [['ada@example.com'], 'Hello Ada'],
      [['alan@example.com'], 'Hello Alan'],
    ]);
  });

  it('sends one digest for all items, listing them with $items', async () => {
    const items: Item[] = [{ name: 'Ada' }, { name: 'Alan' }, { name: 'Grace' }];
    // The real expression engine resolves the config, the way the worker does.
    const resolve = compileConfig(
      {
        ...base,
        port: open.port,
        to: 'boss@example.com',
        subject: '{{ $items.length }} new sign-ups',
        text: 'New: {{ $items.map(i => i.name).join(", ") }}',
      },
      { nodeId: 'n1', nodeName: 'Digest' },
    );
    const raw = resolve({
      $json: items[0],
      $index: 0,
      $items: items,
      $node: {},
      $trigger: null,
      $run: { id: 'r', workflowId: null },
      $now: '',
      $vars: {},
    });
    const before = open.received.length;
    const out = await runNode(sendEmail, { config: raw, inputs: { main: items } });
    expect(out.main).toHaveLength(1);
    expect(open.received.length - before).toBe(1);
    const mail = open.received.at(-1)!;
    expect(header(mail.raw, 'Subject')).toBe('3 new sign-ups');
    expect(mail.raw).toContain('New: Ada, Alan, Grace');
  });

  it('names host and port when the connection is refused', async () => {
    const spare = createTcpServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const run = runNode(sendEmail, { config: { ...base, port, to: 'ada@example.com', text: 'x' }, inputs: { main: [{}] } });
    await expect(run).rejects.toThrow(`Could not connect to the mail server at 127.0.0.1:${port}: the connection was refused.`);
  });

  it('explains a TLS setting that does not fit the port', async () => {
    const run = runNode(sendEmail, {
      config: { ...base, port: open.port, secure: true, to: 'ada@example.com', text: 'x' },
      inputs: { main: [{}] },
    });
    await expect(run).rejects.toThrow('the server does not use TLS from the start on this port. Turn off "Use TLS from the start"');
  });

  it('gives up when the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent: TcpServer = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const run = runNode(sendEmail, {
        config: { ...base, port, to: 'ada@example.com', text: 'x', timeoutMs: 300 },
        inputs: { main: [{}] },
      });
      await expect(run).rejects.toThrow(`The mail server at 127.0.0.1:${port} did not answer within 300 ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('stops waiting when the run is cancelled', async () => {
    const sockets: Socket[] = [];
    const silent: TcpServer = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const { ctx, controller } = fakeCtx(sendEmail, {
        config: { ...base, port, to: 'ada@example.com', text: 'x' },
        inputs: { main: [{}] },
      });
      setTimeout(() => controller.abort(new Error('run cancelled')), 100);
      await expect(sendEmail.execute(ctx)).rejects.toThrow('run cancelled');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses an email without content, and requires server, sender and recipient', async () => {
    await expect(
      runNode(sendEmail, { config: { ...base, port: open.port, to: 'ada@example.com' }, inputs: { main: [{}] } }),
    ).rejects.toThrow('The email has no content: write its Text or its HTML.');
    const issues = sendEmail.config.safeParse({}).error?.issues.map((i) => [i.path[0], i.message]);
    expect(issues).toEqual([
      ['from', 'Enter the sender address (From).'],
      ['to', 'Enter at least one address to send to (To).'],
    ]);
    // No server is not a config error: the default mail server of Settings may fill in.
    expect(sendEmail.config.safeParse({ from: 'a@example.com', to: 'b@example.com' }).success).toBe(true);
    expect(sendEmail.config.safeParse({ credential: 'cred_1', from: 'a@example.com', to: 'b@example.com' }).success).toBe(true);
    await expect(
      runNode(sendEmail, { config: { from: base.from, to: 'ada@example.com', text: 'Hi' }, inputs: { main: [{}] } }),
    ).rejects.toThrow(
      'Enter the mail server (SMTP) name or choose a saved mail server. (An administrator can also choose a default mail server in Settings.)',
    );
  });

  it('uses the default mail server of Settings when the step names none', async () => {
    const { ctx, logs } = fakeCtx(sendEmail, {
      config: { from: base.from, to: 'ada@example.com', text: 'Hi' },
      inputs: { main: [{}] },
      defaultCredentials: {
        smtp: { type: 'smtp', host: '127.0.0.1', port: secured.port, secure: false, user: 'robot', password: 's3cret pass' },
      },
    });
    const out = await sendEmail.execute(ctx);
    expect(out.outputs.main[0]).toMatchObject({ accepted: ['ada@example.com'] });
    expect(secured.logins.at(-1)).toEqual({ username: 'robot', password: 's3cret pass' });
    expect(logs.map((l) => l.message)).toContain('Using the default mail server chosen in Settings.');
  });

  it('prefers its own mail server fields over the default of Settings', async () => {
    const before = open.received.length;
    const { ctx } = fakeCtx(sendEmail, {
      config: { ...base, port: open.port, to: 'ada@example.com', text: 'Hi' },
      inputs: { main: [{}] },
      defaultCredentials: { smtp: { type: 'smtp', host: '127.0.0.1', port: 1, secure: false, user: '', password: '' } },
    });
    await sendEmail.execute(ctx);
    expect(open.received.length).toBe(before + 1);
  });

  it('signs in with a saved mail server instead of the fields', async () => {
    const { ctx } = fakeCtx(sendEmail, {
      config: { credential: 'cred_mail', host: 'ignored.invalid', from: base.from, to: 'ada@example.com', text: 'Hi' },
      inputs: { main: [{}] },
      credentials: {
        cred_mail: { type: 'smtp', host: '127.0.0.1', port: secured.port, secure: false, user: 'robot', password: 's3cret pass' },
      },
    });
    const out = await sendEmail.execute(ctx);
    expect(out.outputs.main[0]).toMatchObject({ accepted: ['ada@example.com'] });
    expect(secured.logins.at(-1)).toEqual({ username: 'robot', password: 's3cret pass' });
  });

  it('refuses a saved credential of another type in plain words', async () => {
    const { ctx } = fakeCtx(sendEmail, {
      config: { credential: 'cred_x', from: base.from, to: 'ada@example.com', text: 'Hi' },
      inputs: { main: [{}] },
      credentials: { cred_x: { type: 'http-bearer', token: 'abc' } },
    });
    await expect(sendEmail.execute(ctx)).rejects.toThrow('The saved mail server is incomplete');
  });

  it('accepts a list of addresses from an expression', () => {
    const cfg = sendEmail.config.parse({ ...base, to: ['ada@example.com', 'alan@example.com'] });
    expect(cfg.to).toBe('ada@example.com, alan@example.com');
  });
});
