import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { Viewer } from './staff.ts';
import { visibleNarratives } from './staff-scope.ts';
import { stampedCache } from './stamped-cache.ts';

/**
 * Themes as one staff member may see them: sizes, months and quotable stories counted only over
 * the stories this viewer may read (`visibleNarratives`), so a municipality officer's overview
 * never counts or quotes a story from outside their places.
 */
const TIME_ZONE = 'Europe/Amsterdam';

export interface ThemeCountsInScope {
  /** theme id → stories in scope (themes without any are absent) */
  sizes: Map<string, number>;
  /** theme id → period ('2026-03') → stories in scope that month */
  monthly: Map<string, Map<string, number>>;
  /** the periods counted, oldest first */
  periods: string[];
}

/** The last `months` calendar months (Dutch time) ending with the month of `now`, as 'YYYY-MM'. */
export function recentPeriods(now: Date, months: number): string[] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value) - 1;
  const out: string[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const d = new Date(Date.UTC(year, month - back, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Changes whenever a story's theme changes: a placement that is new or moves gets a new
 * `assigned_at`, and a story leaving its theme lowers the count.
 */
async function membershipStamp(db: DB): Promise<string> {
  const row = await db.selectFrom('theme_members')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('assigned_at').as('latest')]).executeTakeFirstOrThrow();
  return `${row.count}:${row.latest ? new Date(row.latest).getTime() : 0}`;
}

const countsCache = stampedCache<ThemeCountsInScope>({ size: 200 });

/**
 * Sizes of these themes and their stories per month, both within the viewer's scope. Counting
 * all stories takes a pass over every placement (~0.2 s at 100,000 stories), so the result is
 * kept per scope until a placement changes; reading the stamp is one index look-up and a count.
 */
export async function themeCountsInScope(db: DB, viewer: Viewer, opts: { months: number; now?: Date; themeIds: readonly string[] }): Promise<ThemeCountsInScope> {
  const periods = recentPeriods(opts.now ?? new Date(), opts.months);
  const key = JSON.stringify([viewer.role, viewer.scope, periods, [...opts.themeIds].sort()]);
  return countsCache.get(key, await membershipStamp(db), () => countThemesInScope(db, viewer, opts));
}

/** The counting itself: one pass over the scoped members (a story outside the window counts for the size only). */
async function countThemesInScope(db: DB, viewer: Viewer, opts: { months: number; now?: Date; themeIds: readonly string[] }): Promise<ThemeCountsInScope> {
  const now = opts.now ?? new Date();
  const periods = recentPeriods(now, opts.months);
  const out: ThemeCountsInScope = { sizes: new Map(), monthly: new Map(), periods };
  if (opts.themeIds.length === 0) return out;
  const local = sql`(${now}::timestamptz at time zone ${sql.lit(TIME_ZONE)})`;
  const start = sql`((date_trunc('month', ${local}) - make_interval(months => ${opts.months - 1})) at time zone ${sql.lit(TIME_ZONE)})`;
  const period = sql<string | null>`case when n.created_at >= ${start} and n.created_at <= ${now}::timestamptz
    then to_char(n.created_at at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM') end`;
  const rows = await visibleNarratives(db, viewer)
    .innerJoin('theme_members as m', 'm.narrative_id', 'n.id')
    .where('m.theme_id', 'in', [...opts.themeIds])
    .select(['m.theme_id', period.as('period'), sql<number>`count(*)::int`.as('count')])
    .groupBy(['m.theme_id', sql`2`]).execute();
  for (const r of rows) {
    out.sizes.set(r.theme_id, (out.sizes.get(r.theme_id) ?? 0) + r.count);
    if (r.period === null) continue;
    let byPeriod = out.monthly.get(r.theme_id);
    if (!byPeriod) out.monthly.set(r.theme_id, (byPeriod = new Map()));
    byPeriod.set(r.period, r.count);
  }
  return out;
}

export interface QuoteCandidate {
  narrativeId: string;
  themeId: string;
  /** the story's own text as stored; the caller applies the audience's redaction */
  text: string;
}

/**
 * Per theme, the most representative stories this viewer may read (closest to the theme's
 * centre first), up to `perTheme` each; stories without text of their own are left out.
 * The few stories a theme run marked as representative are read first (no ranking needed);
 * only themes that come up short (a narrow scope, or `perTheme` above what a run marks) rank
 * their members. Texts are fetched for the chosen stories only.
 */
export async function representativeStories(db: DB, viewer: Viewer, themeIds: readonly string[], perTheme: number): Promise<Map<string, QuoteCandidate[]>> {
  const out = new Map<string, QuoteCandidate[]>(themeIds.map((id) => [id, []]));
  if (themeIds.length === 0) return out;
  const scopedMembers = (ids: readonly string[]) => visibleNarratives(db, viewer)
    .innerJoin('theme_members as m', 'm.narrative_id', 'n.id')
    .where('m.theme_id', 'in', [...ids]);
  const marked = await scopedMembers(themeIds).where('m.representative', 'is not', null)
    .select(['m.theme_id', 'n.id']).orderBy('m.theme_id').orderBy('m.representative').orderBy('n.id').execute();
  const chosen = new Map<string, string[]>(themeIds.map((id) => [id, []]));
  for (const r of marked) chosen.get(r.theme_id)!.push(r.id);
  const short = themeIds.filter((id) => chosen.get(id)!.length < perTheme);
  if (short.length) {
    const ranked = scopedMembers(short).select(['m.theme_id', 'n.id',
      sql<number>`row_number() over (partition by m.theme_id order by coalesce(m.representative, 32767), m.similarity desc, n.id)`.as('rank')]);
    const rows = await db.selectFrom(ranked.as('r')).select(['r.theme_id', 'r.id'])
      .where('r.rank', '<=', perTheme).orderBy('r.theme_id').orderBy('r.rank').execute();
    for (const id of short) chosen.set(id, []);
    for (const r of rows) chosen.get(r.theme_id)!.push(r.id);
  }
  const ids = [...chosen.values()].flatMap((list) => list.slice(0, perTheme));
  if (ids.length === 0) return out;
  // Already scoped above: these ids are the viewer's to read.
  const texts = new Map((await db.selectFrom('narratives').select(['id', 'text']).where('id', 'in', ids).execute()).map((r) => [r.id, r.text]));
  for (const [themeId, list] of chosen) {
    for (const id of list.slice(0, perTheme)) {
      const text = texts.get(id);
      if (text?.trim()) out.get(themeId)!.push({ narrativeId: id, themeId, text });
    }
  }
  return out;
}
