import type { ReportFigures } from '../../models/report.ts';
import { monthBars, shownShare, trendOf, type BarChart, type TrendWord } from './dashboard.ts';
import { SMALL_COUNT, shownCount } from './theme-overview.ts';

/**
 * The region report as the page shows it. Story counts under 5 read "< 5" and such a theme gets no
 * quotes. Follow-up figures count requests, not stories, so they are shown as they are; a share
 * that rests on fewer than 5 requests is not given as a percentage, because it would say little.
 */
const percent = (share: number) => `${Math.round(share * 100)}%`;
const requestShare = (share: number | null, base: number) => (share === null || base < SMALL_COUNT ? null : percent(share));
const days = (d: number) => `${String(d).replace('.', ',')} ${d === 1 ? 'dag' : 'dagen'}`;

const TREND_TEXT: Record<TrendWord, string> = {
  meer: 'Meer dan de 3 maanden ervoor', minder: 'Minder dan de 3 maanden ervoor', gelijk: 'Ongeveer gelijk', 'te weinig': 'Te weinig verhalen om te vergelijken',
};

export interface PresentedReport {
  totalShown: string;
  months: BarChart;
  themes: { id: string; name: string; shown: string; share: string | null; trend: string; quotes: { text: string }[] }[];
  followUps: {
    opened: number; answered: number; dueBase: number; answeredBeforeDue: number;
    shareBeforeDue: string | null; medianDays: string | null; shareConfirmed: string | null; confirmed: number;
    familiesBase: number; improvedByFamilies: number; shareImprovedByFamilies: string | null;
  };
}

export function presentReport(f: ReportFigures, hideSmall: boolean): PresentedReport {
  const fu = f.followUps;
  return {
    totalShown: shownCount(f.total, hideSmall),
    months: monthBars(f.periods, f.perMonth, hideSmall),
    themes: f.themes.map((t) => ({
      id: t.themeId, name: t.name, shown: shownCount(t.count, hideSmall), share: shownShare(t.count, f.total, hideSmall),
      trend: TREND_TEXT[trendOf(f.periods, t.monthly, hideSmall)],
      quotes: t.count >= SMALL_COUNT ? (f.quotes.get(t.themeId) ?? []).map((q) => ({ text: q.text })) : [],
    })),
    followUps: {
      opened: fu.opened, answered: fu.answered, dueBase: fu.dueBase, answeredBeforeDue: fu.answeredBeforeDue, confirmed: fu.confirmed,
      shareBeforeDue: requestShare(fu.shareBeforeDue, fu.dueBase),
      medianDays: fu.medianDaysToResponse === null ? null : days(fu.medianDaysToResponse),
      shareConfirmed: requestShare(fu.shareConfirmed, fu.opened),
      familiesBase: fu.familiesBase, improvedByFamilies: fu.improvedByFamilies,
      shareImprovedByFamilies: requestShare(fu.shareImprovedByFamilies, fu.familiesBase),
    },
  };
}
