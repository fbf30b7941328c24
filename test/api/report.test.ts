import { sql } from 'kysely';
import { expect } from 'chai';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { createStaff, staffAgent, type StaffLogin } from '../helpers/staff.ts';
import { insertStoryRow, twoRegions } from '../helpers/fixtures.ts';
import type { System } from '../../system.ts';
import type { DB } from '../../models/db.ts';
import type { ConsentScope } from '../../models/schema.ts';
import type { Viewer } from '../../models/staff.ts';
import { upsertProvider } from '../../models/providers.ts';
import { saveDetected } from '../../models/redactions.ts';
import { createFollowUp } from '../../models/follow-ups.ts';
import { dutchDay } from '../../services/report-figures.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

interface Fixture { regionA: string; regionB: string; m1: string; m3: string; provider: string; officer: Viewer; providerUser: string }

/** Stories of one theme, each with its text checked by the worker (no personal data found). */
async function stories(db: DB, rows: { municipality: string; provider: string; theme: string; consent: ConsentScope; text: string; representative?: number; checked?: boolean }[]) {
  for (const r of rows) {
    const id = await insertStoryRow(db, { municipality: r.municipality, provider: r.provider, text: r.text, consent: r.consent, createdAt: ago(20) });
    await db.insertInto('theme_members').values({ narrative_id: id, theme_id: r.theme, similarity: 0.5, source: 'cluster', representative: r.representative ?? null }).execute();
    if (r.checked !== false) await saveDetected(db, id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(r.text), spans: [] }]);
  }
}

/**
 * Region A (in scope): theme "rep-big" with 8 stories in m1 — one shared for providers only (marked
 * most representative), one public but not yet checked, six public and checked; theme "rep-small"
 * with 3 public stories. Region B: 6 more "rep-big" stories (out of scope).
 * Follow-ups for region A (days before today): A opened 60, due 50, provider message at 58 (2 days, in
 * time, confirmed); B opened 50, due 40, provider state change at 46 (4 days, in time); C opened
 * 40, due 35, provider message at 20 (20 days, late); D opened 30, due 20, no answer; F opened
 * 30, due 10, only a municipality message; E opened 5, due in 20 days, no answer (not yet
 * counted); G opened 400 days ago (outside the period).
 */
