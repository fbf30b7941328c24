import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { AgeBand, ConsentScope, ReviewStatus, SharerRole, ToneColumn } from './schema.ts';
import type { Viewer } from './staff.ts';
import { visibleNarratives } from './staff-scope.ts';

/**
 * The reviewer workspace's story list: every filter the workspace offers, Dutch full-text
 * search, and pages that stay fast at 100,000 stories (keyset pages on time; a capped count).
 * Reading is always through `visibleNarratives`, so the viewer's role, scope and each story's
 * consent apply before any filter.
 */
export type StoryKind = 'text' | 'voice' | 'image';
export type StorySort = 'newest' | 'oldest' | 'relevance';

export interface StoryFilter {
  themeId?: string;
  /** 'none': stories the machine did not place in a theme */
  unassigned?: boolean;
  topic?: string;
  providerId?: string;
  municipalityCode?: string;
  regionCode?: string;
  from?: Date;
  /** exclusive */
  to?: Date;
  sharerRole?: SharerRole;
  ageBand?: AgeBand;
  kind?: StoryKind;
  tone?: ToneColumn;
  urgent?: boolean;
  reviewStatus?: ReviewStatus;
  q?: string;
  /** only stories with at least this consent (exports for reports) */
  minConsent?: ConsentScope;
  ids?: string[];
}

export interface StoryListItem {
  id: string;
  createdAt: Date;
  text: string;
  sharerRole: SharerRole;
  ageBand: AgeBand;
  municipality: string;
  providerName: string | null;
  consent: ConsentScope;
  urgent: boolean;
  safetyFlag: boolean;
  tone: ToneColumn | null;
  themeId: string | null;
  themeName: string | null;
  reviewStatus: ReviewStatus;
  hasAudio: boolean;
  hasImage: boolean;
}

export interface StoryPage {
  items: StoryListItem[];
  /** opaque cursor for the next page (time sorts), or the next offset (relevance) */
  next: string | null;
  /** capped: `total > COUNT_CAP` shows as "more than" */
  total: number;
  totalCapped: boolean;
}

export const COUNT_CAP = 10_000;
export const PAGE_SIZE = 50;

const CONSENT_ORDER: Record<ConsentScope, ConsentScope[]> = {
  reviewers: ['reviewers', 'provider', 'public'], provider: ['provider', 'public'], public: ['public'],
};

/** The filtered, scoped story set as a query over `narratives as n`. */
function filtered(db: DB, viewer: Viewer, f: StoryFilter) {
  let q = visibleNarratives(db, viewer);
  if (f.ids) q = q.where('n.id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  if (f.themeId) q = q.where('n.id', 'in', (eb) => eb.selectFrom('theme_members').select('narrative_id').where('theme_id', '=', f.themeId!));
  if (f.unassigned) q = q.where('n.id', 'not in', (eb) => eb.selectFrom('theme_members').select('narrative_id'));
  if (f.topic) q = q.where('n.id', 'in', (eb) => eb.selectFrom('narrative_tags').select('narrative_id').where('topic', '=', f.topic!));
  if (f.providerId) q = q.where('n.provider_id', '=', f.providerId);
  if (f.municipalityCode) q = q.where('n.municipality_code', '=', f.municipalityCode);
  if (f.regionCode) {
    q = q.where('n.municipality_code', 'in', (eb) => eb.selectFrom('municipalities').select('code').where('region_code', '=', f.regionCode!));
  }
  if (f.from) q = q.where('n.created_at', '>=', f.from);
  if (f.to) q = q.where('n.created_at', '<', f.to);
  if (f.sharerRole) q = q.where('n.sharer_role', '=', f.sharerRole);
  if (f.ageBand) q = q.where('n.age_band', '=', f.ageBand);
  if (f.kind === 'voice' || f.kind === 'image') {
    const kind = f.kind === 'voice' ? 'audio' : 'image';
    q = q.where((eb) => eb.exists(eb.selectFrom('narrative_parts as p').select('p.id').whereRef('p.narrative_id', '=', 'n.id').where('p.kind', '=', kind)));
  }
  if (f.kind === 'text') q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('narrative_parts as p').select('p.id').whereRef('p.narrative_id', '=', 'n.id'))));
  if (f.tone) q = q.where('n.id', 'in', (eb) => eb.selectFrom('narrative_signals').select('narrative_id').where('tone', '=', f.tone!));
  if (f.urgent) {
    q = q.where((eb) => eb.or([
      eb('n.urgent', '=', true),
      eb('n.id', 'in', eb.selectFrom('narrative_signals').select('narrative_id').where('safety_flag', '=', true)),
    ]));
  }
  if (f.reviewStatus === 'new') q = q.where('n.id', 'not in', (eb) => eb.selectFrom('narrative_reviews').select('narrative_id').where('status', '!=', 'new'));
  else if (f.reviewStatus) q = q.where('n.id', 'in', (eb) => eb.selectFrom('narrative_reviews').select('narrative_id').where('status', '=', f.reviewStatus!));
  if (f.minConsent) q = q.where('n.consent', 'in', CONSENT_ORDER[f.minConsent]);
  if (f.q) {
    const query = f.q;
    q = q.where('n.id', 'in', (eb) => eb.selectFrom('narrative_search').select('narrative_id')
      .where(sql<boolean>`document @@ websearch_to_tsquery('dutch', ${query})`));
  }
  return q;
}

interface Cursor { at: string; id: string }
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    return typeof c.at === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.at)) ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Relevance ranks the newest matches only: PostgreSQL has to read every matching document to rank
 * it, and a common word matches a fifth of all stories. Ranking the newest 2,000 keeps a search
 * page fast at 100,000 stories and still puts the best of recent stories first.
 */
