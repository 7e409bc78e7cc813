import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server process (npm `smtp-server`) on loopback for tests: every message it accepts is
 * parsed (mailparser) and printed on stdout as one JSON line `{"mail": {...}}`; the first line is
 * `{"port": N}`. Started by tests/fakes/smtp.ts; SMTP relays are paid outside services.
 * A recipient whose local part starts with `bounce` is refused at RCPT TO with 550, as a relay
 * refuses an unknown mailbox.
 */
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, done) {
    if (!/^bounce/i.test(address.address)) return done();
    const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), {
      responseCode: 550,
    });
    done(err);
  },
  onData(stream, session, done) {
    simpleParser(stream)
      .then((m) => {
        const mail = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          from: m.from?.text ?? null,
          subject: m.subject ?? '',
          text: m.text ?? '',
          html: typeof m.html === 'string' ? m.html : '',
          messageId: m.messageId ?? null,
        };
        process.stdout.write(`${JSON.stringify({ mail })}\n`);
        done();
      })
      .catch((err: unknown) => done(err as Error));
  },
});
server.listen(Number(process.env.SMTP_PORT ?? 0), '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
