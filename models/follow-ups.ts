import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DB } from './db.ts';
import type { Database, FollowUpSourceKind } from './schema.ts';
import type { Viewer } from './staff.ts';
import { CONSENT_FOR_PROVIDERS, isUuid, visibleNarratives } from './staff-scope.ts';
import { answerLinkExpiry, extendAnswerLinks, notify, queueFamilyQuestions } from './mail.ts';
import { decide, type FollowUpAction, type FollowUpSide, type FollowUpState } from '../services/follow-up-states.ts';

/**
 * Follow-up requests: a municipality asks a provider to act on what families said.
 *
 * Who sees which request (decided here, asked by every read and write):
 * - municipality: requests opened for their municipalities, for municipalities in their regions,
 *   or for their regions;
 * - provider: requests to their own organisation;
 * - admin: every request (read; the pages are for the two sides only);
 * - reviewer: none. A request is a matter between municipality and provider; reviewers work
 *   on the stories themselves.
 */
export type FollowUpPlace = { municipalityCode: string } | { regionCode: string };
export type FollowUpSource = { kind: 'theme' | 'topic'; id: string } | { kind: 'stories'; ids: string[] };

export interface FollowUp {
  id: string;
  ownerId: string;
  ownerEmail: string | null;
  municipalityCode: string | null;
  regionCode: string | null;
  placeName: string;
  providerId: string;
  providerName: string;
  title: string;
  ask: string;
  publicResponse: string | null;
  state: FollowUpState;
  dueDate: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  sourceKind: FollowUpSourceKind;
  sourceId: string | null;
}

/** At most this many stories are attached as evidence (the newest). */
export const EVIDENCE_LIMIT = 50;

export const sideOf = (viewer: Viewer): FollowUpSide => (viewer.role === 'provider' ? 'provider' : 'municipality');

type F = ExpressionBuilder<Database & { f: Database['follow_ups'] }, 'f'>;

function followUpVisibility(eb: F, viewer: Viewer): Expression<SqlBool> {
  const { providers, regions, municipalities } = viewer.scope;
  switch (viewer.role) {
    case 'admin':
      return sql<boolean>`true`;
    case 'reviewer':
      return sql<boolean>`false`;
    case 'provider':
      return providers.length ? eb('f.provider_id', 'in', providers) : sql<boolean>`false`;
    case 'municipality': {
      const parts: Expression<SqlBool>[] = [];
      if (municipalities.length) parts.push(eb('f.municipality_code', 'in', municipalities));
      if (regions.length) {
        parts.push(eb('f.region_code', 'in', regions));
        parts.push(eb('f.municipality_code', 'in', eb.selectFrom('municipalities').select('code').where('region_code', 'in', regions)));
      }
      return parts.length ? eb.or(parts) : sql<boolean>`false`;
    }
  }
}

/** Is this place one of the officer's own (the place a request is opened under)? */
export function placeInScope(viewer: Viewer, place: FollowUpPlace): boolean {
  if (viewer.role !== 'municipality') return false;
  return 'municipalityCode' in place
    ? viewer.scope.municipalities.includes(place.municipalityCode)
    : viewer.scope.regions.includes(place.regionCode);
}

/**
 * The stories a request from this place could cite: readable by the officer, in the place, with a
 * provider, and shared so that the provider may read them.
 */
function evidenceQuery(db: DB, viewer: Viewer, place: FollowUpPlace, source: FollowUpSource) {
  let q = visibleNarratives(db, viewer)
    .where('n.provider_id', 'is not', null)
    .where('n.consent', 'in', [...CONSENT_FOR_PROVIDERS]);
  q = 'municipalityCode' in place
    ? q.where('n.municipality_code', '=', place.municipalityCode)
    : q.where('n.municipality_code', 'in', (eb) => eb.selectFrom('municipalities').select('code').where('region_code', '=', place.regionCode));
  if (source.kind === 'stories') {
    const ids = source.ids.filter(isUuid);
    q = ids.length ? q.where('n.id', 'in', ids) : q.where(sql<boolean>`false`);
  } else if (source.kind === 'theme') {
    const themeId = source.id;
    q = q.where('n.id', 'in', (eb) => eb.selectFrom('theme_members').select('narrative_id').where('theme_id', '=', themeId));
  } else {
    const topic = source.id;
    q = q.where('n.id', 'in', (eb) => eb.selectFrom('narrative_tags').select('narrative_id').where('topic', '=', topic));
  }
  return q;
}

