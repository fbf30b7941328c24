import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { AgeBand, ConsentScope, NarrativeEventKind, SharerRole } from './schema.ts';
import { insertParts, partsOf, PART_JOB, type NewPart, type Part } from './media.ts';
import { enqueue } from './jobs.ts';

/** The analysis job (themes, tags, tone, safety) that every new or changed story gets. */
export const ANALYZE_JOB = 'narrative.analyze';

/** What a new story carries into the database; built by the narratives service. */
export interface NewNarrative {
  sharerRole: SharerRole;
  ageBand: AgeBand;
  municipalityCode: string;
  providerId: string | null;
  careType: string | null;
  text: string;
  feeling: number | null;
  consent: ConsentScope;
  contactCipher: string | null;
  urgent: boolean;
  childMode: boolean;
  isDemo?: boolean;
  receiptBucket: number;
  receiptHash: string;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
}

/**
 * The sharer's projection: everything about their own story, including the (still encrypted)
 * contact details. Staff projections live with the staff queries and never include contact.
 */
export interface SharerNarrative {
  id: string;
  createdAt: Date;
  sharerRole: SharerRole;
  ageBand: AgeBand;
  municipalityName: string;
  providerName: string | null;
  careTypeLabel: string | null;
  text: string;
  feeling: number | null;
  consent: ConsentScope;
  contactCipher: string | null;
  urgent: boolean;
  childMode: boolean;
  additions: { id: string; createdAt: Date; text: string }[];
  parts: Part[];
  events: { at: Date; kind: NarrativeEventKind; detail: Record<string, unknown> }[];
}

export type InsertOutcome =
  | { kind: 'created'; id: string }
  | { kind: 'replayed'; id: string; fingerprint: string | null };

/**
 * Inserts the story, its "received" event, its media parts and their processing jobs, and the
 * analysis job, as ONE statement: atomic without a transaction, and one round trip (submission is
 * the hot path). Committed means durable. A second submission with the same idempotency key
 * inserts nothing and gets the first one's id.
 */
export async function insertNarrative(db: DB, n: NewNarrative, parts: NewPart[] = []): Promise<InsertOutcome> {
  const partRows = parts.map((p, position) => ({
    kind: p.kind, position, media_key: p.mediaKey, display_key: p.displayKey ?? null, thumb_key: p.thumbKey ?? null,
    mime: p.mime, bytes: p.bytes, duration_sec: p.durationSec ?? null, width: p.width ?? null, height: p.height ?? null,
    caption: p.caption ?? null,
  }));
  const inserted = await sql<{ id: string }>`
    with n as (
      insert into narratives (sharer_role, age_band, municipality_code, provider_id, care_type, text, feeling, consent,
        contact_cipher, urgent, child_mode, is_demo, receipt_bucket, receipt_hash, idempotency_key, request_fingerprint)
      values (${n.sharerRole}, ${n.ageBand}, ${n.municipalityCode}, ${n.providerId}, ${n.careType}, ${n.text}, ${n.feeling},
        ${n.consent}, ${n.contactCipher}, ${n.urgent}, ${n.childMode}, ${n.isDemo ?? false}, ${n.receiptBucket}, ${n.receiptHash},
        ${n.idempotencyKey}, ${n.requestFingerprint})
      on conflict (idempotency_key) do nothing
      returning id),
    event as (
      insert into narrative_events (narrative_id, kind, detail)
      select id, 'received', ${JSON.stringify({ urgent: n.urgent })}::jsonb from n),
    p as (
      insert into narrative_parts (narrative_id, kind, position, media_key, display_key, thumb_key, mime, bytes,
        duration_sec, width, height, caption)
      select n.id, x.kind, x.position, x.media_key, x.display_key, x.thumb_key, x.mime, x.bytes, x.duration_sec, x.width,
        x.height, x.caption
      from n, jsonb_to_recordset(${JSON.stringify(partRows)}::jsonb) as x(kind text, position int, media_key text,
        display_key text, thumb_key text, mime text, bytes int, duration_sec real, width int, height int, caption text)
      returning id, kind),
    queued as (
      insert into jobs (kind, payload)
      select case p.kind when 'audio' then ${PART_JOB.audio} else ${PART_JOB.image} end, jsonb_build_object('partId', p.id) from p
      union all
      select ${ANALYZE_JOB}, jsonb_build_object('narrativeId', n.id) from n)
    select id from n`.execute(db);
  const row = inserted.rows[0];
  if (row) return { kind: 'created', id: row.id };
  const existing = await findByIdempotencyKey(db, n.idempotencyKey!);
  if (!existing) throw new Error('insert skipped without an earlier story for its idempotency key');
  return { kind: 'replayed', id: existing.id, fingerprint: existing.fingerprint };
}

export async function findByIdempotencyKey(db: DB, key: string): Promise<{ id: string; fingerprint: string | null } | undefined> {
  const row = await db.selectFrom('narratives').select(['id', 'request_fingerprint'])
    .where('idempotency_key', '=', key).executeTakeFirst();
  return row && { id: row.id, fingerprint: row.request_fingerprint };
}

