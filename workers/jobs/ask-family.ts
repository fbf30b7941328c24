/**
 * `mail.family_question`: asks one sharer "is it better for you now?" by e-mail when the provider
 * marked a request done. Only for a sharer who left an e-mail address (a phone number is not
 * called or texted; that family sees the question on its receipt page) and whose story is still
 * part of the request under its consent. Asked once per request: a later "done" after a reopen
 * extends the link instead of mailing again. Off without SMTP.
 */
import { FAMILY_QUESTION_JOB, answerLinkExpiry, familyToAsk, markMailed, saveAnswerLink } from '../../models/mail.ts';
import { answerPath, newAnswerToken } from '../../services/answer-links.ts';
import { decryptContact, isEmailAddress } from '../../services/contact.ts';
import { familyQuestionMail } from '../../services/mail-texts.ts';
import type { JobHandler } from '../runner.ts';
import type { MailJobDeps } from './mail-notification.ts';

export function askFamilyJob({ db, mailer, publicUrl, contactKey }: MailJobDeps & { contactKey: Buffer }): JobHandler {
  return {
    kind: FAMILY_QUESTION_JOB,
    concurrency: 2,
    async handle({ job, log }) {
      if (!mailer) return;
      const followUpId = String(job.payload.followUpId);
      const narrativeId = String(job.payload.narrativeId);
      const family = await familyToAsk(db, followUpId, narrativeId);
      if (!family || family.mailedAt) return;
      const contact = decryptContact(contactKey, family.contactCipher);
      if (!isEmailAddress(contact)) return;
      const { token, hash } = newAnswerToken();
      const expiresAt = answerLinkExpiry(new Date());
      await saveAnswerLink(db, followUpId, narrativeId, hash, expiresAt);
      const mail = familyQuestionMail(new URL(answerPath(token), publicUrl).href, new URL('/hulp', publicUrl).href, expiresAt, family.childMode);
      await mailer.send({ to: contact, ...mail });
      await markMailed(db, hash);
      log.info('gezin gevraagd per e-mail');
    },
  };
}
