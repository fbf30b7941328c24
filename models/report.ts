import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { Viewer } from './staff.ts';
import { visibleNarrativesIn, type PlaceNarrowing, type visibleNarratives } from './staff-scope.ts';
import { listFollowUps } from './follow-ups.ts';
import { CACHE_MS } from './dashboard.ts';
import { stampedCache, storyCountsStamp } from './stamped-cache.ts';
import { loadRedactions } from './redactions.ts';
import { listMunicipalities } from './reference.ts';
import { excerpt, projectText } from '../services/story-projection.ts';
import { NARRATIVE_SOURCE } from '../workers/pipelines/redaction/story-texts.ts';
import { followUpFigures, type FollowUpFigures, type FollowUpFacts } from '../services/report-figures.ts';

/**
 * The region report's figures for one municipality officer: stories within their scope
 * (`visibleNarratives`), optionally narrowed to one region or municipality of theirs, created in a
 * period of Dutch calendar days. Raw counts: the presenter hides numbers under 5. Quotes are the
 * exception to "raw": they are chosen here, because who may be quoted is a consent rule.
 */
const TIME_ZONE = 'Europe/Amsterdam';
/** A theme needs this many stories in the report's scope before anything from it is quoted. */
export const QUOTE_MIN_STORIES = 5;
export const QUOTES_PER_THEME = 2;
export const REPORT_THEMES = 12;

export interface ReportPeriod { from: string; to: string }
export type ReportNarrowing = PlaceNarrowing;

export interface ReportTheme { themeId: string; name: string; count: number; monthly: Map<string, number> }
export interface ReportQuote { narrativeId: string; themeId: string; text: string }

export interface ReportFigures {
  periods: string[];
  total: number;
  perMonth: Map<string, number>;
  /** largest first, at most REPORT_THEMES */
  themes: ReportTheme[];
  followUps: FollowUpFigures;
  quotes: Map<string, ReportQuote[]>;
}

/** The calendar months ('YYYY-MM') the period touches, oldest first. */
export function periodMonths(period: ReportPeriod): string[] {
  const out: string[] = [];
  let [y, m] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    out.push(p);
    if (p >= last) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

const counts = stampedCache<[{ period: string; count: number }[], { theme_id: string; name: string; period: string; count: number }[]]>({ size: 100, maxAgeMs: CACHE_MS });

export async function reportFigures(db: DB, viewer: Viewer, period: ReportPeriod, narrowing: ReportNarrowing = {}, now = new Date()): Promise<ReportFigures> {
  const start = sql<Date>`(${period.from}::date::timestamp at time zone ${sql.lit(TIME_ZONE)})`;
  const end = sql<Date>`((${period.to}::date + 1)::timestamp at time zone ${sql.lit(TIME_ZONE)})`;
  const scoped = () => visibleNarrativesIn(db, viewer, narrowing).where('n.created_at', '>=', start).where('n.created_at', '<', end);
  const month = sql<string>`to_char(n.created_at at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM')`;
  // The counts over every story of the period are the slow part (~0.4 s for all regions) and are
  // kept like the dashboard's; quotes and follow-up figures are read fresh, so a sharer who
  // narrows consent is never quoted from a cache.
  const key = JSON.stringify([viewer.role, viewer.scope, narrowing, period]);
  const [monthRows, themeRows] = await counts.get(key, await storyCountsStamp(db), () => Promise.all([
    scoped().select([month.as('period'), sql<number>`count(*)::int`.as('count')]).groupBy(sql`1`).execute(),
    scoped().innerJoin('theme_members as m', 'm.narrative_id', 'n.id').innerJoin('themes as t', 't.id', 'm.theme_id')
      .select(['m.theme_id', sql<string>`coalesce(t.name, t.label)`.as('name'), month.as('period'), sql<number>`count(*)::int`.as('count')])
      .groupBy(['m.theme_id', 't.name', 't.label', sql`3`]).execute(),
  ]), now.getTime());
  const perMonth = new Map(monthRows.map((r) => [r.period, r.count]));
  const themeMap = new Map<string, ReportTheme>();
  for (const r of themeRows) {
    const t = themeMap.get(r.theme_id) ?? { themeId: r.theme_id, name: r.name, count: 0, monthly: new Map<string, number>() };
    t.count += r.count;
    t.monthly.set(r.period, r.count);
    themeMap.set(r.theme_id, t);
  }
  const themes = [...themeMap.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'nl')).slice(0, REPORT_THEMES);
  const quotable = themes.filter((t) => t.count >= QUOTE_MIN_STORIES).map((t) => t.themeId);

  const [followUps, quotes] = await Promise.all([
    followUpFacts(db, viewer, period, narrowing).then((facts) => followUpFigures(facts, now)),
    publicQuotes(db, scoped, quotable),
  ]);
  return {
    periods: periodMonths(period), total: [...perMonth.values()].reduce((a, b) => a + b, 0), perMonth, themes, followUps, quotes,
  };
}

