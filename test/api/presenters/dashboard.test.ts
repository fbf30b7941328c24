import { expect } from 'chai';
import { formatDuration, mixRows, monthBars, presentDashboard, shownShare, trendOf } from '../../../api/presenters/dashboard.ts';
import type { DashboardFigures } from '../../../models/dashboard.ts';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

describe('Dashboard presenter (small numbers stay private)', () => {
  it('hides a share that rests on fewer than 5 stories', () => {
    expect(shownShare(3, 100, true)).to.equal(null);
    expect(shownShare(5, 100, true)).to.equal('5%');
    expect(shownShare(3, 4, false)).to.equal('75%');
    expect(shownShare(0, 0, false)).to.equal(null);
  });

  it('draws a month with 1–4 stories at a neutral height and lists it as "< 5"', () => {
    const chart = monthBars(PERIODS.slice(0, 3), new Map([['2026-01', 3], ['2026-02', 1], ['2026-03', 10]]), true);
    expect(chart.bars.map((b) => b.shown)).to.deep.equal(['< 5', '< 5', '10']);
    expect(chart.bars[0]!.height).to.equal(chart.bars[1]!.height);
    expect(chart.bars.map((b) => b.hidden)).to.deep.equal([true, true, false]);
    expect(chart.summary).to.include('(< 5)');
  });

  it('compares the last three months with the three before, unless either rests on fewer than 5', () => {
    const m = (values: number[]) => new Map(PERIODS.map((p, i) => [p, values[i]!]));
    expect(trendOf(PERIODS, m([5, 5, 5, 10, 10, 10]), true)).to.equal('meer');
    expect(trendOf(PERIODS, m([10, 10, 10, 5, 5, 5]), true)).to.equal('minder');
    expect(trendOf(PERIODS, m([5, 5, 5, 5, 5, 6]), true)).to.equal('gelijk');
    expect(trendOf(PERIODS, m([1, 1, 1, 10, 10, 10]), true)).to.equal('te weinig');
  });

  it('marks a provider theme "meer dan gemiddeld" only when both shares can be shown', () => {
    const themes = [{ themeId: 'a', name: 'A', count: 50, }, { themeId: 'b', name: 'B', count: 50 }, { themeId: 'c', name: 'C', count: 4 }];
    const rows = mixRows(20, new Map([['a', 14], ['b', 3], ['c', 3]]), themes, 104, true);
    expect(rows[0]).to.include({ name: 'A', shown: '14', share: '70%', baseline: '48%', difference: '+22', above: true });
    expect(rows.find((r) => r.name === 'B')).to.include({ shown: '< 5', share: null, above: false, difference: null });
    expect(rows.find((r) => r.name === 'C')).to.include({ shown: '< 5', share: null, baseline: null });
  });

  it('says durations in plain words', () => {
    expect(formatDuration(40 * 60)).to.equal('40 minuten');
    expect(formatDuration(2 * 3600)).to.equal('2 uur');
    expect(formatDuration(3 * 86400)).to.equal('3 dagen');
  });

  it('turns every count under 5 into "< 5" and hides the theme mix of a small provider', () => {
    const figures: DashboardFigures = {
      periods: PERIODS, total: 24, perMonth: new Map([['2026-06', 24]]),
      themes: [{ themeId: 'a', label: 'a', name: 'A', count: 20, monthly: new Map([['2026-06', 20]]) }], unassigned: 4,
      providers: [{ providerId: 'p1', name: 'Groot', count: 21, themes: new Map([['a', 18]]) }, { providerId: 'p2', name: 'Klein', count: 3, themes: new Map([['a', 2]]) }],
      providersCounted: 2, withoutProvider: 0, tone: { positive: 2, negative: 20, mixed: 2, unknown: 0 },
      urgent: { total: 4, viewed: 3, medianSecondsToView: 600 },
    };
    const p = presentDashboard(figures, true);
    expect(p.unassigned).to.deep.equal({ shown: '< 5', share: null });
    expect(p.providers[1]).to.include({ shown: '< 5', small: true });
    expect(p.providers[1]!.mix).to.deep.equal([]);
    expect(p.tone.find((t) => t.key === 'positive')).to.include({ shown: '< 5', share: null });
    expect(p.urgent).to.deep.equal({ total: '< 5', viewed: '< 5', unviewed: '< 5', median: null });
    expect(p.withoutProvider).to.equal('< 5');
    const open = presentDashboard(figures, false);
    expect(open.providers[1]!.shown).to.equal('3');
    expect(open.urgent.median).to.equal('10 minuten');
  });
});
