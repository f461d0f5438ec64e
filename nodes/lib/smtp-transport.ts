/**
 * A mail server connection for Send email and the SMTP credential's Test button, made to the
 * address the outbound rules checked (`resolveHost`), while TLS still checks the certificate
 * against the server's name (servername).
 */
import nodemailer from 'nodemailer';

export interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  timeoutMs: number;
}

export async function smtpTransport(server: SmtpServer, resolveHost: (host: string) => Promise<string>, options: { pool?: boolean } = {}) {
  const name = server.host.trim();
  const address = await resolveHost(name);
  return nodemailer.createTransport({
    ...(options.pool
      ? {
          // One pooled connection: one login for all emails of a run, sent in item order.
          pool: true as const,
          maxConnections: 1,
          // No resending by nodemailer: the server may already have accepted the email.
          maxRequeues: 0,
        }
      : {}),
    host: address,
    // The certificate is for the name, not the address we connect to.
    servername: name,
    tls: { servername: name },
    port: server.port,
    secure: server.secure,
    auth: server.user ? { user: server.user, pass: server.password } : undefined,
    connectionTimeout: server.timeoutMs,
    greetingTimeout: server.timeoutMs,
    socketTimeout: server.timeoutMs,
  });
}
