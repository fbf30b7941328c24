import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { AgeBand, ConsentScope, NarrativeEventKind, SharerRole } from './schema.ts';
import { insertParts, partsOf, type NewPart, type Part } from './media.ts';

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

/** Inserts the story, its media parts and its "received" event in one transaction: committed means durable. */
export async function insertNarrative(db: DB, n: NewNarrative, parts: NewPart[] = []): Promise<InsertOutcome> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('narratives').values({
      sharer_role: n.sharerRole,
      age_band: n.ageBand,
      municipality_code: n.municipalityCode,
      provider_id: n.providerId,
      care_type: n.careType,
      text: n.text,
      feeling: n.feeling,
      consent: n.consent,
      contact_cipher: n.contactCipher,
      urgent: n.urgent,
      child_mode: n.childMode,
      is_demo: n.isDemo ?? false,
      receipt_bucket: n.receiptBucket,
      receipt_hash: n.receiptHash,
      idempotency_key: n.idempotencyKey,
      request_fingerprint: n.requestFingerprint,
    }).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id').executeTakeFirst();

    if (!row) {
      const existing = await tx.selectFrom('narratives').select(['id', 'request_fingerprint'])
        .where('idempotency_key', '=', n.idempotencyKey).executeTakeFirstOrThrow();
      return { kind: 'replayed', id: existing.id, fingerprint: existing.request_fingerprint };
    }
    await tx.insertInto('narrative_events')
      .values({ narrative_id: row.id, kind: 'received', detail: JSON.stringify({ urgent: n.urgent }) }).execute();
    await insertParts(tx, row.id, null, parts);
    return { kind: 'created', id: row.id };
  });
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

export async function narrativeExists(db: DB, id: string): Promise<boolean> {
  return !!(await db.selectFrom('narratives').select('id').where('id', '=', id).executeTakeFirst());
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
