import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { Viewer } from './staff.ts';
import { visibleNarratives } from './staff-scope.ts';

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

/** Sizes of the active themes and their stories per month, both within the viewer's scope. */
export async function themeCountsInScope(db: DB, viewer: Viewer, opts: { months: number; now?: Date; themeIds?: readonly string[] }): Promise<ThemeCountsInScope> {
  const now = opts.now ?? new Date();
  const periods = recentPeriods(now, opts.months);
  const scoped = () => {
    let q = visibleNarratives(db, viewer)
      .innerJoin('theme_members as m', 'm.narrative_id', 'n.id')
      .innerJoin('themes as t', 't.id', 'm.theme_id')
      .where('t.status', '=', 'active');
    if (opts.themeIds) q = q.where('m.theme_id', 'in', opts.themeIds.length ? [...opts.themeIds] : ['']);
    return q;
  };
  const local = sql`(${now}::timestamptz at time zone ${sql.lit(TIME_ZONE)})`;
  const start = sql<Date>`((date_trunc('month', ${local}) - make_interval(months => ${opts.months - 1})) at time zone ${sql.lit(TIME_ZONE)})`;
  const period = sql<string>`to_char(n.created_at at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM')`;
  const [sizes, months] = await Promise.all([
    scoped().select(['m.theme_id', sql<number>`count(*)::int`.as('count')]).groupBy('m.theme_id').execute(),
    scoped().select(['m.theme_id', period.as('period'), sql<number>`count(*)::int`.as('count')])
      .where('n.created_at', '>=', start).where('n.created_at', '<=', now)
      .groupBy(['m.theme_id', sql`2`]).execute(),
  ]);
  const monthly = new Map<string, Map<string, number>>();
  for (const r of months) {
    let byPeriod = monthly.get(r.theme_id);
    if (!byPeriod) monthly.set(r.theme_id, (byPeriod = new Map()));
    byPeriod.set(r.period, r.count);
  }
  return { sizes: new Map(sizes.map((r) => [r.theme_id, r.count])), monthly, periods };
}

export interface QuoteCandidate {
  narrativeId: string;
  themeId: string;
  /** the story's own text as stored; the caller applies the audience's redaction */
  text: string;
}

/**
 * Per theme, the most representative stories this viewer may read (closest to the theme's
 * centre first), up to `perTheme` each. Stories without text of their own are left out.
 */
export async function representativeStories(db: DB, viewer: Viewer, themeIds: readonly string[], perTheme: number): Promise<Map<string, QuoteCandidate[]>> {
  const out = new Map<string, QuoteCandidate[]>(themeIds.map((id) => [id, []]));
  if (themeIds.length === 0) return out;
  const ranked = visibleNarratives(db, viewer)
    .innerJoin('theme_members as m', 'm.narrative_id', 'n.id')
    .where('m.theme_id', 'in', [...themeIds])
    .where(sql<boolean>`length(trim(n.text)) > 0`)
    .select(['m.theme_id', 'n.id', 'n.text',
      sql<number>`row_number() over (partition by m.theme_id order by coalesce(m.representative, 32767), m.similarity desc, n.id)`.as('rank')]);
  const rows = await db.selectFrom(ranked.as('r')).select(['r.theme_id', 'r.id', 'r.text'])
    .where('r.rank', '<=', perTheme).orderBy('r.theme_id').orderBy('r.rank').execute();
  for (const r of rows) out.get(r.theme_id)?.push({ narrativeId: r.id, themeId: r.theme_id, text: r.text });
  return out;
}