/**
 * Quotes only from stories shared for anonymous public quotes ('public'), from the most
 * representative members first, and only text the worker has checked for personal data, redacted.
 */
async function publicQuotes(db: DB, scoped: () => ReturnType<typeof visibleNarratives>, themeIds: string[]): Promise<Map<string, ReportQuote[]>> {
  const out = new Map<string, ReportQuote[]>(themeIds.map((id) => [id, []]));
  if (themeIds.length === 0) return out;
  const ranked = scoped().where('n.consent', '=', 'public')
    .innerJoin('theme_members as m', 'm.narrative_id', 'n.id').where('m.theme_id', 'in', themeIds)
    .select(['m.theme_id', 'n.id', 'n.text',
      sql<number>`row_number() over (partition by m.theme_id order by coalesce(m.representative, 32767), m.similarity desc, n.id)`.as('rank')]);
  // A few more candidates than quotes: texts not yet checked are skipped.
  const rows = await db.selectFrom(ranked.as('r')).select(['r.theme_id', 'r.id', 'r.text'])
    .where('r.rank', '<=', QUOTES_PER_THEME * 4).orderBy('r.theme_id').orderBy('r.rank').execute();
  const redactions = await loadRedactions(db, [...new Set(rows.map((r) => r.id))]);
  for (const r of rows) {
    const list = out.get(r.theme_id)!;
    if (list.length >= QUOTES_PER_THEME || !r.text.trim()) continue;
    const projected = projectText(NARRATIVE_SOURCE, r.text, redactions.get(r.id)?.get(NARRATIVE_SOURCE), 'redacted');
    if (projected.status === 'checked' && projected.plain.trim()) list.push({ narrativeId: r.id, themeId: r.theme_id, text: excerpt(projected.plain, 240) });
  }
  return out;
}

/**
 * The follow-up requests this officer may see, opened in the period and in the narrowed place,
 * with the provider's first response: their first message or the first state change made by
 * provider staff.
 */
async function followUpFacts(db: DB, viewer: Viewer, period: ReportPeriod, narrowing: ReportNarrowing): Promise<FollowUpFacts[]> {
  const regionOf = new Map((await listMunicipalities(db)).map((m) => [m.code, m.regionCode]));
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  const inPlace = (f: { municipalityCode: string | null; regionCode: string | null }) => {
    if (narrowing.municipalityCodes) return f.municipalityCode !== null && narrowing.municipalityCodes.includes(f.municipalityCode);
    if (narrowing.regionCodes) {
      const region = f.regionCode ?? (f.municipalityCode ? regionOf.get(f.municipalityCode) : undefined);
      return region !== undefined && narrowing.regionCodes.includes(region);
    }
    return true;
  };
  const list = (await listFollowUps(db, viewer)).filter((f) => {
    const opened = day.format(f.createdAt);
    return opened >= period.from && opened <= period.to && inPlace(f);
  });
  if (list.length === 0) return [];
  const ids = list.map((f) => f.id);
  const [messages, events, answers] = await Promise.all([
    db.selectFrom('follow_up_messages').select(['follow_up_id', (eb) => eb.fn.min('at').as('at')])
      .where('follow_up_id', 'in', ids).where('side', '=', 'provider').groupBy('follow_up_id').execute(),
    db.selectFrom('follow_up_events as e').innerJoin('staff_users as u', 'u.id', 'e.actor_id')
      .select(['e.follow_up_id', (eb) => eb.fn.min('e.at').as('at')])
      .where('e.follow_up_id', 'in', ids).where('e.kind', '=', 'state').where('u.role', '=', 'provider').groupBy('e.follow_up_id').execute(),
    db.selectFrom('follow_up_answers').where('follow_up_id', 'in', ids).groupBy('follow_up_id')
      .select(['follow_up_id', sql<number>`count(*) filter (where answer in ('yes', 'a_bit'))::int`.as('better'), sql<number>`count(*)::int`.as('total')])
      .execute(),
  ]);
  const answersOf = new Map(answers.map((a) => [a.follow_up_id, { better: a.better, total: a.total }]));
  const first = new Map<string, Date>();
  for (const r of [...messages, ...events]) {
    const at = new Date(r.at as Date | string);
    const seen = first.get(r.follow_up_id);
    if (!seen || at < seen) first.set(r.follow_up_id, at);
  }
  return list.map((f) => ({
    createdAt: f.createdAt, dueDate: f.dueDate, firstResponseAt: first.get(f.id) ?? null, confirmed: f.state === 'confirmed',
    familyAnswers: answersOf.get(f.id) ?? { better: 0, total: 0 },
  }));
}
