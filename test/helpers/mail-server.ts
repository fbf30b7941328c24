import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedMail { to: string[]; from: string; subject: string; text: string }

/**
 * A real SMTP server on a free local port that keeps what it receives, so mail is tested over
 * the wire (nodemailer → SMTP → parsed message), not through a fake transport.
 */
export async function startMailServer(opts: { failNext?: number } = {}) {
  const received: ReceivedMail[] = [];
  let failures = opts.failNext ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((m) => {
        if (failures > 0) {
          failures -= 1;
          const err = new Error('Tijdelijk niet beschikbaar') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          subject: m.subject ?? '',
          text: m.text ?? '',
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(n: number) { failures = n; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
