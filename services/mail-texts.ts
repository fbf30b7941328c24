import type { StaffRole } from '../models/schema.ts';

/**
 * The words of every e-mail Gehoord sends. No story text, no name of a child and no provider's
 * name is ever in a mail: a mailbox can be shared, and read by someone the sharer did not tell.
 */
export interface MailText { subject: string; text: string }

const dayFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });

/** Where a staff member opens a request: each side has its own pages. */
export function followUpPath(role: StaffRole, followUpId: string): string {
  return role === 'provider' ? `/provider/follow-ups/${followUpId}` : `/municipality/follow-ups/${followUpId}`;
}

/** A notification for staff: what changed, and the link; the request's contents stay in the app. */
export function staffNotificationMail(notification: string, link: string): MailText {
  return {
    subject: 'Gehoord: nieuws over een opvolgverzoek',
    text: [
      'Goedendag,',
      '',
      notification,
      '',
      `Bekijk het in Gehoord (u moet inloggen): ${link}`,
      '',
      'U krijgt deze e-mail omdat u een account bij Gehoord heeft. Verhalen van families staan nooit in een e-mail.',
    ].join('\n'),
  };
}

/** An invite to a staff account; the link works once. */
export function staffInviteMail(link: string, validDays: number): MailText {
  return {
    subject: 'Uitnodiging voor Gehoord',
    text: [
      'Goedendag,',
      '',
      'U bent uitgenodigd voor een account bij Gehoord. Met deze link kiest u uw wachtwoord:',
      link,
      '',
      `De link werkt ${validDays} dagen en maar één keer. Verwachtte u deze e-mail niet? Dan kunt u hem negeren.`,
    ].join('\n'),
  };
}

/** "Is it better for you now?" for a sharer who left an e-mail address; B1, simpler for children. */
export function familyQuestionMail(link: string, helpLink: string, expiresAt: Date, child: boolean): MailText {
  const until = dayFormat.format(expiresAt);
  return child ? {
    subject: 'Gehoord: is het nu beter?',
    text: [
      'Hoi,',
      '',
      'Je hebt iets verteld bij Gehoord. De gemeente heeft daarna aan de zorg gevraagd om iets te veranderen. De zorg zegt nu dat het klaar is.',
      '',
      'Wij willen graag weten: is het nu beter voor jou?',
      `Klik hier om het te zeggen (kan tot ${until}): ${link}`,
      '',
      'Je hoeft niet te antwoorden. Je verhaal staat niet in deze e-mail.',
      'Wil je geen e-mail meer? Dat kun je op dezelfde pagina kiezen.',
      '',
      `Gaat het niet goed met je? Hier staat wie je kunt bellen of chatten: ${helpLink}`,
    ].join('\n'),
  } : {
    subject: 'Gehoord: is het nu beter voor je?',
    text: [
      'Hallo,',
      '',
      'Je hebt eerder je verhaal gedeeld bij Gehoord. De gemeente heeft daarna een zorgaanbieder gevraagd iets te veranderen. De zorgaanbieder zegt nu dat het klaar is.',
      '',
      'De gemeente wil weten of het echt beter is, voordat zij zegt dat het af is. Wil je laten weten wat je ervan merkt?',
      `Antwoorden kan tot ${until}: ${link}`,
      '',
      'Je hoeft niet te antwoorden. Je verhaal en je naam staan niet in deze e-mail, en de gemeente ziet niet wie wat antwoordde.',
      'Geen e-mail meer van Gehoord? Dat kun je op dezelfde pagina kiezen.',
    ].join('\n'),
  };
}
