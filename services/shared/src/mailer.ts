import nodemailer from 'nodemailer';
import type { Config } from './config';

/** One email: plain text, and optionally the same as HTML (sent as multipart/alternative). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends email through the configured SMTP relay. */
export interface Mailer {
  /** Resolves once the relay accepted the message, with its Message-ID. */
  send(mail: Mail): Promise<{ messageId: string | undefined }>;
  close(): void;
}

/** Connection, greeting and socket timeout of the SMTP relay. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * The mailer for SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for implicit TLS; user and
 * password in the URL), sending from SMTP_FROM; undefined when SMTP_URL is unset (links are then shown
 * to the admin to pass on, never silently dropped).
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): Mailer | undefined {
  if (!config.SMTP_URL) return undefined;
  const url = new URL(config.SMTP_URL);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      const info = (await transport.sendMail({ from: config.SMTP_FROM, ...mail })) as { messageId?: string };
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