export async function receiptCandidates(db: DB, bucket: number): Promise<{ id: string; receiptHash: string }[]> {
  const rows = await db.selectFrom('narratives').select(['id', 'receipt_hash'])
    .where('receipt_bucket', '=', bucket).execute();
  return rows.map((r) => ({ id: r.id, receiptHash: r.receipt_hash }));
}

export async function getSharerNarrative(db: DB, id: string): Promise<SharerNarrative | undefined> {
  const row = await db.selectFrom('narratives as n')
    .innerJoin('municipalities as m', 'm.code', 'n.municipality_code')
    .leftJoin('providers as p', 'p.id', 'n.provider_id')
    .leftJoin('care_types as c', 'c.code', 'n.care_type')
    .select(['n.id', 'n.created_at', 'n.sharer_role', 'n.age_band', 'm.name as municipality_name', 'p.name as provider_name',
      sql<string | null>`coalesce(c.family_label, c.label)`.as('care_type_label'),
      'n.text', 'n.feeling', 'n.consent', 'n.contact_cipher', 'n.urgent', 'n.child_mode'])
    .where('n.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [additions, events, parts] = await Promise.all([
    db.selectFrom('narrative_additions').select(['id', 'created_at', 'text']).where('narrative_id', '=', id)
      .orderBy('created_at').execute(),
    db.selectFrom('narrative_events').select(['at', 'kind', 'detail']).where('narrative_id', '=', id).orderBy('id').execute(),
    partsOf(db, [id]),
  ]);
  return {
    id: row.id, createdAt: row.created_at, sharerRole: row.sharer_role, ageBand: row.age_band,
    municipalityName: row.municipality_name, providerName: row.provider_name, careTypeLabel: row.care_type_label,
    text: row.text, feeling: row.feeling, consent: row.consent, contactCipher: row.contact_cipher, urgent: row.urgent,
    childMode: row.child_mode,
    additions: additions.map((a) => ({ id: a.id, createdAt: a.created_at, text: a.text })),
    parts,
    events: events.map((e) => ({ at: e.at, kind: e.kind, detail: e.detail })),
  };
}

/** Returns false when the story is gone, 'duplicate' when this form was already sent (nothing added). */
export async function addAddition(db: DB, narrativeId: string, text: string, clientKey?: string, parts: NewPart[] = []): Promise<boolean | 'duplicate'> {
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('narratives').select('id').where('id', '=', narrativeId).forUpdate().executeTakeFirst();
    if (!exists) return false;
    const added = await tx.insertInto('narrative_additions').values({ narrative_id: narrativeId, text, client_key: clientKey ?? null })
      .onConflict((oc) => oc.columns(['narrative_id', 'client_key']).doNothing()).returning('id').executeTakeFirst();
    if (!added) return 'duplicate';
    await insertParts(tx, narrativeId, added.id, parts);
    await tx.insertInto('narrative_events').values({ narrative_id: narrativeId, kind: 'addition', detail: '{}' }).execute();
    await tx.updateTable('narratives').set({ updated_at: new Date() }).where('id', '=', narrativeId).execute();
    await enqueue(tx, ANALYZE_JOB, { narrativeId });
    return true;
  });
}

/** The sharer's command to widen or narrow who may read the story; recorded as an event. */
export async function changeConsent(db: DB, narrativeId: string, consent: ConsentScope): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('narratives').select('consent').where('id', '=', narrativeId).forUpdate().executeTakeFirst();
    if (!current) return false;
    if (current.consent === consent) return true;
    await tx.updateTable('narratives').set({ consent, updated_at: new Date() }).where('id', '=', narrativeId).execute();
    await tx.insertInto('narrative_events').values({
      narrative_id: narrativeId, kind: 'consent_changed', detail: JSON.stringify({ from: current.consent, to: consent }),
    }).execute();
    return true;
  });
}

/**
 * Withdrawal erases the story and, through cascading keys, everything derived from it.
 * Only an anonymous count per month remains.
 */
export async function withdrawNarrative(db: DB, narrativeId: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom('narratives').where('id', '=', narrativeId).returning('id').executeTakeFirst();
    if (!gone) return false;
    await sql`insert into withdrawal_tallies (month, count) values (date_trunc('month', now())::date, 1)
              on conflict (month) do update set count = withdrawal_tallies.count + 1`.execute(tx);
    return true;
  });
}

export async function countNarratives(db: DB): Promise<number> {
  const row = await db.selectFrom('narratives').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Everything a story says, as one text for analysis (themes, tags, tone, safety): the written
 * story, its additions, the current transcripts of its voice notes and the text read from its
 * images with their captions. Serves one story or a page of them with one query per table.
 */
export async function textsForAnalysis(db: DB, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return new Map();
  const stories = await db.selectFrom('narratives').select(['id', 'text']).where('id', 'in', ids).execute();
  for (const s of stories) out.set(s.id, [s.text]);
  const additions = await db.selectFrom('narrative_additions').select(['narrative_id', 'text'])
    .where('narrative_id', 'in', ids).orderBy('created_at').execute();
  for (const a of additions) out.get(a.narrative_id)?.push(a.text);
  for (const p of await partsOf(db, ids)) out.get(p.narrativeId)?.push(p.caption ?? '', p.text ?? '');
  return new Map([...out].map(([id, parts]) => [id, parts.filter((p) => p.trim()).join('\n\n')]));
}
