import type { StaffRole } from '../../models/schema.ts';
import type { ThemeSummary } from '../../models/themes.ts';

/**
 * Numbers for the theme pages. Municipalities see aggregates only: a count under 5 shows as
 * "< 5" (and such a theme gets no quotes), so a small group of sharers cannot be singled out.
 */
export const SMALL_COUNT = 5;

/** Municipality and provider views never show a count under 5 (a child must not be recognisable by its group). */
export const hidesSmallCounts = (role: StaffRole) => role === 'municipality' || role === 'provider';

export function shownCount(count: number, hideSmall: boolean): string {
  return hideSmall && count < SMALL_COUNT ? '< 5' : String(count);
}

const monthFormat = new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (period: string) => monthFormat.format(new Date(`${period}-15T00:00:00Z`)).replace('.', '');

const SMALL = { width: 120, height: 32 };
const PAD = 3;

export interface Sparkline {
  width: number;
  height: number;
  /** labels of the first and last month */
  first: string;
  last: string;
  /** polyline points */
  line: string;
  /** one dot per month; `hidden` months (1–4 for municipalities) sit at a neutral height and are drawn open */
  dots: { x: string; y: string; hidden: boolean }[];
  /** the same numbers for screen readers and as a table */
  months: { label: string; shown: string }[];
  summary: string;
}

/**
 * A small line of stories per month. For municipalities a month with 1–4 stories is drawn at
 * 2.5 and listed as "< 5", so the chart does not give away what the numbers hide.
 */
export function sparkline(periods: readonly string[], counts: ReadonlyMap<string, number> | undefined, hideSmall: boolean,
  size: { width: number; height: number } = SMALL): Sparkline {
  const { width: WIDTH, height: HEIGHT } = size;
  const values = periods.map((p) => counts?.get(p) ?? 0);
  const hidden = values.map((v) => hideSmall && v > 0 && v < SMALL_COUNT);
  const plotted = values.map((v, i) => (hidden[i] ? SMALL_COUNT / 2 : v));
  const max = Math.max(SMALL_COUNT, ...plotted);
  const step = periods.length > 1 ? (WIDTH - 2 * PAD) / (periods.length - 1) : 0;
  const points = plotted.map((v, i) => ({
    x: (PAD + i * step).toFixed(1),
    y: (HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD)).toFixed(1),
  }));
  const months = periods.map((p, i) => ({ label: monthLabel(p), shown: hidden[i] ? '< 5' : String(values[i]) }));
  const first = months[0];
  const last = months.at(-1);
  return {
    width: WIDTH, height: HEIGHT, first: first?.label ?? '', last: last?.label ?? '',
    line: points.map((p) => `${p.x},${p.y}`).join(' '),
    dots: points.map((p, i) => ({ ...p, hidden: hidden[i]! })),
    months,
    summary: first && last ? `${first.label}: ${first.shown}, ${last.label}: ${last.shown}` : '',
  };
}

export const themeName = (t: Pick<ThemeSummary, 'name' | 'label'>) => t.name ?? t.label;

export const topKeywords = (t: Pick<ThemeSummary, 'keywords'>, n = 6) =>
  [...t.keywords].sort((a, b) => b.score - a.score).slice(0, n).map((k) => k.word);
