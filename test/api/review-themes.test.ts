import { expect } from 'chai';
import { sql } from 'kysely';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import type { System } from '../../system.ts';
import type { DB } from '../../models/db.ts';
import { listAudit } from '../../models/audit.ts';
import { saveDetected } from '../../models/redactions.ts';
import { listThemes, membersOfThemes, membershipsOf, themesByIds } from '../../models/themes.ts';
import { reclusterThemes } from '../../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData, type Placed } from '../models/theme-fixtures.ts';

const NAME = 'Jorieke Zandbergen';

/** The card of one theme on the overview page. */
function card(html: string, themeId: string): string {
  const start = html.indexOf(`id="thema-${themeId}"`);
  expect(start, `theme ${themeId} on the page`).to.be.greaterThan(-1);
  const end = html.indexOf('<li class="theme-card"', start);
  return html.slice(start, end < 0 ? undefined : end);
}
const sizeOn = (cardHtml: string) => /class="theme-card__size"><strong>([^<]+)<\/strong>/.exec(cardHtml)?.[1];
const quotedIds = (cardHtml: string) => [...cardHtml.matchAll(/class="quote__link" href="\/(?:review|provider)\/stories\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

for (const backend of backendNames()) {
  describe(`Theme overview, curation and urgent inbox [${backend}]`, function () {
    this.timeout(180_000);
    let system: System;
    let db: DB;
    let placed: Placed[];
    let providers: string[];
    let reviewer: StaffLogin;
    let named: string;

    before(async () => {
      system = await testSystem(backend);
      db = system.database.db;
      providers = await prepareReferenceData(db);
      placed = await insertStories(db, EVAL_STORIES.slice(0, 150), providers);
      // The fixtures are dated in 2025; the overview charts the last twelve months.
      await sql`update narratives set created_at = now() - make_interval(months => abs(hashtext(id::text)) % 6, days => 1)`.execute(db);
      const result = await reclusterThemes({ db, engine: createThemeEngine({ models: null }) }, 'test');
      if (result.kind !== 'done') throw new Error(result.reason);

      // The most representative story of the largest theme carries a name the redaction masks.
      const [largest] = await listThemes(db);
      named = (await membersOfThemes(db, [largest!.id])).get(largest!.id)![0]!.narrativeId;
      await sql`update narratives set text = ${`${NAME} hier. `} || text where id = ${named}`.execute(db);
      const texts = await db.selectFrom('narratives').select(['id', 'text']).execute();
      for (const t of texts) {
        const spans = t.id === named ? [{ start: 0, end: NAME.length, kind: 'name' as const }] : [];
        await saveDetected(db, t.id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(t.text), spans }]);
      }
      reviewer = await staffAgent(system, 'reviewer');
    });
    after(async () => system?.database.close());

    it('shows every active theme with its size, a chart with the numbers as text, keywords and redacted quotes', async () => {
      const themes = await listThemes(db);
      const page = await reviewer.agent.get('/review/themes').expect(200);
      for (const theme of themes) {
        const html = card(page.text, theme.id);
        expect(sizeOn(html)).to.equal(String(theme.size));
        expect(html).to.include(`href="/review?theme=${theme.id}"`);
        expect(html).to.include('<polyline class="spark__line"');
        expect(html).to.match(/<caption>Verhalen per maand/);
        expect((html.match(/<tr><th scope="row">/g) ?? []).length).to.equal(12);
      }
      const largest = card(page.text, themes[0]!.id);
      expect(quotedIds(largest).length).to.be.within(2, 3);
      expect(largest).to.include('class="badge badge--quiet"');
      // The masked name never reaches a quote; its placeholder does.
      expect(quotedIds(largest)[0]).to.equal(named);
      expect(page.text).to.not.include('Zandbergen');
      expect(page.text).to.not.include('Jorieke');
      expect(largest).to.include('[naam] hier.');
    });

    it('shows a municipality only the counts of its own places, "< 5" for small ones, and no quotes for those', async () => {
      const municipality = await staffAgent(system, 'municipality', { municipalities: ['GM0034'] });
      const inScope = new Set(placed.filter((p) => p.municipality === 'GM0034').map((p) => p.narrativeId));
      const memberships = await membershipsOf(db, placed.map((p) => p.narrativeId));
      const expected = new Map<string, number>();
      for (const id of inScope) {
        const theme = memberships.get(id)?.themeId;
        if (theme) expected.set(theme, (expected.get(theme) ?? 0) + 1);
      }
      const page = await municipality.agent.get('/review/themes').expect(200);
      let small = 0;
      for (const theme of await listThemes(db)) {
        const html = card(page.text, theme.id);
        const count = expected.get(theme.id) ?? 0;
        expect(sizeOn(html), theme.id).to.equal(count < 5 ? '&lt; 5' : String(count));
        if (count < 5) {
          small++;
          expect(quotedIds(html)).to.deep.equal([]);
        }
        for (const id of quotedIds(html)) expect(inScope.has(id), 'quote from the municipality\'s own places').to.equal(true);
      }
      expect(small, 'the fixture has small themes in this municipality').to.be.greaterThan(0);
      expect([...expected.values()].some((c) => c >= 5), 'and larger ones').to.equal(true);
      // Curation is for reviewers: the forms are not there and the commands are refused.
      const theme = (await listThemes(db))[0]!;
      const detail = await municipality.agent.get(`/review/themes/${theme.id}`).expect(200);
      expect(detail.text).to.not.include('/name"');
      await municipality.agent.post(`/review/themes/${theme.id}/name`).type('form')
        .send({ _csrf: tokenFrom(detail.text), name: 'Niet van mij' }).expect(404);
      expect((await themesByIds(db, [theme.id])).get(theme.id)!.name).to.not.equal('Niet van mij');
    });

    it('renames, locks, merges and splits through the forms; each is stored and audited', async () => {
      const themes = await listThemes(db);
      const [a, b] = themes.slice(-2);
      const c = themes.find((t) => t.size >= 2 && t.id !== a!.id && t.id !== b!.id);
      let page = await reviewer.agent.get(`/review/themes/${a!.id}`).expect(200);
      let res = await reviewer.agent.post(`/review/themes/${a!.id}/name`).type('form').send({ _csrf: tokenFrom(page.text), name: 'Wachten op hulp' }).expect(303);
      expect(res.headers.location).to.equal(`/review/themes/${a!.id}?klaar=naam#melding`);
      expect((await themesByIds(db, [a!.id])).get(a!.id)!.name).to.equal('Wachten op hulp');
      page = await reviewer.agent.get(res.headers.location!).expect(200);
      expect(page.text).to.include('De naam is opgeslagen.');

      await reviewer.agent.post(`/review/themes/${a!.id}/lock`).type('form').send({ _csrf: tokenFrom(page.text), locked: '1' }).expect(303);
      expect((await themesByIds(db, [a!.id])).get(a!.id)!.locked).to.equal(true);

      const sizes = a!.size + b!.size;
      await reviewer.agent.post(`/review/themes/${a!.id}/merge`).type('form').send({ _csrf: tokenFrom(page.text), other: b!.id }).expect(303);
      const after = await themesByIds(db, [a!.id, b!.id]);
      expect(after.get(a!.id)!.size).to.equal(sizes);
      expect(after.get(b!.id)).to.include({ status: 'merged', mergedInto: a!.id });
      const gone = await reviewer.agent.get(`/review/themes/${b!.id}`).expect(200);
      expect(gone.text).to.include(`href="/review/themes/${a!.id}"`);

      page = await reviewer.agent.get(`/review/themes/${c!.id}`).expect(200);
      const offered = [...page.text.matchAll(/name="stories" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
      expect(offered.length).to.equal(c!.size);
      res = await reviewer.agent.post(`/review/themes/${c!.id}/split`).type('form')
        .send(`_csrf=${encodeURIComponent(tokenFrom(page.text))}&stories=${offered[0]}&name=${encodeURIComponent('Apart')}`).expect(303);
      const newId = new URL(res.headers.location!, 'http://x').searchParams.get('nieuw')!;
      expect((await themesByIds(db, [newId])).get(newId)).to.include({ name: 'Apart', size: 1 });

      const audit = (await listAudit(db, { action: 'theme_curated' })).reverse();
      expect(audit.map((e) => [e.targetId, e.detail.op])).to.deep.equal([
        [a!.id, 'rename'], [a!.id, 'lock'], [a!.id, 'merge'], [c!.id, 'split'],
      ]);
      expect(audit[0]!.actorEmail).to.equal(reviewer.email);
    });

    it('shows a refusal from the curation commands as a Dutch message on the page', async () => {
      const theme = (await listThemes(db))[0]!;
      const page = await reviewer.agent.get(`/review/themes/${theme.id}`).expect(200);
      const res = await reviewer.agent.post(`/review/themes/${theme.id}/name`).type('form').send({ _csrf: tokenFrom(page.text), name: '   ' }).expect(422);
      expect(res.text).to.include('Geef het thema een naam.');
      const all = await reviewer.agent.post(`/review/themes/${theme.id}/merge`).type('form').send({ _csrf: tokenFrom(page.text), other: theme.id }).expect(422);
      expect(all.text).to.include('Kies minstens twee thema’s om samen te voegen.');
      await reviewer.agent.post(`/review/themes/${theme.id}/name`).type('form').send({ name: 'Zonder token' }).expect(403);
      await reviewer.agent.post('/review/themes/theme-bestaat-niet/name').type('form').send({ _csrf: tokenFrom(page.text), name: 'X' }).expect(404);
    });

    it('gives a provider none of the reviewers\' pages', async () => {
      const provider = await staffAgent(system, 'provider', { providers: [providers[0]!] });
      const theme = (await listThemes(db))[0]!;
      await provider.agent.get('/review/themes').expect(404);
      await provider.agent.get(`/review/themes/${theme.id}`).expect(404);
      await provider.agent.get('/review/urgent').expect(404);
    });

    it('shows a provider its own themes: only stories its sharers let it read, "< 5" for small ones', async () => {
      const own = placed.filter((p) => p.providerId === providers[0]);
      const shared = own.filter((_, i) => i % 2 === 0).map((p) => p.narrativeId);
      await db.updateTable('narratives').set({ consent: 'provider' }).where('id', 'in', shared).execute();
      try {
        const provider = await staffAgent(system, 'provider', { providers: [providers[0]!] });
        const memberships = await membershipsOf(db, shared);
        const expected = new Map<string, number>();
        for (const id of shared) {
          const theme = memberships.get(id)?.themeId;
          if (theme) expected.set(theme, (expected.get(theme) ?? 0) + 1);
        }
        const page = await provider.agent.get('/provider/themes').expect(200);
        for (const [themeId, count] of expected) {
          const html = card(page.text, themeId);
          expect(sizeOn(html), themeId).to.equal(count < 5 ? '&lt; 5' : String(count));
          if (count < 5) expect(quotedIds(html)).to.deep.equal([]);
          for (const id of quotedIds(html)) expect(shared.includes(id), 'a quote the sharer let the provider read').to.equal(true);
        }
        expect(page.text).to.not.include('/review/');
      } finally {
        await db.updateTable('narratives').set({ consent: 'reviewers' }).where('id', 'in', shared).execute();
      }
    });

    it('lists urgent stories with why, and after a reviewer opens one, who looked and when', async () => {
      const [urgent, outside] = [placed[3]!, placed.find((p) => p.municipality !== placed[3]!.municipality)!];
      await sql`update narratives set urgent = true where id in (${urgent.narrativeId}, ${outside.narrativeId})`.execute(db);
      let page = await reviewer.agent.get('/review/urgent').expect(200);
      const entry = () => {
        const start = page.text.indexOf(`href="/review/stories/${urgent.narrativeId}"`);
        expect(start).to.be.greaterThan(-1);
        return page.text.slice(start, page.text.indexOf('</li>', page.text.indexOf('class="seen', start)));
      };
      expect(entry()).to.include('Zelf dringend gemeld');
      expect(entry()).to.include('Nog door niemand bekeken');

      await reviewer.agent.get(`/review/stories/${urgent.narrativeId}`).expect(200);
      page = await reviewer.agent.get('/review/urgent').expect(200);
      expect(entry()).to.not.include('Nog door niemand bekeken');
      expect(entry()).to.include(reviewer.email);
      expect(entry()).to.match(/<time datetime="\d{4}-\d\d-\d\dT/);

      // A municipality sees only the urgent stories of its own places.
      const municipality = await staffAgent(system, 'municipality', { municipalities: [urgent.municipality] });
      const own = await municipality.agent.get('/review/urgent').expect(200);
      expect(own.text).to.include(urgent.narrativeId);
      expect(own.text).to.not.include(outside.narrativeId);
    });
  });
}
