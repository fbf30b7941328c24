import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { Viewer } from './staff.ts';
import type { ToneColumn } from './schema.ts';
import { stampedCache, storyCountsStamp } from './stamped-cache.ts';
import { visibleNarrativesIn, type PlaceNarrowing, type visibleNarratives } from './staff-scope.ts';
import { recentPeriods } from './theme-overview.ts';

/**
 * The municipality dashboard's figures, all counted over the stories this viewer may read
 * (`visibleNarratives`), optionally narrowed to one region or municipality inside that scope,
 * over the last `months` calendar months. Raw counts: hiding small numbers is the presenter's job.
 */
const TIME_ZONE = 'Europe/Amsterdam';
export const DASHBOARD_MONTHS = 12;
export const TOP_PROVIDERS = 20;

export type DashboardNarrowing = PlaceNarrowing;

export interface DashboardTheme { themeId: string; label: string; name: string | null; count: number; monthly: Map<string, number> }
export interface DashboardProvider { providerId: string; name: string; count: number; themes: Map<string, number> }

export interface DashboardFigures {
  periods: string[];
  total: number;
  perMonth: Map<string, number>;
  /** largest first */
  themes: DashboardTheme[];
  unassigned: number;
  /** the TOP_PROVIDERS with most stories, most first */
  providers: DashboardProvider[];
  providersCounted: number;
  withoutProvider: number;
  tone: Record<ToneColumn | 'unknown', number>;
  urgent: { total: number; viewed: number; medianSecondsToView: number | null };
}

export const CACHE_MS = 60_000;
const cache = stampedCache<DashboardFigures>({ size: 200, maxAgeMs: CACHE_MS });

/**
 * The figures for this viewer and place. A wide scope counts tens of thousands of stories
 * (~0.3 s on a small server), so the result is kept per scope, place and month while the
 * freshness stamp is unchanged, for at most a minute.
 */
export async function dashboardFigures(db: DB, viewer: Viewer, narrowing: DashboardNarrowing = {}, now = new Date()): Promise<DashboardFigures> {
  const key = JSON.stringify([viewer.role, viewer.scope, narrowing, recentPeriods(now, DASHBOARD_MONTHS)]);
  return cache.get(key, await storyCountsStamp(db), () => countFigures(db, viewer, narrowing, now), now.getTime());
}

