import nodemailer from 'nodemailer';
import type { Config } from './config';

/** One email, plain text. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends email through the configured SMTP relay. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
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
      await transport.sendMail({ from: config.SMTP_FROM, ...mail });
    },
    close: () => transport.close(),
  };
}
