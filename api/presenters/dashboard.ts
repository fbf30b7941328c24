import type { DashboardFigures } from '../../models/dashboard.ts';
import { SMALL_COUNT, shownCount, sparkline, type Sparkline } from './theme-overview.ts';

/**
 * The municipality dashboard as the page shows it. Small numbers stay private: every count under
 * 5 reads "< 5", a share that rests on fewer than 5 stories is not shown, and a chart draws such
 * a number at a neutral height, so neither the table nor the picture gives it away.
 */
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** A share of `base` stories, or null when it would reveal a count under 5. */
export function shownShare(count: number, base: number, hideSmall: boolean): string | null {
  if (base <= 0) return null;
  if (hideSmall && count < SMALL_COUNT) return null;
  return percent(count / base);
}

const monthFormat = new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' });
export const monthLabel = (period: string) => monthFormat.format(new Date(`${period}-15T00:00:00Z`)).replace('.', '');
const shortFormat = new Intl.DateTimeFormat('nl-NL', { month: 'short', timeZone: 'UTC' });
const shortMonth = (period: string) => shortFormat.format(new Date(`${period}-15T00:00:00Z`)).replace('.', '');

export interface BarChart {
  width: number;
  height: number;
  bars: { x: string; y: string; width: string; height: string; hidden: boolean; label: string; short: string; shown: string; labelX: string }[];
  summary: string;
}

const CHART = { width: 640, height: 180, top: 8, bottom: 24 };

/** Stories per month as bars; a month with 1–4 stories stands at 2.5 and is drawn open. */
export function monthBars(periods: readonly string[], counts: ReadonlyMap<string, number>, hideSmall: boolean): BarChart {
  const values = periods.map((p) => counts.get(p) ?? 0);
  const hidden = values.map((v) => hideSmall && v > 0 && v < SMALL_COUNT);
  const plotted = values.map((v, i) => (hidden[i] ? SMALL_COUNT / 2 : v));
  const max = Math.max(SMALL_COUNT, ...plotted);
  const slot = CHART.width / Math.max(1, periods.length);
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const bars = periods.map((p, i) => {
    const h = (plotted[i]! / max) * plotHeight;
    const shown = hidden[i] ? '< 5' : String(values[i]);
    return {
      x: (i * slot + slot * 0.15).toFixed(1), width: (slot * 0.7).toFixed(1),
      y: (CHART.top + plotHeight - h).toFixed(1), height: h.toFixed(1),
      hidden: hidden[i]!, label: monthLabel(p), short: shortMonth(p), shown, labelX: (i * slot + slot / 2).toFixed(1),
    };
  });
  return {
    width: CHART.width, height: CHART.height, bars,
    summary: bars.length ? `Verhalen per maand, van ${bars[0]!.label} (${bars[0]!.shown}) tot ${bars.at(-1)!.label} (${bars.at(-1)!.shown})` : '',
  };
}

export type TrendWord = 'meer' | 'minder' | 'gelijk' | 'te weinig';

/** The last three months against the three before; numbers under 5 on either side say nothing safe. */
export function trendOf(periods: readonly string[], monthly: ReadonlyMap<string, number>, hideSmall: boolean): TrendWord {
  const total = (list: readonly string[]) => list.reduce((sum, p) => sum + (monthly.get(p) ?? 0), 0);
  const recent = total(periods.slice(-3));
  const before = total(periods.slice(-6, -3));
  if (recent + before < SMALL_COUNT || (hideSmall && (recent < SMALL_COUNT || before < SMALL_COUNT))) return 'te weinig';
  if (recent > before * 1.25) return 'meer';
  if (recent < before * 0.8) return 'minder';
  return 'gelijk';
}

const TREND_TEXT: Record<TrendWord, string> = {
  meer: 'Meer dan de 3 maanden ervoor', minder: 'Minder dan de 3 maanden ervoor', gelijk: 'Ongeveer gelijk', 'te weinig': 'Te weinig verhalen om te vergelijken',
};

/** How far above the baseline a provider's share must be to call it "meer dan gemiddeld": 5 percentage points. */
export const ABOVE_BASELINE = 0.05;

export interface MixRow {
  name: string;
  shown: string;
  share: string | null;
  baseline: string | null;
  /** percentage points above (+) or below (−) the baseline, only when both shares are shown */
  difference: string | null;
  above: boolean;
  /** bar widths in % of the widest share */
  shareWidth: number;
  baselineWidth: number;
}

/**
 * A provider's theme mix against all stories in view: which themes come up more at this provider.
 * A theme the provider has fewer than 5 stories on shows "< 5" and no share.
 */
