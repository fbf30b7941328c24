import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { AgeBand, ConsentScope, ReviewStatus, SharerRole, TranscriptSegmentRow } from './schema.ts';
import type { Viewer } from './staff.ts';
import { visibleNarratives } from './staff-scope.ts';
import { partsOf, type Part } from './media.ts';
import { enqueue } from './jobs.ts';
import { ANALYZE_JOB } from './narratives.ts';

/**
 * One story as staff read it, and the commands reviewers give on it (review status, notes,
 * a typed transcript). Reading goes through `visibleNarratives`: a story outside the viewer's
 * scope or consent is simply not found. Which fields each role gets is decided by the
 * projection in services/staff-stories.ts.
 */
export interface TranscriptVersion { id: number; source: 'machine' | 'person'; author: string | null; model: string | null; createdAt: Date }
export interface StoryPart extends Part {
  /** the version a person's edit must be based on; null when nothing was transcribed yet */
  transcriptId: number | null;
  versions: TranscriptVersion[];
}

export interface StoryRecord {
  id: string;
  createdAt: Date;
  text: string;
  sharerRole: SharerRole;
  ageBand: AgeBand;
  municipality: { code: string; name: string; regionCode: string; regionName: string };
  provider: { id: string; name: string } | null;
  careTypeLabel: string | null;
  feeling: number | null;
  consent: ConsentScope;
  urgent: boolean;
  childMode: boolean;
  additions: { id: string; createdAt: Date; text: string }[];
  parts: StoryPart[];
  review: { status: ReviewStatus; updatedAt: Date | null; by: string | null };
  notes: { at: Date; author: string | null; text: string }[];
  consentChanges: { at: Date; consent: string }[];
}

export async function storyRecord(db: DB, viewer: Viewer, id: string): Promise<StoryRecord | undefined> {
  const row = await visibleNarratives(db, viewer)
    .innerJoin('municipalities as m', 'm.code', 'n.municipality_code')
    .innerJoin('regions as rg', 'rg.code', 'm.region_code')
    .leftJoin('providers as pr', 'pr.id', 'n.provider_id')
    .leftJoin('care_types as c', 'c.code', 'n.care_type')
    .leftJoin('narrative_reviews as r', 'r.narrative_id', 'n.id')
    .leftJoin('staff_users as ru', 'ru.id', 'r.updated_by')
    .select(['n.id', 'n.created_at', 'n.text', 'n.sharer_role', 'n.age_band', 'n.municipality_code', 'm.name as municipality_name',
      'm.region_code', 'rg.name as region_name', 'n.provider_id', 'pr.name as provider_name', 'c.label as care_type_label',
      'n.feeling', 'n.consent', 'n.urgent', 'n.child_mode', 'r.status as review_status', 'r.updated_at as reviewed_at', 'ru.email as reviewed_by'])
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [additions, parts, versions, notes, events] = await Promise.all([
    db.selectFrom('narrative_additions').select(['id', 'created_at', 'text']).where('narrative_id', '=', id).orderBy('created_at').execute(),
    partsOf(db, [id]),
    db.selectFrom('transcripts as t').innerJoin('narrative_parts as p', 'p.id', 't.part_id')
      .select(['t.id', 't.part_id', 't.source', 't.author', 't.model', 't.created_at'])
      .where('p.narrative_id', '=', id).orderBy('t.id', 'desc').execute(),
    db.selectFrom('narrative_notes as nn').leftJoin('staff_users as u', 'u.id', 'nn.author_id')
      .select(['nn.at', 'u.email', 'nn.text']).where('nn.narrative_id', '=', id).orderBy('nn.at').execute(),
    db.selectFrom('narrative_events').select(['at', 'detail']).where('narrative_id', '=', id).where('kind', '=', 'consent_changed').orderBy('at').execute(),
  ]);
  const versionsOf = (partId: string) => versions.filter((v) => v.part_id === partId)
    .map((v) => ({ id: v.id, source: v.source, author: v.author, model: v.model, createdAt: v.created_at }));
  return {
    id: row.id, createdAt: row.created_at, text: row.text, sharerRole: row.sharer_role, ageBand: row.age_band,
    municipality: { code: row.municipality_code, name: row.municipality_name, regionCode: row.region_code, regionName: row.region_name },
    provider: row.provider_id && row.provider_name ? { id: row.provider_id, name: row.provider_name } : null,
    careTypeLabel: row.care_type_label, feeling: row.feeling, consent: row.consent, urgent: row.urgent, childMode: row.child_mode,
    additions: additions.map((a) => ({ id: a.id, createdAt: a.created_at, text: a.text })),
    parts: parts.map((p) => {
      const v = versionsOf(p.id);
      return { ...p, transcriptId: v[0]?.id ?? null, versions: v };
    }),
    review: { status: row.review_status ?? 'new', updatedAt: row.reviewed_at ?? null, by: row.reviewed_by ?? null },
    notes: notes.map((n) => ({ at: n.at, author: n.email ?? null, text: n.text })),
    consentChanges: events.map((e) => ({ at: e.at, consent: String((e.detail as { to?: string }).to ?? '') })),
  };
}