async function prepare(system: System): Promise<Fixture> {
  const db = system.database.db;
  const { regionA, m1, regionB, mB } = await twoRegions(db);
  const provider = (await upsertProvider(db, { name: 'Jeugdhulp Rapport (test)', municipalities: [], regions: [], careTypes: [] })).id;
  await db.insertInto('themes').values([
    { id: 'rep-big', label: 'wachten', name: 'Lang wachten', keywords: '[]', status: 'active', locked: false },
    { id: 'rep-small', label: 'vervoer', name: 'Vervoer', keywords: '[]', status: 'active', locked: false },
  ]).execute();
  await stories(db, [
    { municipality: m1, provider, theme: 'rep-big', consent: 'provider', text: 'Alleen voor de aanbieder: geheim verhaal.', representative: 1 },
    { municipality: m1, provider, theme: 'rep-big', consent: 'public', text: 'Nog niet nagekeken verhaal over wachten.', representative: 2, checked: false },
    ...Array.from({ length: 6 }, (_, i) => ({ municipality: m1, provider, theme: 'rep-big', consent: 'public' as const, text: `Openbaar citaat ${i}: we wachtten heel lang.` })),
    ...Array.from({ length: 3 }, (_, i) => ({ municipality: m1, provider, theme: 'rep-small', consent: 'public' as const, text: `Klein thema citaat ${i}.` })),
    ...Array.from({ length: 6 }, (_, i) => ({ municipality: mB, provider, theme: 'rep-big', consent: 'public' as const, text: `Andere regio ${i}.` })),
  ]);
  const officerEmail = await createStaff(system, 'municipality', { regions: [regionA] });
  const providerEmail = await createStaff(system, 'provider', { providers: [provider] });
  const ids = async (email: string) => (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const officer: Viewer = { userId: await ids(officerEmail), email: officerEmail, role: 'municipality', scope: { providers: [], regions: [regionA], municipalities: [] } };
  const providerUser = await ids(providerEmail);

  const open = async (title: string, openedDaysAgo: number, dueDaysAgo: number) => {
    const { id } = await createFollowUp(db, officer, {
      place: { regionCode: regionA }, providerId: provider, title, ask: 'Wat gaat u doen?', dueDate: dutchDay(ago(dueDaysAgo)), source: { kind: 'stories', ids: [] },
    });
    await db.updateTable('follow_ups').set({ created_at: sql`${ago(openedDaysAgo)}::timestamptz` }).where('id', '=', id).execute();
    return id;
  };
  const message = (followUpId: string, side: 'provider' | 'municipality', daysAgo: number) => db.insertInto('follow_up_messages')
    .values({ follow_up_id: followUpId, author_id: side === 'provider' ? providerUser : officer.userId, author_email: null, side, text: 'Bericht', at: ago(daysAgo) }).execute();
  const a = await open('A', 60, 50);
  await message(a, 'provider', 58);
  await db.updateTable('follow_ups').set({ state: 'confirmed' }).where('id', '=', a).execute();
  // Two families answered about A: one better, one not; half counts as better.
  const told = await db.selectFrom('narratives').select('id').where('consent', '=', 'public').limit(2).execute();
  for (const [i, answer] of (['yes', 'no'] as const).entries()) {
    await db.insertInto('follow_up_stories').values({ follow_up_id: a, narrative_id: told[i]!.id }).execute();
    await db.insertInto('follow_up_answers').values({ follow_up_id: a, narrative_id: told[i]!.id, answer }).execute();
  }
  const bId = await open('B', 50, 40);
  await db.insertInto('follow_up_events').values({ follow_up_id: bId, actor_id: providerUser, actor_email: providerEmail, at: ago(46), kind: 'state', from_state: 'sent', to_state: 'acknowledged' }).execute();
  await message(bId, 'provider', 30);
  await message(await open('C', 40, 35), 'provider', 20);
  await open('D', 30, 20);
  await message(await open('F', 30, 10), 'municipality', 29);
  await open('E', 5, -20);
  await message(await open('G', 400, 390), 'provider', 399);
  return { regionA, regionB, m1, m3: mB, provider, officer, providerUser };
}

const figure = (html: string, name: string) => new RegExp(`data-figure="${name}">([^<]*)<`).exec(html)?.[1];
const themeRow = (html: string, id: string) => new RegExp(`<tr data-theme="${id}"><th scope="row">[^<]+</th><td class="dash-num">([^<]+)</td>`).exec(html)?.[1];

for (const backend of backendNames()) {
  describe(`Region report [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let fx: Fixture;
    let officer: StaffLogin;

    before(async () => {
      system = await testSystem(backend);
      fx = await prepare(system);
      officer = await staffAgent(system, 'municipality', { regions: [fx.regionA] });
    });
    after(async () => {
      await system?.worker?.stop(1000);
      await system?.database.close();
    });

    it('computes the follow-up figures of a known fixture', async () => {
      const { text } = await officer.agent.get('/municipality/report').expect(200);
      expect(figure(text, 'opened')).to.equal('6');
      // A and B in time; C late; D and F past due without an answer; E not yet due.
      expect(figure(text, 'in-time')).to.equal('40%');
      expect(text).to.include('(2 van 5)');
      // First responses after 2, 4 and 20 days.
      expect(figure(text, 'median-days')).to.equal('4 dagen');
      expect(figure(text, 'confirmed')).to.equal('17%');
      // One confirmed request with family answers (fewer than 5: no percentage), improved by half or more.
      expect(figure(text, 'families-better')).to.equal('–');
      expect(text).to.include('(1 van 1)');
    });

    it('counts stories in scope only, shows small counts as "< 5" and quotes only checked public stories of large themes', async () => {
      const { text } = await officer.agent.get('/municipality/report').expect(200);
      expect(figure(text, 'total')).to.equal('11');
      expect(themeRow(text, 'rep-big')).to.equal('8');
      expect(themeRow(text, 'rep-small')).to.equal('&lt; 5');
      expect(text).to.match(/data-quote-theme="rep-big"><p>Openbaar citaat \d: we wachtten heel lang\.<\/p>/);
      expect(text).not.to.include('data-quote-theme="rep-small"');
      expect(text).not.to.include('Klein thema citaat');
      expect(text).not.to.include('geheim verhaal');
      expect(text).not.to.include('Nog niet nagekeken');
      expect(text).not.to.include('Andere regio');
      expect(text).to.include('Afdrukken als PDF');
      const audit = await system.database.db.selectFrom('audit_events').select('action').where('action', '=', 'report_viewed').execute();
      expect(audit.length).to.be.greaterThan(0);
    });

    it('narrows to a municipality and a period, and refuses places outside the scope', async () => {
      const narrowed = await officer.agent.get(`/municipality/report?municipality=${fx.m1}`).expect(200);
      expect(figure(narrowed.text, 'total')).to.equal('11');
      const old = await officer.agent.get(`/municipality/report?from=${dutchDay(ago(500))}&to=${dutchDay(ago(300))}`).expect(200);
      expect(figure(old.text, 'total')).to.equal('&lt; 5');
      expect(old.text).not.to.include('data-quote-theme');
      expect(figure(old.text, 'opened')).to.equal('1');
      await officer.agent.get(`/municipality/report?region=${fx.regionB}`).expect(404);
      await officer.agent.get(`/municipality/report?municipality=${fx.m3}`).expect(404);
    });

    it('is not there for provider or reviewer accounts', async () => {
      const provider = await staffAgent(system, 'provider', { providers: [fx.provider] });
      await provider.agent.get('/municipality/report').expect(404);
      const reviewer = await staffAgent(system, 'reviewer', { regions: [fx.regionA] });
      await reviewer.agent.get('/municipality/report').expect(404);
    });
  });
}
