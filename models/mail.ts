import { sql } from 'kysely';
import type { DB } from './db.ts';
import { enqueue } from './jobs.ts';
import type { FamilyAnswer, FollowUpStateColumn, StaffRole } from './schema.ts';
import { CONSENT_FOR_PROVIDERS } from './staff-scope.ts';
import { ANSWERABLE_STATES } from './story-progress.ts';

/**
 * What e-mail needs from the database. Mail itself is sent by two worker jobs, queued in the same
 * transaction as the change that causes it, so a mail is never lost and never sent for a change
 * that rolled back:
 * - `mail.notification`: one per in-app notification, to the staff it is for;
 * - `mail.family_question`: one per story of a request the provider marked done, to ask its
 *   sharer "is it better for you now?" through a one-time link (only a hash of it is stored).
 */
export const NOTIFICATION_MAIL_JOB = 'mail.notification';
export const FAMILY_QUESTION_JOB = 'mail.family_question';

type Tx = Pick<DB, 'insertInto' | 'selectFrom'>;

/** How long a family can use the link in the e-mail: long enough for a family that reads mail rarely. */
export const ANSWER_LINK_DAYS = 60;
export const answerLinkExpiry = (from: Date) => new Date(from.getTime() + ANSWER_LINK_DAYS * 86_400_000);

/** The in-app notification and its e-mail job. */
export async function notify(tx: Tx, to: { userId: string } | { providerId: string }, followUpId: string, text: string): Promise<void> {
  const row = await tx.insertInto('notifications').values({
    user_id: 'userId' in to ? to.userId : null,
    provider_id: 'providerId' in to ? to.providerId : null,
    follow_up_id: followUpId, text,
  }).returning('id').executeTakeFirstOrThrow();
  await enqueue(tx, NOTIFICATION_MAIL_JOB, { notificationId: row.id });
}

export interface NotificationMail { text: string; followUpId: string | null; recipients: { email: string; role: StaffRole }[] }

/** A notification and the active staff accounts it reaches (a provider's: every active account of it). */
export async function notificationMail(db: DB, notificationId: number): Promise<NotificationMail | undefined> {
  const n = await db.selectFrom('notifications').select(['text', 'follow_up_id', 'user_id', 'provider_id', 'read_at'])
    .where('id', '=', notificationId).executeTakeFirst();
  if (!n) return undefined;
  let q = db.selectFrom('staff_users as u').select(['u.email', 'u.role']).where('u.active', '=', true).where('u.password_hash', 'is not', null);
  if (n.user_id) q = q.where('u.id', '=', n.user_id);
  else if (n.provider_id) {
    const providerId = n.provider_id;
    q = q.where('u.role', '=', 'provider').where((eb) => eb.exists(eb.selectFrom('staff_scopes as s').select('s.user_id')
      .whereRef('s.user_id', '=', 'u.id').where('s.kind', '=', 'provider').where('s.code', '=', providerId)));
  } else return undefined;
  const recipients = await q.orderBy('u.email').execute();
  return { text: n.text, followUpId: n.follow_up_id, recipients };
}

/**
 * Queues the question for every story of the request whose sharer left contact details and still
 * lets the provider read it (a narrowed or withdrawn story is not part of the request any more).
 * Phone numbers are filtered out by the job, which is the only place contact details are decrypted.
 */
export async function queueFamilyQuestions(tx: Tx, followUpId: string): Promise<void> {
  const stories = await tx.selectFrom('follow_up_stories as fs').innerJoin('narratives as n', 'n.id', 'fs.narrative_id')
    .select('n.id').where('fs.follow_up_id', '=', followUpId).where('n.contact_cipher', 'is not', null)
    .where('n.consent', 'in', [...CONSENT_FOR_PROVIDERS]).execute();
  for (const s of stories) {
    await enqueue(tx, FAMILY_QUESTION_JOB, { followUpId, narrativeId: s.id }, { dedupeKey: `family-question:${followUpId}:${s.id}` });
  }
}

export interface FamilyToAsk { contactCipher: string; childMode: boolean; mailedAt: Date | null }

