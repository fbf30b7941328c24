import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { SharerRole } from './schema.ts';

/**
 * Themes seen across stories: the share of each theme, its trend over time, and a provider's
 * theme mix against its region. Every view starts from `storiesInView`, the one place that
 * decides which stories a view may count (consent and role scoping go there too).
 *
 * Shares are of all stories in view: the themes plus "niet ingedeeld" (stories the machine
 * could not place, or has not analysed yet) always add up to 1.
 */
export interface ThemeViewFilter {
  providerIds?: readonly string[];
  municipalityCodes?: readonly string[];
  /** youth-care regions (JZ01…), by the municipality a story was told for */
  regionCodes?: readonly string[];
  sharerRoles?: readonly SharerRole[];
  /** inclusive */
  from?: Date;
  /** exclusive */
  to?: Date;
}

export interface ThemeShare {
  themeId: string;
  label: string;
  name: string | null;
  count: number;
  share: number;
}

export interface ThemeShares {
  total: number;
  /** largest first */
  themes: ThemeShare[];
  unassigned: { count: number; share: number };
}

/** Dutch periods: a story told late on the 31st in Amsterdam belongs to that month. */
const TIME_ZONE = 'Europe/Amsterdam';

/** The stories a view counts. A filter given as an empty list matches no story (it never means "no filter"). */
export function storiesInView(db: DB, filter: ThemeViewFilter) {
  let q = db.selectFrom('narratives as n').select(['n.id', 'n.created_at']);
  const lists = [filter.providerIds, filter.municipalityCodes, filter.regionCodes, filter.sharerRoles];
  if (lists.some((list) => list?.length === 0)) return q.where(sql<boolean>`false`);
  if (filter.providerIds) q = q.where('n.provider_id', 'in', [...filter.providerIds]);
  if (filter.municipalityCodes) q = q.where('n.municipality_code', 'in', [...filter.municipalityCodes]);
  if (filter.regionCodes) {
    const regions = [...filter.regionCodes];
    q = q.where('n.municipality_code', 'in', (eb) => eb.selectFrom('municipalities').select('code').where('region_code', 'in', regions));
  }
  if (filter.sharerRoles) q = q.where('n.sharer_role', 'in', [...filter.sharerRoles]);
  if (filter.from) q = q.where('n.created_at', '>=', filter.from);
  if (filter.to) q = q.where('n.created_at', '<', filter.to);
  return q;
}

export async function themeShares(db: DB, filter: ThemeViewFilter = {}): Promise<ThemeShares> {
  const rows = await db.with('s', () => storiesInView(db, filter))
    .selectFrom('s').leftJoin('theme_members as m', 'm.narrative_id', 's.id').leftJoin('themes as t', 't.id', 'm.theme_id')
    .select(['m.theme_id', 't.label', 't.name', sql<number>`count(*)::int`.as('count')])
    .groupBy(['m.theme_id', 't.label', 't.name']).execute();
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const share = (count: number) => (total > 0 ? count / total : 0);
  const unassigned = rows.find((r) => r.theme_id === null)?.count ?? 0;
  return {
    total,
    themes: rows.filter((r) => r.theme_id !== null)
      .map((r) => ({ themeId: r.theme_id!, label: r.label!, name: r.name, count: r.count, share: share(r.count) }))
      .sort((a, b) => b.count - a.count || (a.themeId < b.themeId ? -1 : 1)),
    unassigned: { count: unassigned, share: share(unassigned) },
  };
}

export interface TrendPoint {
  /** '2025-03' for months, '2025-W09' (ISO week) for weeks */
  period: string;
  total: number;
  /** theme id → stories in that period; unassigned under null is left out, see `unassigned` */
  themes: Record<string, number>;
  unassigned: number;
}

/** Stories per theme per month or ISO week, oldest first; periods without stories are left out. */
export async function themeTrend(db: DB, filter: ThemeViewFilter = {}, unit: 'month' | 'week' = 'month'): Promise<TrendPoint[]> {
  const format = unit === 'month' ? 'YYYY-MM' : 'IYYY-"W"IW';
  const period = sql<string>`to_char(date_trunc(${sql.lit(unit)}, s.created_at at time zone ${sql.lit(TIME_ZONE)}), ${sql.lit(format)})`;
  const rows = await db.with('s', () => storiesInView(db, filter))
    .selectFrom('s').leftJoin('theme_members as m', 'm.narrative_id', 's.id')
    .select([period.as('period'), 'm.theme_id', sql<number>`count(*)::int`.as('count')])
    .groupBy([sql`1`, 'm.theme_id']).orderBy(sql`1`).execute();
  const points = new Map<string, TrendPoint>();
  for (const r of rows) {
    let point = points.get(r.period);
    if (!point) points.set(r.period, (point = { period: r.period, total: 0, themes: {}, unassigned: 0 }));
    point.total += r.count;
    if (r.theme_id === null) point.unassigned += r.count;
    else point.themes[r.theme_id] = r.count;
  }
  return [...points.values()];
}

export interface ThemeMixRow {
  themeId: string;
  label: string;
  name: string | null;
  provider: { count: number; share: number };
  region: { count: number; share: number };
  /** provider share − region share */
  difference: number;
}

export interface ProviderThemeMix {
  providerId: string;
  /** the regions the baseline covers: those the provider's stories were told in, unless given */
  regionCodes: string[];
  providerTotal: number;
  regionTotal: number;
  themes: ThemeMixRow[];
  unassigned: { provider: number; region: number };
}

/**
 * A provider's theme mix against the baseline of all stories (about any provider) in the same
 * regions, period and kinds of sharer: which themes come up more, or less, at this provider.
 */
export async function providerThemeMix(db: DB, providerId: string, filter: Omit<ThemeViewFilter, 'providerIds'> = {}): Promise<ProviderThemeMix> {
  const regionCodes = filter.regionCodes ? [...filter.regionCodes] : (await db.with('s', () => storiesInView(db, { ...filter, providerIds: [providerId] }))
    .selectFrom('s').innerJoin('narratives as n', 'n.id', 's.id').innerJoin('municipalities as mu', 'mu.code', 'n.municipality_code')
    .select('mu.region_code').distinct().orderBy('mu.region_code').execute()).map((r) => r.region_code);
  const [own, region] = await Promise.all([
    themeShares(db, { ...filter, regionCodes, providerIds: [providerId] }),
    themeShares(db, { ...filter, regionCodes }),
  ]);
  const ownById = new Map(own.themes.map((t) => [t.themeId, t]));
  const themes = region.themes.map((r): ThemeMixRow => {
    const mine = ownById.get(r.themeId);
    const provider = { count: mine?.count ?? 0, share: mine?.share ?? 0 };
    return { themeId: r.themeId, label: r.label, name: r.name, provider, region: { count: r.count, share: r.share }, difference: provider.share - r.share };
  }).sort((a, b) => b.provider.share - a.provider.share || b.region.share - a.region.share || (a.themeId < b.themeId ? -1 : 1));
  return {
    providerId, regionCodes, providerTotal: own.total, regionTotal: region.total, themes,
    unassigned: { provider: own.unassigned.share, region: region.unassigned.share },
  };
}
