import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../helpers/backends.ts';
import type { DatabaseHandle } from '../../models/db.ts';
import { providerThemeMix, themeShares, themeTrend, type ThemeViewFilter } from '../../models/theme-views.ts';
import { membershipsOf } from '../../models/themes.ts';
import { reclusterThemes } from '../../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData, REGION_OF, type Placed } from './theme-fixtures.ts';

for (const backend of backendNames()) {
  describe(`Theme views [${backend}]`, function () {
    this.timeout(120_000);
    let handle: DatabaseHandle;
    let placed: Placed[];
    let themeOf: Map<string, string | null>;

    before(async () => {
      handle = await openTestDatabase(backend);
      placed = await insertStories(handle.db, EVAL_STORIES, await prepareReferenceData(handle.db));
      await reclusterThemes({ db: handle.db, engine: createThemeEngine({ models: null }) }, 'test');
      const memberships = await membershipsOf(handle.db, placed.map((p) => p.narrativeId));
      themeOf = new Map(placed.map((p) => [p.narrativeId, memberships.get(p.narrativeId)?.themeId ?? null]));
    });
    after(async () => handle?.close());

    /** The same counts, worked out here from the stories and their memberships. */
    function expected(stories: readonly Placed[]): Map<string | null, number> {
      const counts = new Map<string | null, number>();
      for (const p of stories) counts.set(themeOf.get(p.narrativeId)!, (counts.get(themeOf.get(p.narrativeId)!) ?? 0) + 1);
      return counts;
    }

    async function checkShares(filter: ThemeViewFilter, stories: readonly Placed[]) {
      const shares = await themeShares(handle.db, filter);
      const counts = expected(stories);
      expect(shares.total).to.equal(stories.length);
      expect(shares.unassigned.count).to.equal(counts.get(null) ?? 0);
      expect(Object.fromEntries(shares.themes.map((t) => [t.themeId, t.count])))
        .to.deep.equal(Object.fromEntries([...counts].filter(([id]) => id !== null)));
      const sum = shares.themes.reduce((s, t) => s + t.share, 0) + shares.unassigned.share;
      if (stories.length) expect(sum).to.be.closeTo(1, 1e-9);
      return shares;
    }

    it('gives each theme\'s share of all stories; with "niet ingedeeld" they add up to one', async () => {
      const shares = await checkShares({}, placed);
      expect(shares.themes.length).to.be.greaterThan(3);
      expect(shares.themes[0]!.label).to.be.a('string').and.not.equal('');
      expect(shares.themes.map((t) => t.count)).to.deep.equal([...shares.themes.map((t) => t.count)].sort((a, b) => b - a));
    });

    it('narrows to a provider, municipality, region, kind of sharer and period', async () => {
      const provider = placed[0]!.providerId;
      await checkShares({ providerIds: [provider] }, placed.filter((p) => p.providerId === provider));
      await checkShares({ municipalityCodes: ['GM0037'] }, placed.filter((p) => p.municipality === 'GM0037'));
      await checkShares({ regionCodes: ['JZ01'] }, placed.filter((p) => REGION_OF[p.municipality] === 'JZ01'));
      await checkShares({ sharerRoles: ['child', 'parent'] }, placed.filter((p) => p.role === 'child' || p.role === 'parent'));
      const from = new Date(Date.UTC(2025, 1, 1));
      const to = new Date(Date.UTC(2025, 3, 1));
      await checkShares({ from, to, regionCodes: ['JZ08'] }, placed.filter((p) => p.createdAt >= from && p.createdAt < to && REGION_OF[p.municipality] === 'JZ08'));
      await checkShares({ providerIds: [] }, []);
    });

    it('follows themes month by month and week by week', async () => {
      const months = await themeTrend(handle.db, {}, 'month');
      expect(months.map((m) => m.period)).to.deep.equal(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
      for (const month of months) {
        const inMonth = placed.filter((p) => p.createdAt.toISOString().slice(0, 7) === month.period);
        const counts = expected(inMonth);
        expect(month.total).to.equal(inMonth.length);
        expect(month.unassigned).to.equal(counts.get(null) ?? 0);
        expect(month.themes).to.deep.equal(Object.fromEntries([...counts].filter(([id]) => id !== null)));
      }
      const weeks = await themeTrend(handle.db, { sharerRoles: ['youth'] }, 'week');
      expect(weeks.every((w) => /^2025-W\d\d$/.test(w.period))).to.equal(true);
      expect(weeks.reduce((sum, w) => sum + w.total, 0)).to.equal(placed.filter((p) => p.role === 'youth').length);
    });

    it('sets a provider\'s theme mix against the stories of its region', async () => {
      const provider = placed[0]!.providerId;
      const mix = await providerThemeMix(handle.db, provider);
      expect(mix.regionCodes).to.deep.equal([REGION_OF[placed[0]!.municipality]]);
      const own = placed.filter((p) => p.providerId === provider);
      const region = placed.filter((p) => mix.regionCodes.includes(REGION_OF[p.municipality]!));
      expect(mix.providerTotal).to.equal(own.length);
      expect(mix.regionTotal).to.equal(region.length);
      const ownCounts = expected(own);
      const regionCounts = expected(region);
      for (const row of mix.themes) {
        expect(row.provider.count).to.equal(ownCounts.get(row.themeId) ?? 0);
        expect(row.region.count).to.equal(regionCounts.get(row.themeId) ?? 0);
        expect(row.difference).to.be.closeTo(row.provider.share - row.region.share, 1e-12);
      }
      const providerSum = mix.themes.reduce((s, r) => s + r.provider.share, 0) + mix.unassigned.provider;
      expect(providerSum).to.be.closeTo(1, 1e-9);
    });
  });
}