export const RELEVANCE_WINDOW = 2_000;

export async function listStories(db: DB, viewer: Viewer, f: StoryFilter,
  page: { sort?: StorySort; after?: string; size?: number } = {}): Promise<StoryPage> {
  const size = page.size ?? PAGE_SIZE;
  const sort: StorySort = page.sort === 'relevance' && !f.q ? 'newest' : page.sort ?? 'newest';
  const cappedCount = () => db.selectFrom(filtered(db, viewer, f).select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('c'))
    .select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow().then((r) => Number(r.count));
  let ids: { id: string; created_at: Date }[];
  let matches: number;
  let offset = 0;
  if (sort === 'relevance') {
    offset = Math.max(0, Number.parseInt(page.after ?? '0', 10) || 0);
    const ranked = await db.with('recent', () => filtered(db, viewer, f).select(['n.id', 'n.created_at'])
      .orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(RELEVANCE_WINDOW))
      .selectFrom('recent as r').innerJoin('narrative_search as s', 's.narrative_id', 'r.id')
      .select(['r.id', 'r.created_at', sql<number>`(select count(*) from recent)`.as('matches')])
      .orderBy(sql`ts_rank(s.document, websearch_to_tsquery('dutch', ${f.q!}))`, 'desc').orderBy('r.created_at', 'desc').orderBy('r.id')
      .offset(offset).limit(size + 1).execute();
    ids = ranked;
    // Fewer matches than the window: the window is the whole set, so no second pass to count it.
    const inWindow = Number(ranked[0]?.matches ?? 0);
    matches = ranked.length > 0 && inWindow < RELEVANCE_WINDOW ? inWindow : await cappedCount();
  } else {
    const dir = sort === 'oldest' ? 'asc' : 'desc';
    const cursor = decodeCursor(page.after);
    let q = filtered(db, viewer, f).select(['n.id', 'n.created_at']);
    if (cursor) {
      q = q.where(sql<boolean>`(n.created_at, n.id) ${sql.raw(dir === 'desc' ? '<' : '>')} (${new Date(cursor.at)}, ${cursor.id}::uuid)`);
    }
    [ids, matches] = await Promise.all([q.orderBy('n.created_at', dir).orderBy('n.id', dir).limit(size + 1).execute(), cappedCount()]);
  }
  const more = ids.length > size;
  const pageIds = ids.slice(0, size);
  const items = await storySummaries(db, pageIds.map((r) => r.id));
  const last = pageIds.at(-1);
  return {
    items,
    next: !more || !last ? null : sort === 'relevance' ? String(offset + size) : encodeCursor({ at: new Date(last.created_at).toISOString(), id: last.id }),
    total: Math.min(matches, COUNT_CAP),
    totalCapped: matches > COUNT_CAP,
  };
}

/** Every id in the filtered set, in time order, in batches (exports stream these). */
export async function* filteredIds(db: DB, viewer: Viewer, f: StoryFilter, batch = 500): AsyncGenerator<string[]> {
  let cursor: Cursor | undefined;
  for (;;) {
    let q = filtered(db, viewer, f).select(['n.id', 'n.created_at']).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(batch);
    if (cursor) q = q.where(sql<boolean>`(n.created_at, n.id) < (${new Date(cursor.at)}, ${cursor.id}::uuid)`);
    const rows = await q.execute();
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    const last = rows.at(-1)!;
    cursor = { at: new Date(last.created_at).toISOString(), id: last.id };
    if (rows.length < batch) return;
  }
}

/**
 * List rows for ids the caller has already scoped (one query for one or many, in the given order).
 * `text` is the story's own text as stored; callers apply the audience's redaction.
 */
export async function storySummaries(db: DB, ids: string[]): Promise<StoryListItem[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('narratives as n')
    .innerJoin('municipalities as m', 'm.code', 'n.municipality_code')
    .leftJoin('providers as pr', 'pr.id', 'n.provider_id')
    .leftJoin('narrative_signals as sg', 'sg.narrative_id', 'n.id')
    .leftJoin('theme_members as tm', 'tm.narrative_id', 'n.id')
    .leftJoin('themes as t', 't.id', 'tm.theme_id')
    .leftJoin('narrative_reviews as r', 'r.narrative_id', 'n.id')
    .select((eb) => [
      'n.id', 'n.created_at', 'n.text', 'n.sharer_role', 'n.age_band', 'm.name as municipality', 'pr.name as provider_name',
      'n.consent', 'n.urgent', 'sg.safety_flag', 'sg.tone', 't.id as theme_id', sql<string | null>`coalesce(t.name, t.label)`.as('theme_name'),
      'r.status as review_status',
      eb.exists(eb.selectFrom('narrative_parts as p').select('p.id').whereRef('p.narrative_id', '=', 'n.id').where('p.kind', '=', 'audio')).as('has_audio'),
      eb.exists(eb.selectFrom('narrative_parts as p').select('p.id').whereRef('p.narrative_id', '=', 'n.id').where('p.kind', '=', 'image')).as('has_image'),
    ])
    .where('n.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, createdAt: r.created_at, text: r.text, sharerRole: r.sharer_role, ageBand: r.age_band,
      municipality: r.municipality, providerName: r.provider_name, consent: r.consent, urgent: r.urgent,
      safetyFlag: r.safety_flag ?? false, tone: r.tone ?? null, themeId: r.theme_id ?? null, themeName: r.theme_name ?? null,
      reviewStatus: r.review_status ?? 'new', hasAudio: Boolean(r.has_audio), hasImage: Boolean(r.has_image),
    }];
  });
}
