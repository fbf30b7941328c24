import fs from 'node:fs';
import { expect } from 'chai';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { staffAgent, createStaff, PASSWORD, totpCode, type StaffLogin } from '../helpers/staff.ts';
import { launchChromium, serve, screenshotDir, CHROMIUM } from '../helpers/browser.ts';
import { insertStoryRow } from '../helpers/fixtures.ts';
import type { System } from '../../system.ts';
import type { DB } from '../../models/db.ts';
import { syncReferenceData } from '../../models/reference.ts';
import { upsertProvider } from '../../models/providers.ts';
import { recentPeriods } from '../../models/theme-overview.ts';
import { monthLabel } from '../../api/presenters/dashboard.ts';
import type { ToneColumn } from '../../models/schema.ts';

const SECRET_WORDS = 'Zilverreiger op de woongroep';

interface Fixture { regionA: string; regionB: string; m1: string; m2: string; m3: string; big: string; small: string; mid: string; periods: string[] }

/** The 15th of the month, noon UTC: well inside the month in Dutch time too. */
const inMonth = (period: string) => new Date(`${period}-15T12:00:00Z`);

async function insert(db: DB, rows: { municipality: string; provider: string | null; createdAt: Date; theme: string | null; tone: ToneColumn; urgent?: boolean }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = await insertStoryRow(db, { municipality: r.municipality, provider: r.provider, createdAt: r.createdAt, urgent: r.urgent, text: `${SECRET_WORDS}, verhaal ${ids.length + 1}.` });
    ids.push(id);
    if (r.theme) await db.insertInto('theme_members').values({ narrative_id: id, theme_id: r.theme, similarity: 0.5, source: 'cluster' }).execute();
    await db.insertInto('narrative_signals').values({ narrative_id: id, tone: r.tone, tone_score: 0, tone_evidence: '[]', safety_flag: false, safety_reasons: '[]' }).execute();
  }
  return ids;
}

/**
 * Region A (in scope): provider "Groot" 30 stories in m1 (10 this month, 20 two months ago; 20
 * about wachten, 10 about luisteren; 6 urgent, 5 of them opened after 2 hours), "Klein" 3 in m2,
 * "Midden" 12 in m2 (last month). Region B (out of scope): 7 stories for "Groot".
 */
async function prepare(db: DB): Promise<Fixture> {
  await syncReferenceData(db);
  const munis = await db.selectFrom('municipalities').select(['code', 'region_code']).orderBy('region_code').orderBy('code').execute();
  const regionA = munis[0]!.region_code;
  const inA = munis.filter((m) => m.region_code === regionA);
  const b = munis.find((m) => m.region_code !== regionA)!;
  const [m1, m2, m3] = [inA[0]!.code, inA[1]!.code, b.code];
  const provider = async (name: string) => (await upsertProvider(db, { name, municipalities: [], regions: [], careTypes: [] })).id;
  const [big, small, mid] = [await provider('Jeugdhulp Groot (test)'), await provider('Gezinshuis Klein (test)'), await provider('Zorg Midden (test)')];
  await db.insertInto('themes').values([
    { id: 'dash-wait', label: 'wachten', name: 'Lang wachten', keywords: '[]', status: 'active', locked: false },
    { id: 'dash-listen', label: 'luisteren', name: 'Niet gehoord', keywords: '[]', status: 'active', locked: false },
  ]).execute();
  const periods = recentPeriods(new Date(), 12);
  const now = inMonth(periods[11]!) > new Date() ? new Date(Date.now() - 3 * 3600_000) : inMonth(periods[11]!);
  const bigRows = Array.from({ length: 30 }, (_, i) => ({
    municipality: m1, provider: big, createdAt: i < 10 ? now : inMonth(periods[9]!), theme: i < 20 ? 'dash-wait' : 'dash-listen',
    tone: 'negative' as const, urgent: i >= 24,
  }));
  const bigIds = await insert(db, bigRows);
  // Five of the six urgent stories were opened two hours after they came in.
  await db.insertInto('audit_events').values(bigIds.slice(24, 29).map((id, i) => ({
    at: new Date(bigRows[24 + i]!.createdAt.getTime() + 2 * 3600_000), actor_email: 'a@example.nl', actor_role: 'reviewer',
    action: 'story_viewed', target_kind: 'narrative', target_id: id,
  }))).execute();
  await insert(db, Array.from({ length: 3 }, () => ({ municipality: m2, provider: small, createdAt: inMonth(periods[10]!), theme: 'dash-wait', tone: 'mixed' as const })));
  await insert(db, Array.from({ length: 12 }, () => ({ municipality: m2, provider: mid, createdAt: inMonth(periods[10]!), theme: 'dash-listen', tone: 'positive' as const })));
  await insert(db, Array.from({ length: 7 }, () => ({ municipality: m3, provider: big, createdAt: inMonth(periods[10]!), theme: 'dash-wait', tone: 'negative' as const })));
  return { regionA, regionB: b.region_code, m1, m2, m3, big, small, mid, periods };
}

