import { sql, type Transaction } from 'kysely';
import type { DB } from './db.ts';
import type { Database, PartKind, PartStatus, TranscriptSegmentRow } from './schema.ts';
import { enqueue } from './jobs.ts';

/** A stored file ready to be linked to a story: written to the media store, not yet in the database. */
export interface NewPart {
  kind: PartKind;
  mediaKey: string;
  displayKey?: string;
  thumbKey?: string;
  mime: string;
  bytes: number;
  durationSec?: number;
  width?: number;
  height?: number;
  caption?: string;
}

export interface Part {
  id: string;
  narrativeId: string;
  additionId: string | null;
  kind: PartKind;
  position: number;
  mediaKey: string;
  displayKey: string | null;
  thumbKey: string | null;
  mime: string;
  durationSec: number | null;
  caption: string | null;
  status: PartStatus;
  error: string | null;
  /** The current text: a person's transcript over a machine's, or the OCR text of an image. */
  text: string | null;
  textSource: 'machine' | 'person' | 'ocr' | null;
  segments: TranscriptSegmentRow[];
}

export const PART_JOB: Record<PartKind, string> = { audio: 'media.transcribe', image: 'media.ocr' };

/** Links stored files to a story and queues their processing, inside the caller's transaction. */
export async function insertParts(tx: Transaction<Database>, narrativeId: string, additionId: string | null, parts: NewPart[]): Promise<void> {
  for (const [position, p] of parts.entries()) {
    const row = await tx.insertInto('narrative_parts').values({
      narrative_id: narrativeId, addition_id: additionId, kind: p.kind, position,
      media_key: p.mediaKey, display_key: p.displayKey ?? null, thumb_key: p.thumbKey ?? null, mime: p.mime, bytes: p.bytes,
      duration_sec: p.durationSec ?? null, width: p.width ?? null, height: p.height ?? null, caption: p.caption ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    await enqueue(tx, PART_JOB[p.kind], { partId: row.id });
  }
}

/** Parts of one or many stories, each with its current text. */
export async function partsOf(db: DB, narrativeIds: string[]): Promise<Part[]> {
  if (narrativeIds.length === 0) return [];
  const rows = await db.selectFrom('narrative_parts as p')
    .leftJoin(
      (eb) => eb.selectFrom('transcripts').distinctOn('part_id')
        .select(['part_id', 'text', 'source', 'segments'])
        .orderBy('part_id').orderBy(sql`source = 'person'`, 'desc').orderBy('id', 'desc').as('t'),
      (join) => join.onRef('t.part_id', '=', 'p.id'))
    .select(['p.id', 'p.narrative_id', 'p.addition_id', 'p.kind', 'p.position', 'p.media_key', 'p.display_key', 'p.thumb_key',
      'p.mime', 'p.duration_sec', 'p.caption', 'p.status', 'p.error', 'p.ocr_text', 't.text as transcript', 't.source', 't.segments'])
    .where('p.narrative_id', 'in', narrativeIds).orderBy('p.created_at').orderBy('p.position').execute();
  return rows.map((r) => ({
    id: r.id, narrativeId: r.narrative_id, additionId: r.addition_id, kind: r.kind, position: r.position,
    mediaKey: r.media_key, displayKey: r.display_key, thumbKey: r.thumb_key, mime: r.mime, durationSec: r.duration_sec,
    caption: r.caption, status: r.status, error: r.error,
    text: r.kind === 'image' ? r.ocr_text : r.transcript ?? null,
    textSource: r.kind === 'image' ? (r.ocr_text ? 'ocr' : null) : (r.source ?? null),
    segments: r.segments ?? [],
  }));
}

export async function getPart(db: DB, partId: string): Promise<Part | undefined> {
  const row = await db.selectFrom('narrative_parts').select('narrative_id').where('id', '=', partId).executeTakeFirst();
  if (!row) return undefined;
  return (await partsOf(db, [row.narrative_id])).find((p) => p.id === partId);
}

export async function setPartStatus(db: DB, partId: string, status: PartStatus, error: string | null = null): Promise<void> {
  await db.updateTable('narrative_parts').set({ status, error, updated_at: new Date() }).where('id', '=', partId).execute();
}

/**
 * Stores a machine transcript unless a person already wrote one: people's work is never
 * overwritten by a model. Returns false when it was not stored for that reason.
 */
export async function saveMachineTranscript(db: DB, partId: string, t: { text: string; segments: TranscriptSegmentRow[]; model: string }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const part = await tx.selectFrom('narrative_parts').select('id').where('id', '=', partId).forUpdate().executeTakeFirst();
    if (!part) return false;
    const person = await tx.selectFrom('transcripts').select('id').where('part_id', '=', partId).where('source', '=', 'person').executeTakeFirst();
    if (!person) {
      await tx.insertInto('transcripts').values({
        part_id: partId, source: 'machine', model: t.model, text: t.text, segments: JSON.stringify(t.segments),
      }).execute();
    }
    await tx.updateTable('narrative_parts').set({ status: 'done', error: null, updated_at: new Date() }).where('id', '=', partId).execute();
    return !person;
  });
}

export async function saveOcr(db: DB, partId: string, text: string, confidence: number): Promise<void> {
  await db.updateTable('narrative_parts')
    .set({ ocr_text: text, ocr_confidence: confidence, status: 'done', error: null, updated_at: new Date() })
    .where('id', '=', partId).execute();
}

export async function hasPersonTranscript(db: DB, partId: string): Promise<boolean> {
  return !!(await db.selectFrom('transcripts').select('id').where('part_id', '=', partId).where('source', '=', 'person').executeTakeFirst());
}

/** Voice notes that waited for a speech model get a transcription job again. */
export async function requeueWaitingForModel(db: DB): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const waiting = await tx.updateTable('narrative_parts').set({ status: 'pending', updated_at: new Date() })
      .where('status', '=', 'waiting_for_model').returning('id').execute();
    for (const w of waiting) await enqueue(tx, PART_JOB.audio, { partId: w.id });
    return waiting.length;
  });
}

export async function mediaKeysOfNarrative(db: DB, narrativeId: string): Promise<string[]> {
  const rows = await db.selectFrom('narrative_parts').select(['media_key', 'display_key', 'thumb_key'])
    .where('narrative_id', '=', narrativeId).execute();
  return rows.flatMap((r) => [r.media_key, r.display_key, r.thumb_key]).filter((k): k is string => !!k);
}

/** Of the given file keys, those no story uses: safe to delete from the (content-addressed) store. */
export async function unreferencedKeys(db: DB, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const used = await db.selectFrom('narrative_parts').select(['media_key', 'display_key', 'thumb_key'])
    .where((eb) => eb.or([eb('media_key', 'in', keys), eb('display_key', 'in', keys), eb('thumb_key', 'in', keys)])).execute();
  const inUse = new Set(used.flatMap((r) => [r.media_key, r.display_key, r.thumb_key]));
  return [...new Set(keys)].filter((k) => !inUse.has(k));
}
