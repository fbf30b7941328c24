/**
 * `mail.notification`: e-mails one in-app notification to the staff it is for (a municipality
 * officer, or every active account of a provider). Off without SMTP: the notification stays in
 * the app and the job ends at once.
 */
import type { DB } from '../../models/db.ts';
import { NOTIFICATION_MAIL_JOB, notificationMail } from '../../models/mail.ts';
import type { Mailer } from '../../services/mailer.ts';
import { followUpPath, staffNotificationMail } from '../../services/mail-texts.ts';
import type { JobHandler } from '../runner.ts';

export interface MailJobDeps { db: DB; mailer: Mailer | undefined; publicUrl: string }

export function mailNotificationJob({ db, mailer, publicUrl }: MailJobDeps): JobHandler {
  return {
    kind: NOTIFICATION_MAIL_JOB,
    concurrency: 2,
    async handle({ job, log }) {
      if (!mailer) return;
      const mail = await notificationMail(db, Number(job.payload.notificationId));
      if (!mail?.followUpId) return;
      // One mail per person, so an address never shows who else works on the request.
      for (const r of mail.recipients) {
        await mailer.send({ to: r.email, ...staffNotificationMail(mail.text, new URL(followUpPath(r.role, mail.followUpId), publicUrl).href) });
      }
      log.info({ recipients: mail.recipients.length }, 'melding gemaild');
    },
  };
}
