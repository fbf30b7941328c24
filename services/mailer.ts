import nodemailer from 'nodemailer';
import type { Config } from '../lib/config.ts';

export interface OutgoingMail { to: string; subject: string; text: string }

/** Sends one plain-text mail; plain text because it reads well everywhere, also with a screen reader. */
export interface Mailer { send(mail: OutgoingMail): Promise<void> }

/** The SMTP mailer from `SMTP_URL`, or undefined when e-mail is off. Not pooled: a connection per mail, nothing to close. */
export function createMailer(settings: Config['mail']): Mailer | undefined {
  if (!settings) return undefined;
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
