/**
 * Plain words for what goes wrong when sending email over SMTP. nodemailer reports a code
 * (ESOCKET, EAUTH…) plus the server's own answer; users need to know which setting to fix.
 */

export interface SmtpServer {
  host: string;
  port: number;
  timeoutMs: number;
}

interface MailError {
  code?: string;
  message?: string;
  response?: string;
  responseCode?: number;
}

function detailsOf(error: unknown): MailError {
  if (error === null || typeof error !== 'object') return { message: String(error) };
  const e = error as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
  return {
    code: text('code'),
    message: text('message'),
    response: text('response'),
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
  };
}

export function explainSmtpError(error: unknown, server: SmtpServer): Error {
  const { code, message = '', response, responseCode } = detailsOf(error);
  const at = `${server.host}:${server.port}`;
  const answer = (response ?? message).trim();
  if (/ECONNREFUSED/.test(message)) {
    return new Error(`Could not connect to the mail server at ${at}: the connection was refused. Check the server name and the port.`);
  }
  if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(message)) {
    return new Error(`The mail server "${server.host}" could not be found. Check the server name.`);
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return new Error(
      `The mail server at ${at} did not answer within ${server.timeoutMs} ms. Check the server name and port, or raise "Give up after".`,
    );
  }
  if (code === 'EAUTH') {
    return new Error(`The mail server at ${at} did not accept the user name or password: ${answer}`);
  }
  if (code === 'ENOAUTH' || responseCode === 530) {
    return new Error(`The mail server at ${at} wants a user name and password: fill them in. (${answer})`);
  }
  // OpenSSL's own text ("...:ssl3_get_record:wrong version number:...") means nothing to users.
  if (/wrong version number/i.test(message)) {
    return new Error(
      `Could not set up a secure (TLS) connection with ${at}: the server does not use TLS from the start on this port. Turn off "Use TLS from the start" (ports 587 and 25), or use port 465.`,
    );
  }
  if (code === 'ETLS' || /certificate|SSL|TLS/i.test(message)) {
    return new Error(`Could not set up a secure (TLS) connection with ${at}: ${message.split('\n')[0]}`);
  }
  if (code === 'EENVELOPE') {
    return new Error(`The mail server at ${at} refused the sender or a recipient: ${answer}`);
  }
  return new Error(`Sending the email through ${at} failed: ${answer || 'no reason given'}`);
}