/** The sharer to ask, or undefined when the story left the request, its consent or its contact details. */
export async function familyToAsk(db: DB, followUpId: string, narrativeId: string): Promise<FamilyToAsk | undefined> {
  const row = await db.selectFrom('follow_up_stories as fs')
    .innerJoin('narratives as n', 'n.id', 'fs.narrative_id').innerJoin('follow_ups as f', 'f.id', 'fs.follow_up_id')
    .leftJoin('family_answer_links as l', (j) => j.onRef('l.follow_up_id', '=', 'fs.follow_up_id').onRef('l.narrative_id', '=', 'fs.narrative_id'))
    .select(['n.contact_cipher', 'n.child_mode', 'l.mailed_at'])
    .where('fs.follow_up_id', '=', followUpId).where('fs.narrative_id', '=', narrativeId)
    .where('n.consent', 'in', [...CONSENT_FOR_PROVIDERS]).where('f.state', 'in', [...ANSWERABLE_STATES])
    .where('n.contact_cipher', 'is not', null).executeTakeFirst();
  return row ? { contactCipher: row.contact_cipher!, childMode: row.child_mode, mailedAt: row.mailed_at } : undefined;
}

/** Stores (or replaces, when a send is retried) the hash of a new answer link. */
export async function saveAnswerLink(db: DB, followUpId: string, narrativeId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.insertInto('family_answer_links').values({ follow_up_id: followUpId, narrative_id: narrativeId, token_hash: tokenHash, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['follow_up_id', 'narrative_id']).doUpdateSet({ token_hash: tokenHash, expires_at: expiresAt, mailed_at: null }))
    .execute();
}

export async function markMailed(db: DB, tokenHash: string): Promise<void> {
  await db.updateTable('family_answer_links').set({ mailed_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

/** A request marked done again after a reopen: links already sent stay usable for as long again. */
export async function extendAnswerLinks(tx: Pick<DB, 'updateTable'>, followUpId: string, expiresAt: Date): Promise<void> {
  await tx.updateTable('family_answer_links').set({ expires_at: expiresAt })
    .where('follow_up_id', '=', followUpId).where('mailed_at', 'is not', null).execute();
}

export interface AnswerLink {
  followUpId: string;
  narrativeId: string;
  title: string;
  publicResponse: string | null;
  childMode: boolean;
  expiresAt: Date;
  answer: { answer: FamilyAnswer; words: string | null; at: Date } | null;
  state: FollowUpStateColumn;
}

/**
 * What the answer page may show for a link: the request's title and the provider's public
 * answer, never the story. Undefined for an unknown or expired link, a withdrawn story, or a
 * story whose sharer narrowed consent.
 */
export async function answerLinkByHash(db: DB, tokenHash: string, now = new Date()): Promise<AnswerLink | undefined> {
  const r = await db.selectFrom('family_answer_links as l')
    .innerJoin('follow_ups as f', 'f.id', 'l.follow_up_id').innerJoin('narratives as n', 'n.id', 'l.narrative_id')
    .innerJoin('follow_up_stories as fs', (j) => j.onRef('fs.follow_up_id', '=', 'l.follow_up_id').onRef('fs.narrative_id', '=', 'l.narrative_id'))
    .leftJoin('follow_up_answers as a', (j) => j.onRef('a.follow_up_id', '=', 'l.follow_up_id').onRef('a.narrative_id', '=', 'l.narrative_id'))
    .select(['l.follow_up_id', 'l.narrative_id', 'l.expires_at', 'f.title', 'f.public_response', 'f.state', 'n.child_mode',
      'a.answer', 'a.words', 'a.at as answer_at'])
    .where('l.token_hash', '=', tokenHash).where('l.expires_at', '>', now)
    .where('n.consent', 'in', [...CONSENT_FOR_PROVIDERS]).executeTakeFirst();
  if (!r) return undefined;
  return {
    followUpId: r.follow_up_id, narrativeId: r.narrative_id, title: r.title, publicResponse: r.public_response,
    childMode: r.child_mode, expiresAt: r.expires_at, state: r.state,
    answer: r.answer ? { answer: r.answer, words: r.words, at: new Date(r.answer_at!) } : null,
  };
}

/** "No more e-mail": the story's contact details are erased, and with them every open link of it. */
export async function forgetContact(db: DB, narrativeId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('narratives').set({ contact_cipher: null }).where('id', '=', narrativeId).execute();
    await tx.deleteFrom('family_answer_links').where('narrative_id', '=', narrativeId).execute();
  });
}

/** How many families of a request were asked by e-mail (for the municipality, next to the answers). */
export async function mailedFamilies(db: DB, followUpId: string): Promise<number> {
  const r = await db.selectFrom('family_answer_links').select(sql<number>`count(*)::int`.as('n'))
    .where('follow_up_id', '=', followUpId).where('mailed_at', 'is not', null).executeTakeFirstOrThrow();
  return r.n;
}