export async function setReviewStatus(db: DB, narrativeId: string, status: ReviewStatus, by: string): Promise<void> {
  await db.insertInto('narrative_reviews').values({ narrative_id: narrativeId, status, updated_by: by })
    .onConflict((oc) => oc.column('narrative_id').doUpdateSet({ status, updated_by: by, updated_at: new Date() })).execute();
}

/** Opening a story marks it read ("bekeken") unless someone already gave it a status. */
export async function markSeen(db: DB, narrativeId: string, by: string): Promise<void> {
  await db.insertInto('narrative_reviews').values({ narrative_id: narrativeId, status: 'seen', updated_by: by })
    .onConflict((oc) => oc.column('narrative_id').doUpdateSet({ status: 'seen', updated_by: by, updated_at: new Date() })
      .where('narrative_reviews.status', '=', 'new')).execute();
}

export async function addNote(db: DB, narrativeId: string, authorId: string, text: string): Promise<void> {
  await db.insertInto('narrative_notes').values({ narrative_id: narrativeId, author_id: authorId, text }).execute();
}

export class TranscriptConflict extends Error {
  constructor(readonly current: { id: number; text: string; author: string | null; source: string }) {
    super('transcript changed');
  }
}

/**
 * A person's transcript: a new version on top of the one the editor started from. When someone
 * else saved in between, nothing is written and the caller shows both texts (last-write detection).
 * Every version stays; the story is analysed again.
 */
export async function savePersonTranscript(db: DB, input: {
  partId: string; baseId: number | null; text: string; segments: TranscriptSegmentRow[]; author: string;
}): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const part = await tx.selectFrom('narrative_parts').select(['id', 'narrative_id', 'kind']).where('id', '=', input.partId).forUpdate().executeTakeFirst();
    if (!part || part.kind !== 'audio') throw new Error('not an audio part');
    const latest = await tx.selectFrom('transcripts').select(['id', 'text', 'author', 'source'])
      .where('part_id', '=', input.partId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if ((latest?.id ?? null) !== input.baseId) {
      if (latest && latest.text === input.text) return latest.id;
      throw new TranscriptConflict(latest ?? { id: 0, text: '', author: null, source: 'machine' });
    }
    const row = await tx.insertInto('transcripts').values({
      part_id: input.partId, source: 'person', model: null, author: input.author, text: input.text, segments: JSON.stringify(input.segments),
    }).returning('id').executeTakeFirstOrThrow();
    await tx.updateTable('narrative_parts').set({ status: 'done', error: null, updated_at: new Date() })
      .where('id', '=', input.partId).where('status', 'in', ['waiting_for_model', 'failed', 'pending']).execute();
    await enqueue(tx, ANALYZE_JOB, { narrativeId: part.narrative_id });
    return row.id;
  });
}

export async function transcriptText(db: DB, transcriptId: number): Promise<string | undefined> {
  const row = await db.selectFrom('transcripts').select('text').where('id', '=', transcriptId).executeTakeFirst();
  return row?.text;
}

/** Voice notes that wait for a person to type them (no speech model) or failed, oldest first. */
export async function partsAwaitingTranscript(db: DB, viewer: Viewer, limit = 50): Promise<{ partId: string; narrativeId: string; createdAt: Date; durationSec: number | null }[]> {
  const rows = await visibleNarratives(db, viewer)
    .innerJoin('narrative_parts as p', 'p.narrative_id', 'n.id')
    .select(['p.id', 'n.id as narrative_id', 'p.created_at', 'p.duration_sec'])
    .where('p.kind', '=', 'audio').where('p.status', 'in', ['waiting_for_model', 'failed'])
    .where(sql<boolean>`not exists (select 1 from transcripts t where t.part_id = p.id and t.source = 'person')`)
    .orderBy('p.created_at').limit(limit).execute();
  return rows.map((r) => ({ partId: r.id, narrativeId: r.narrative_id, createdAt: r.created_at, durationSec: r.duration_sec }));
}