export function mixRows(providerCount: number, providerThemes: ReadonlyMap<string, number>,
  themes: readonly { themeId: string; name: string; count: number }[], total: number, hideSmall: boolean): MixRow[] {
  const rows = themes.filter((t) => (providerThemes.get(t.themeId) ?? 0) > 0).map((t) => {
    const count = providerThemes.get(t.themeId)!;
    const ownShare = shownShare(count, providerCount, hideSmall) === null ? null : count / providerCount;
    const baseShare = shownShare(t.count, total, hideSmall) === null ? null : t.count / total;
    const diff = ownShare !== null && baseShare !== null ? ownShare - baseShare : null;
    return { t, count, ownShare, baseShare, diff };
  }).sort((a, b) => b.count - a.count || (a.t.themeId < b.t.themeId ? -1 : 1));
  const widest = Math.max(0.01, ...rows.flatMap((r) => [r.ownShare ?? 0, r.baseShare ?? 0]));
  return rows.map(({ t, count, ownShare, baseShare, diff }) => ({
    name: t.name,
    shown: shownCount(count, hideSmall),
    share: ownShare === null ? null : percent(ownShare),
    baseline: baseShare === null ? null : percent(baseShare),
    difference: diff === null ? null : `${diff >= 0 ? '+' : '−'}${Math.round(Math.abs(diff) * 100)}`,
    above: diff !== null && diff >= ABOVE_BASELINE,
    shareWidth: Math.round(((ownShare ?? 0) / widest) * 100),
    baselineWidth: Math.round(((baseShare ?? 0) / widest) * 100),
  }));
}

/** "40 minuten", "5 uur", "3 dagen": rounded, in plain words. */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minuut' : `${minutes} minuten`;
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return hours === 1 ? '1 uur' : `${hours} uur`;
  const days = Math.round(seconds / 86400);
  return `${days} dagen`;
}

const TONES = [
  { key: 'negative', label: 'Negatief' },
  { key: 'mixed', label: 'Gemengd' },
  { key: 'positive', label: 'Positief' },
  { key: 'unknown', label: 'Nog niet bekeken door de computer' },
] as const;

export interface PresentedDashboard {
  totalShown: string;
  months: BarChart;
  themes: { id: string; name: string; shown: string; share: string | null; width: number; trend: Sparkline; trendText: string }[];
  unassigned: { shown: string; share: string | null };
  providers: { id: string; name: string; shown: string; width: number; small: boolean; above: string[]; mix: MixRow[] }[];
  providersCounted: number;
  withoutProvider: string;
  tone: { key: string; label: string; shown: string; share: string | null; width: number }[];
  urgent: { total: string; viewed: string; unviewed: string; median: string | null };
}

export function presentDashboard(f: DashboardFigures, hideSmall: boolean): PresentedDashboard {
  const themeName = (t: { name: string | null; label: string }) => t.name ?? t.label;
  const named = f.themes.map((t) => ({ themeId: t.themeId, name: themeName(t), count: t.count }));
  const widestTheme = Math.max(1, ...f.themes.map((t) => t.count));
  const widestProvider = Math.max(1, ...f.providers.map((p) => p.count));
  // A bar's length must not give away a hidden count: small ones are drawn as 2.5.
  const barWidth = (count: number, widest: number) =>
    Math.max(1, Math.round(((hideSmall && count < SMALL_COUNT ? Math.min(count, SMALL_COUNT / 2) : count) / Math.max(widest, SMALL_COUNT)) * 100));
  const toneTotal = Object.values(f.tone).reduce((a, b) => a + b, 0);
  const widestTone = Math.max(1, ...Object.values(f.tone));
  return {
    totalShown: shownCount(f.total, hideSmall),
    months: monthBars(f.periods, f.perMonth, hideSmall),
    themes: f.themes.map((t) => ({
      id: t.themeId, name: themeName(t), shown: shownCount(t.count, hideSmall), share: shownShare(t.count, f.total, hideSmall),
      width: barWidth(t.count, widestTheme), trend: sparkline(f.periods, t.monthly, hideSmall), trendText: TREND_TEXT[trendOf(f.periods, t.monthly, hideSmall)],
    })),
    unassigned: { shown: shownCount(f.unassigned, hideSmall), share: shownShare(f.unassigned, f.total, hideSmall) },
    providers: f.providers.map((p) => {
      const small = hideSmall && p.count < SMALL_COUNT;
      const mix = small ? [] : mixRows(p.count, p.themes, named, f.total, hideSmall);
      return {
        id: p.providerId, name: p.name, shown: shownCount(p.count, hideSmall), width: barWidth(p.count, widestProvider), small,
        above: mix.filter((r) => r.above).map((r) => r.name), mix,
      };
    }),
    providersCounted: f.providersCounted,
    withoutProvider: shownCount(f.withoutProvider, hideSmall),
    tone: TONES.filter((t) => t.key !== 'unknown' || f.tone.unknown > 0).map((t) => ({
      key: t.key, label: t.label, shown: shownCount(f.tone[t.key], hideSmall), share: shownShare(f.tone[t.key], toneTotal, hideSmall),
      width: barWidth(f.tone[t.key], widestTone),
    })),
    urgent: {
      total: shownCount(f.urgent.total, hideSmall),
      viewed: shownCount(f.urgent.viewed, hideSmall),
      unviewed: shownCount(f.urgent.total - f.urgent.viewed, hideSmall),
      median: f.urgent.medianSecondsToView === null || (hideSmall && f.urgent.viewed < SMALL_COUNT) ? null : formatDuration(f.urgent.medianSecondsToView),
    },
  };
}