async function countFigures(db: DB, viewer: Viewer, narrowing: DashboardNarrowing, now: Date): Promise<DashboardFigures> {
  const periods = recentPeriods(now, DASHBOARD_MONTHS);
  const local = sql`(${now}::timestamptz at time zone ${sql.lit(TIME_ZONE)})`;
  const start = sql<Date>`((date_trunc('month', ${local}) - make_interval(months => ${DASHBOARD_MONTHS - 1})) at time zone ${sql.lit(TIME_ZONE)})`;

  const scoped = () => visibleNarrativesIn(db, viewer, narrowing).where('n.created_at', '>=', start).where('n.created_at', '<=', now);

  // One pass over the scoped stories gives every breakdown the page needs (grouping sets).
  const inner = scoped()
    .leftJoin('theme_members as m', 'm.narrative_id', 'n.id')
    .leftJoin('narrative_signals as sg', 'sg.narrative_id', 'n.id')
    .select(['n.provider_id', 'm.theme_id', 'sg.tone',
      sql<string>`to_char(n.created_at at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM')`.as('period')]);
  const rows = await db.selectFrom(inner.as('s'))
    .select(['s.provider_id', 's.theme_id', 's.tone', 's.period',
      sql<number>`grouping(s.provider_id, s.theme_id, s.tone, s.period)::int`.as('g'),
      sql<number>`count(*)::int`.as('count')])
    .groupBy(sql`grouping sets ((s.period), (s.theme_id, s.period), (s.provider_id), (s.provider_id, s.theme_id), (s.tone))`)
    .execute();

  // grouping() bits, highest first: provider, theme, tone, period (1 = not grouped by it).
  const BY_PERIOD = 0b1110, BY_THEME_PERIOD = 0b1010, BY_PROVIDER = 0b0111, BY_PROVIDER_THEME = 0b0011, BY_TONE = 0b1101;
  const perMonth = new Map<string, number>();
  const themeMonthly = new Map<string | null, Map<string, number>>();
  const providerCounts = new Map<string | null, number>();
  const providerThemes = new Map<string, Map<string, number>>();
  const tone: DashboardFigures['tone'] = { positive: 0, negative: 0, mixed: 0, unknown: 0 };
  for (const r of rows) {
    if (r.g === BY_PERIOD) perMonth.set(r.period, r.count);
    else if (r.g === BY_THEME_PERIOD) {
      const byPeriod = themeMonthly.get(r.theme_id) ?? new Map<string, number>();
      byPeriod.set(r.period, r.count);
      themeMonthly.set(r.theme_id, byPeriod);
    } else if (r.g === BY_PROVIDER) providerCounts.set(r.provider_id, r.count);
    else if (r.g === BY_PROVIDER_THEME && r.provider_id !== null && r.theme_id !== null) {
      const byTheme = providerThemes.get(r.provider_id) ?? new Map<string, number>();
      byTheme.set(r.theme_id, r.count);
      providerThemes.set(r.provider_id, byTheme);
    } else if (r.g === BY_TONE) tone[r.tone ?? 'unknown'] += r.count;
  }
  const total = [...perMonth.values()].reduce((a, b) => a + b, 0);
  const sum = (m: Map<string, number> | undefined) => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);

  const themeIds = [...themeMonthly.keys()].filter((id): id is string => id !== null);
  const topProviders = [...providerCounts].filter((e): e is [string, number] => e[0] !== null)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_PROVIDERS);
  const [themeRows, providerRows, urgent] = await Promise.all([
    themeIds.length ? db.selectFrom('themes').select(['id', 'label', 'name']).where('id', 'in', themeIds).execute() : [],
    topProviders.length ? db.selectFrom('providers').select(['id', 'name']).where('id', 'in', topProviders.map(([id]) => id)).execute() : [],
    urgentPickup(db, scoped()),
  ]);
  const themeInfo = new Map(themeRows.map((t) => [t.id, t]));
  const providerNames = new Map(providerRows.map((p) => [p.id, p.name]));

  return {
    periods,
    total,
    perMonth,
    themes: themeIds.map((id) => ({
      themeId: id, label: themeInfo.get(id)?.label ?? id, name: themeInfo.get(id)?.name ?? null,
      count: sum(themeMonthly.get(id)), monthly: themeMonthly.get(id)!,
    })).sort((a, b) => b.count - a.count || (a.themeId < b.themeId ? -1 : 1)),
    unassigned: sum(themeMonthly.get(null)),
    providers: topProviders.map(([id, count]) => ({ providerId: id, name: providerNames.get(id) ?? '', count, themes: providerThemes.get(id) ?? new Map() })),
    providersCounted: [...providerCounts.keys()].filter((id) => id !== null).length,
    withoutProvider: providerCounts.get(null) ?? 0,
    tone,
    urgent,
  };
}

/**
 * Urgent stories (the sharer asked for urgent contact, or the safety signal fired) and how fast
 * staff first opened them: the first `story_viewed` in the audit log counts as picked up.
 */
async function urgentPickup(db: DB, scoped: ReturnType<typeof visibleNarratives>): Promise<DashboardFigures['urgent']> {
  const firstView = db.selectFrom('audit_events as a').select((eb) => eb.fn.min('a.at').as('at'))
    .where('a.target_kind', '=', 'narrative').where('a.action', '=', 'story_viewed')
    .whereRef('a.target_id', '=', sql<string>`n.id::text`);
  const row = await scoped
    .leftJoin('narrative_signals as sg', 'sg.narrative_id', 'n.id')
    .where((eb) => eb.or([eb('n.urgent', '=', true), eb('sg.safety_flag', '=', true)]))
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(v.at)::int`.as('viewed'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from v.at - n.created_at))`.as('median'),
    ])
    .leftJoinLateral(firstView.as('v'), (join) => join.onTrue())
    .executeTakeFirstOrThrow();
  return { total: row.total, viewed: row.viewed, medianSecondsToView: row.median === null ? null : Number(row.median) };
}