/** Per provider: how many citable stories this source has (for the provider choice on the form). */
export async function evidenceByProvider(db: DB, viewer: Viewer, place: FollowUpPlace, source: FollowUpSource): Promise<Map<string, number>> {
  const rows = await evidenceQuery(db, viewer, place, source)
    .select(['n.provider_id', sql<number>`count(*)::int`.as('count')]).groupBy('n.provider_id').execute();
  return new Map(rows.map((r) => [r.provider_id!, r.count]));
}

export interface NewFollowUp {
  place: FollowUpPlace;
  providerId: string;
  title: string;
  ask: string;
  dueDate: string;
  source: FollowUpSource;
}

/** Opens a request with its evidence, the first event and the provider's notification, in one transaction. */
export async function createFollowUp(db: DB, viewer: Viewer, input: NewFollowUp): Promise<{ id: string; evidence: number }> {
  if (!placeInScope(viewer, input.place)) throw new Error('place outside the officer’s scope');
  return db.transaction().execute(async (trx) => {
    const tx = trx as unknown as DB;
    const row = await tx.insertInto('follow_ups').values({
      owner_id: viewer.userId,
      municipality_code: 'municipalityCode' in input.place ? input.place.municipalityCode : null,
      region_code: 'regionCode' in input.place ? input.place.regionCode : null,
      provider_id: input.providerId,
      title: input.title,
      ask: input.ask,
      due_date: input.dueDate,
      source_kind: input.source.kind,
      source_id: input.source.kind === 'stories' ? null : input.source.id,
    }).returning('id').executeTakeFirstOrThrow();
    const evidence = await tx.insertInto('follow_up_stories').columns(['follow_up_id', 'narrative_id'])
      .expression(evidenceQuery(tx, viewer, input.place, input.source)
        .where('n.provider_id', '=', input.providerId)
        .select([sql<string>`${row.id}::uuid`.as('follow_up_id'), 'n.id'])
        .orderBy('n.created_at', 'desc').limit(EVIDENCE_LIMIT))
      .returning('narrative_id').execute();
    const count = evidence.length;
    await tx.insertInto('follow_up_events').values({
      follow_up_id: row.id, actor_id: viewer.userId, actor_email: viewer.email, kind: 'created', to_state: 'sent',
      detail: JSON.stringify({ evidence: count, dueDate: input.dueDate }),
    }).execute();
    await notify(tx, { providerId: input.providerId }, row.id, `Nieuw opvolgverzoek van de gemeente: ${input.title}`);
    return { id: row.id, evidence: count };
  });
}

