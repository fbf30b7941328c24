import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { FamilyAnswer, FollowUpStateColumn } from './schema.ts';

/**
 * What happened to one story, for its sharer ("you said — they did"). Only what the family may
 * know: the names of its themes (never the other stories), and of each request to the provider its
 * title, state, due date and the provider's public answer — never the municipality's own ask,
 * the thread or who did what.
 */
export interface StoryProgress {
  receivedAt: Date;
  /** first time staff opened the story or gave it a review status */
  readAt: Date | null;
  themes: { name: string; at: Date }[];
  followUps: ProgressFollowUp[];
}

export interface ProgressFollowUp {
  id: string;
  title: string;
  state: FollowUpStateColumn;
  dueDate: string;
  askedAt: Date;
  publicResponse: string | null;
  answeredAt: Date | null;
  /** when the provider said it was done (the latest time) */
  doneAt: Date | null;
  /** the sharer's own answer to "is it better for you now?" */
  answer: { answer: FamilyAnswer; words: string | null; at: Date } | null;
}

/** States in which the sharer is asked "is it better for you now?": the provider says it is done. */
export const ANSWERABLE_STATES: readonly FollowUpStateColumn[] = ['done', 'confirmed'];

export async function progressOf(db: DB, narrativeId: string): Promise<StoryProgress | undefined> {
  const story = await db.selectFrom('narratives').select('created_at').where('id', '=', narrativeId).executeTakeFirst();
  if (!story) return undefined;
  const [review, viewed, themes, followUps] = await Promise.all([
    db.selectFrom('narrative_reviews').select('updated_at').where('narrative_id', '=', narrativeId)
      .where('status', '!=', 'new').executeTakeFirst(),
    db.selectFrom('audit_events').select((eb) => eb.fn.min('at').as('at'))
      .where('target_kind', '=', 'narrative').where('target_id', '=', narrativeId).where('action', '=', 'story_viewed')
      .where('actor_id', 'is not', null).executeTakeFirst(),
    db.selectFrom('theme_members as tm').innerJoin('themes as t', 't.id', 'tm.theme_id')
      .select([sql<string>`coalesce(t.name, t.label)`.as('name'), 'tm.assigned_at'])
      .where('tm.narrative_id', '=', narrativeId).where('t.status', '=', 'active').orderBy('tm.assigned_at').execute(),
    db.selectFrom('follow_up_stories as fs').innerJoin('follow_ups as f', 'f.id', 'fs.follow_up_id')
      .leftJoin('follow_up_answers as a', (j) => j.onRef('a.follow_up_id', '=', 'f.id').onRef('a.narrative_id', '=', 'fs.narrative_id'))
      .select((eb) => ['f.id', 'f.title', 'f.state', sql<string>`f.due_date::text`.as('due_date'), 'f.created_at', 'f.public_response',
        'a.answer', 'a.words', 'a.at as answer_at',
        eb.selectFrom('follow_up_events as e').select((e) => e.fn.max('e.at').as('at'))
          .whereRef('e.follow_up_id', '=', 'f.id').where('e.kind', '=', 'public_response').as('answered_at'),
        eb.selectFrom('follow_up_events as e').select((e) => e.fn.max('e.at').as('at'))
          .whereRef('e.follow_up_id', '=', 'f.id').where('e.to_state', '=', 'done').as('done_at')])
      .where('fs.narrative_id', '=', narrativeId).orderBy('f.created_at').execute(),
  ]);
  const date = (d: Date | string | null | undefined) => (d == null ? null : new Date(d));
  const reads = [date(review?.updated_at), date(viewed?.at as Date | string | null | undefined)].filter((d): d is Date => d !== null);
  return {
    receivedAt: story.created_at,
    readAt: reads.length ? new Date(Math.min(...reads.map((d) => d.getTime()))) : null,
    themes: themes.map((t) => ({ name: t.name, at: new Date(t.assigned_at) })),
    followUps: followUps.map((f) => ({
      id: f.id, title: f.title, state: f.state, dueDate: f.due_date, askedAt: f.created_at,
      publicResponse: f.public_response, answeredAt: f.public_response ? date(f.answered_at) : null,
      doneAt: ANSWERABLE_STATES.includes(f.state) ? date(f.done_at) : null,
      answer: f.answer ? { answer: f.answer, words: f.words, at: new Date(f.answer_at!) } : null,
    })),
  };
}

/**
 * Stores (or replaces) the sharer's answer. Only for a request this story is part of and that the
 * provider has marked done; false otherwise, so a receipt can never answer for another story.
 */
export async function saveFamilyAnswer(db: DB, narrativeId: string, followUpId: string, answer: FamilyAnswer, words: string | null): Promise<boolean> {
  const linked = await db.selectFrom('follow_up_stories as fs').innerJoin('follow_ups as f', 'f.id', 'fs.follow_up_id')
    .select('f.id').where('fs.narrative_id', '=', narrativeId).where('fs.follow_up_id', '=', followUpId)
    .where('f.state', 'in', [...ANSWERABLE_STATES]).executeTakeFirst();
  if (!linked) return false;
  await db.insertInto('follow_up_answers').values({ follow_up_id: followUpId, narrative_id: narrativeId, answer, words })
    .onConflict((oc) => oc.columns(['follow_up_id', 'narrative_id']).doUpdateSet({ answer, words, at: new Date() })).execute();
  return true;
}

export interface FamilyAnswers { yes: number; a_bit: number; no: number; total: number; words: string[] }

/** All answers to one request, newest words first; the caller decides what may be shown. */
export async function familyAnswersOf(db: DB, followUpId: string): Promise<FamilyAnswers> {
  const rows = await db.selectFrom('follow_up_answers').select(['answer', 'words']).where('follow_up_id', '=', followUpId)
    .orderBy('at', 'desc').execute();
  const out: FamilyAnswers = { yes: 0, a_bit: 0, no: 0, total: rows.length, words: [] };
  for (const r of rows) {
    out[r.answer] += 1;
    if (r.words) out.words.push(r.words);
  }
  return out;
}