const figure = (html: string, name: string) => new RegExp(`data-figure="${name}">([^<]*)<`).exec(html)?.[1];
const monthRow = (html: string, period: string) => new RegExp(`<tr data-month="${monthLabel(period)}"><th scope="row">[^<]+</th><td>([^<]+)</td>`).exec(html)?.[1];
const themeRow = (html: string, id: string) => new RegExp(`<tr data-theme="${id}">[\\s\\S]*?<td class="dash-num">([^<]+)</td>\\s*<td class="dash-num">([^<]+)`).exec(html)?.slice(1);
function providerBlock(html: string, id: string): string {
  const start = html.indexOf(`data-provider="${id}"`);
  expect(start, `provider ${id} on the page`).to.be.greaterThan(-1);
  const end = html.indexOf('</li>', start);
  return html.slice(start, end);
}

for (const backend of backendNames()) {
  describe(`Municipality dashboard [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let fx: Fixture;
    let officer: StaffLogin;

    before(async () => {
      system = await testSystem(backend);
      fx = await prepare(system.database.db);
      officer = await staffAgent(system, 'municipality', { regions: [fx.regionA] });
    });
    after(async () => {
      await system?.worker?.stop(1000);
      await system?.database.close();
    });

    it('shows the stories per month, per theme, per provider, the tone and urgent pick-up of its own region only', async () => {
      const { text } = await officer.agent.get('/municipality').expect(200);
      expect(figure(text, 'total')).to.equal('45');
      expect(monthRow(text, fx.periods[11]!)).to.equal('10');
      expect(monthRow(text, fx.periods[10]!)).to.equal('15');
      expect(monthRow(text, fx.periods[9]!)).to.equal('20');
      expect(monthRow(text, fx.periods[8]!)).to.equal('0');
      expect(themeRow(text, 'dash-wait')).to.deep.equal(['23', '51%']);
      expect(themeRow(text, 'dash-listen')).to.deep.equal(['22', '49%']);
      expect(providerBlock(text, fx.big)).to.include('<strong>30</strong>');
      expect(providerBlock(text, fx.big)).to.include('href="/review?provider=' + fx.big + '"');
      expect(providerBlock(text, fx.mid)).to.include('<strong>12</strong>');
      // Groot: 20 of 30 about waiting (67%) against 23 of 45 (51%) in the region: +16 points.
      expect(providerBlock(text, fx.big)).to.match(/Meer dan gemiddeld: Lang wachten/);
      expect(providerBlock(text, fx.big)).to.include('<td class="dash-num">67%</td><td class="dash-num">51%</td><td class="dash-num">+16</td>');
      expect(text).to.match(/<tr data-tone="negative"><th scope="row">Negatief<\/th><td class="dash-num">30<\/td><td class="dash-num">67%<\/td>/);
      expect(figure(text, 'urgent')).to.equal('6');
      expect(figure(text, 'urgent-viewed')).to.equal('5');
      expect(figure(text, 'urgent-unviewed')).to.equal('&lt; 5');
      expect(figure(text, 'urgent-median')).to.equal('2 uur');
      expect(text).to.include('role="img"');
      expect(text).to.include('href="/review/themes"');
      expect(text).to.include('href="/review/urgent"');
    });

    it('shows a provider with 3 stories as "< 5" without its themes, and quotes nothing', async () => {
      const { text } = await officer.agent.get('/municipality').expect(200);
      const small = providerBlock(text, fx.small);
      expect(small).to.include('<strong>&lt; 5</strong>');
      expect(small).to.not.include('<details');
      expect(small).to.include('Te weinig verhalen');
      expect(text).to.not.include(SECRET_WORDS);
      expect(text).to.not.match(/<strong>[1-4]<\/strong>/);
      expect(text).to.not.match(/<td[^>]*>[1-4]<\/td>/);
    });

    it('narrows to a municipality in scope and refuses places outside it', async () => {
      const { text } = await officer.agent.get(`/municipality?municipality=${fx.m2}`).expect(200);
      expect(figure(text, 'total')).to.equal('15');
      expect(text).to.not.include(`data-provider="${fx.big}"`);
      expect(figure((await officer.agent.get(`/municipality?region=${fx.regionA}`).expect(200)).text, 'total')).to.equal('45');
      await officer.agent.get(`/municipality?region=${fx.regionB}`).expect(404);
      await officer.agent.get(`/municipality?municipality=${fx.m3}`).expect(404);
      await officer.agent.get('/municipality?region=onzin').expect(404);
    });

    it('is not there for provider and reviewer accounts', async () => {
      const provider = await staffAgent(system, 'provider', { providers: [fx.big] });
      await provider.agent.get('/municipality').expect(404);
      const reviewer = await staffAgent(system, 'reviewer');
      await reviewer.agent.get('/municipality').expect(404);
    });

    it('counts a new story and a first view on the next visit (the kept figures do not go stale)', async () => {
      await officer.agent.get('/municipality').expect(200);
      const [id] = await insert(system.database.db, [{ municipality: fx.m1, provider: fx.mid, createdAt: new Date(Date.now() - 3600_000), theme: null, tone: 'mixed', urgent: true }]);
      const { text } = await officer.agent.get('/municipality').expect(200);
      expect(figure(text, 'total')).to.equal('46');
      expect(figure(text, 'urgent')).to.equal('7');
      await system.database.db.insertInto('audit_events').values({ actor_email: 'a@example.nl', actor_role: 'reviewer', action: 'story_viewed', target_kind: 'narrative', target_id: id! }).execute();
      expect(figure((await officer.agent.get('/municipality').expect(200)).text, 'urgent-viewed')).to.equal('6');
    });

    if (backend === 'pglite') {
      it('looks right on a phone (390 px) and a desktop (1280 px)', async function () {
        const browser = await launchChromium();
        if (!browser) {
          console.log(`  (Screenshots overgeslagen: Chromium niet gevonden op ${CHROMIUM})`);
          return this.skip();
        }
        const server = await serve(system.app!);
        try {
          const email = await createStaff(system, 'municipality', { regions: [fx.regionA] });
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          await page.goto(`${server.url}/login`);
          await page.getByLabel('E-mailadres').fill(email);
          await page.getByLabel('Wachtwoord').fill(PASSWORD);
          await page.getByRole('button', { name: 'Inloggen' }).click();
          const secret = await page.locator('code.secret').textContent();
          await page.getByRole('textbox', { name: 'Code' }).fill(totpCode(secret!.trim()));
          await page.getByRole('button', { name: 'Verder' }).click();
          await page.waitForURL(/\/municipality/);
          fs.mkdirSync(screenshotDir, { recursive: true });
          await page.locator('details.dash-mix').first().evaluate((d) => { (d as HTMLDetailsElement).open = true; });
          await page.screenshot({ path: `${screenshotDir}dashboard-1280.png`, fullPage: true });
          await page.setViewportSize({ width: 390, height: 844 });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          await page.screenshot({ path: `${screenshotDir}dashboard-390.png`, fullPage: true });
          expect(overflow, 'no sideways scrolling on a phone').to.be.at.most(0);
        } finally {
          await browser.close();
          await server.close();
        }
      });
    }
  });
}