function baseQuery(db: DB, viewer: Viewer) {
  return db.selectFrom('follow_ups as f')
    .innerJoin('providers as p', 'p.id', 'f.provider_id')
    .leftJoin('municipalities as m', 'm.code', 'f.municipality_code')
    .leftJoin('regions as r', 'r.code', 'f.region_code')
    .leftJoin('staff_users as u', 'u.id', 'f.owner_id')
    .where((eb) => followUpVisibility(eb, viewer))
    .select([
      'f.id', 'f.owner_id', 'u.email as owner_email', 'f.municipality_code', 'f.region_code', 'f.provider_id', 'p.name as provider_name',
      'f.title', 'f.ask', 'f.public_response', 'f.state', sql<string>`f.due_date::text`.as('due_date'), 'f.created_at', 'f.updated_at',
      'f.version', 'f.source_kind', 'f.source_id', sql<string>`coalesce(m.name, r.name, '')`.as('place_name'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const toFollowUp = (r: Row): FollowUp => ({
  id: r.id, ownerId: r.owner_id, ownerEmail: r.owner_email, municipalityCode: r.municipality_code, regionCode: r.region_code,
  placeName: r.place_name, providerId: r.provider_id, providerName: r.provider_name, title: r.title, ask: r.ask,
  publicResponse: r.public_response, state: r.state, dueDate: r.due_date, createdAt: r.created_at, updatedAt: r.updated_at,
  version: r.version, sourceKind: r.source_kind, sourceId: r.source_id,
});

export async function listFollowUps(db: DB, viewer: Viewer): Promise<FollowUp[]> {
  const rows = await baseQuery(db, viewer).orderBy('f.due_date').orderBy('f.created_at', 'desc').limit(500).execute();
  return rows.map(toFollowUp);
}

export interface FollowUpTally { providerId: string; providerName: string; open: number; overdue: number; confirmed: number }

/**
 * Per provider, the viewer's requests that are still open, open past their due date (Dutch
 * calendar days), and confirmed; one grouped query for the dashboard. "Open" ends when the provider
 * marks a request done (the same rule as `isOverdue`).
 */
export async function followUpTallies(db: DB, viewer: Viewer, today: string): Promise<FollowUpTally[]> {
  const open = sql<boolean>`f.state not in ('done', 'confirmed')`;
  const rows = await db.selectFrom('follow_ups as f').innerJoin('providers as p', 'p.id', 'f.provider_id')
    .where((eb) => followUpVisibility(eb, viewer))
    .select([
      'f.provider_id', 'p.name',
      sql<number>`count(*) filter (where ${open})::int`.as('open'),
      sql<number>`count(*) filter (where ${open} and f.due_date < ${today}::date)::int`.as('overdue'),
      sql<number>`count(*) filter (where f.state = 'confirmed')::int`.as('confirmed'),
    ])
    .groupBy(['f.provider_id', 'p.name']).orderBy(sql`2`).execute();
  return rows.map((r) => ({ providerId: r.provider_id, providerName: r.name, open: r.open, overdue: r.overdue, confirmed: r.confirmed }));
}

/** One request, or undefined when it does not exist or is not this viewer's to see (both look the same). */
export async function getFollowUp(db: DB, viewer: Viewer, id: string): Promise<FollowUp | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await baseQuery(db, viewer).where('f.id', '=', id).executeTakeFirst();
  return row && toFollowUp(row);
}

/** The stories linked as evidence; reading them still goes through the viewer's story scope. */
export async function evidenceIds(db: DB, followUpId: string): Promise<string[]> {
  const rows = await db.selectFrom('follow_up_stories').select('narrative_id').where('follow_up_id', '=', followUpId).execute();
  return rows.map((r) => r.narrative_id);
}

export type TransitionOutcome =
  | { kind: 'moved'; from: FollowUpState; to: FollowUpState }
  | { kind: 'same'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'stale' }
  | { kind: 'not_found' };

/**
 * Applies a move with an optimistic version check, in one transaction with the row locked. A
 * repeated submission of a move already made is reported as `same`, before the version check,
 * so a double click is harmless.
 */
export async function transition(db: DB, viewer: Viewer, id: string, action: FollowUpAction, expectedVersion: number): Promise<TransitionOutcome> {
  if (!isUuid(id)) return { kind: 'not_found' };
  return db.transaction().execute(async (trx) => {
    const tx = trx as unknown as DB;
    const row = await tx.selectFrom('follow_ups as f').select(['f.id', 'f.state', 'f.version', 'f.provider_id', 'f.owner_id', 'f.title'])
      .where('f.id', '=', id).where((eb) => followUpVisibility(eb, viewer)).forUpdate().executeTakeFirst();
    if (!row) return { kind: 'not_found' };
    const d = decide(row.state, action, sideOf(viewer));
    if (d.kind !== 'move') return d;
    if (row.version !== expectedVersion) return { kind: 'stale' };
    await tx.updateTable('follow_ups').set({ state: d.to, version: row.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await tx.insertInto('follow_up_events').values({
      follow_up_id: id, actor_id: viewer.userId, actor_email: viewer.email, kind: 'state', from_state: d.from, to_state: d.to,
      detail: JSON.stringify({ action }),
    }).execute();
    await notifyOtherSide(tx, viewer, row, `Opvolgverzoek “${row.title}”: de status is veranderd.`);
    if (d.to === 'done') {
      await queueFamilyQuestions(tx, id);
      await extendAnswerLinks(tx, id, answerLinkExpiry(new Date()));
    }
    return { kind: 'moved', from: d.from, to: d.to };
  });
}

async function notifyOtherSide(tx: DB, viewer: Viewer, row: { id: string; provider_id: string; owner_id: string }, text: string): Promise<void> {
  await notify(tx, sideOf(viewer) === 'provider' ? { userId: row.owner_id } : { providerId: row.provider_id }, row.id, text);
}

export interface FollowUpMessage { id: number; authorEmail: string | null; side: FollowUpSide; text: string; at: Date }
export interface FollowUpEvent { id: number; actorEmail: string | null; at: Date; kind: string; fromState: string | null; toState: string | null }

/** Adds a message to the thread; the other side is notified. False when the request is not the viewer's. */
export async function addMessage(db: DB, viewer: Viewer, id: string, text: string): Promise<boolean> {
  const fu = await getFollowUp(db, viewer, id);
  if (!fu) return false;
  await db.transaction().execute(async (trx) => {
    const tx = trx as unknown as DB;
    await tx.insertInto('follow_up_messages').values({ follow_up_id: id, author_id: viewer.userId, author_email: viewer.email, side: sideOf(viewer), text }).execute();
    await tx.insertInto('follow_up_events').values({ follow_up_id: id, actor_id: viewer.userId, actor_email: viewer.email, kind: 'message' }).execute();
    await tx.updateTable('follow_ups').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await notifyOtherSide(tx, viewer, { id, provider_id: fu.providerId, owner_id: fu.ownerId },
      sideOf(viewer) === 'provider' ? `Nieuw bericht van ${fu.providerName} over “${fu.title}”.` : `Nieuw bericht van de gemeente over “${fu.title}”.`);
  });
  return true;
}

/** The provider's public answer for families; recorded as an event each time it changes. */
export async function setPublicResponse(db: DB, viewer: Viewer, id: string, text: string): Promise<boolean> {
  if (viewer.role !== 'provider') return false;
  const fu = await getFollowUp(db, viewer, id);
  if (!fu) return false;
  await db.transaction().execute(async (trx) => {
    const tx = trx as unknown as DB;
    await tx.updateTable('follow_ups').set({ public_response: text || null, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', id).execute();
    await tx.insertInto('follow_up_events').values({ follow_up_id: id, actor_id: viewer.userId, actor_email: viewer.email, kind: 'public_response' }).execute();
  });
  return true;
}

export async function threadOf(db: DB, followUpId: string): Promise<FollowUpMessage[]> {
  const rows = await db.selectFrom('follow_up_messages').select(['id', 'author_email', 'side', 'text', 'at'])
    .where('follow_up_id', '=', followUpId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, authorEmail: r.author_email, side: r.side, text: r.text, at: r.at }));
}

export async function eventsOf(db: DB, followUpId: string): Promise<FollowUpEvent[]> {
  const rows = await db.selectFrom('follow_up_events').select(['id', 'actor_email', 'at', 'kind', 'from_state', 'to_state'])
    .where('follow_up_id', '=', followUpId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, actorEmail: r.actor_email, at: r.at, kind: r.kind, fromState: r.from_state, toState: r.to_state }));
}

export interface Notification { id: number; followUpId: string | null; text: string; createdAt: Date }

function notificationsQuery(db: DB, viewer: Viewer) {
  return db.selectFrom('notifications').where('read_at', 'is', null).where((eb) => {
    const parts: Expression<SqlBool>[] = [eb('user_id', '=', viewer.userId)];
    if (viewer.role === 'provider' && viewer.scope.providers.length) parts.push(eb('provider_id', 'in', viewer.scope.providers));
    return eb.or(parts);
  });
}

/** Unread notifications: the viewer's own and, for provider staff, their organisation's. */
export async function unreadNotifications(db: DB, viewer: Viewer): Promise<Notification[]> {
  const rows = await notificationsQuery(db, viewer).select(['id', 'follow_up_id', 'text', 'created_at']).orderBy('id', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, followUpId: r.follow_up_id, text: r.text, createdAt: r.created_at }));
}

export async function unreadCount(db: DB, viewer: Viewer): Promise<number> {
  const row = await notificationsQuery(db, viewer).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** Opening a request marks its notifications for this viewer as read. */
export async function markRead(db: DB, viewer: Viewer, followUpId: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: new Date() })
    .where('follow_up_id', '=', followUpId).where('read_at', 'is', null)
    .where((eb) => {
      const parts: Expression<SqlBool>[] = [eb('user_id', '=', viewer.userId)];
      if (viewer.role === 'provider' && viewer.scope.providers.length) parts.push(eb('provider_id', 'in', viewer.scope.providers));
      return eb.or(parts);
    }).execute();
}
