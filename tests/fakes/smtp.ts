import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A message the SMTP server process received, parsed. */
export interface ReceivedMail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  from: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string | null;
}

export interface SmtpProcess {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Resolves with the first mail to `to` (after those already seen, if `after` is given). */
  waitForMail(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops the process (the relay is then down: connections are refused). */
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./smtp-server-process.ts', import.meta.url));

/** Starts a real SMTP server in a child process (tests/fakes/smtp-server-process.ts). */
export async function startSmtpProcess(port = 0): Promise<SmtpProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, SMTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const listening = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the SMTP server process exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { port?: number; mail?: ReceivedMail };
      if (msg.port) resolve(msg.port);
      if (msg.mail) {
        mails.push(msg.mail);
        for (const w of waiters) w();
      }
    });
  });
  const bound = await listening;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    mails,
    waitForMail(to, timeoutMs = 15_000) {
      const find = () =>
        mails.find((m) => m.envelopeTo.includes(to.toLowerCase()) || m.envelopeTo.includes(to));
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = find();
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms (got ${mails.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
