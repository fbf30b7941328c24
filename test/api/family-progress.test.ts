import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { UTRECHT, newIdempotencyKey, story } from '../helpers/fixtures.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { upsertProvider } from '../../models/providers.ts';
import { dateInAmsterdam } from '../../services/follow-up-states.ts';
import type { FollowUpStateColumn } from '../../models/schema.ts';
import type { System } from '../../system.ts';

const ASK = 'Interne vraag van de gemeente: bel de teamleider.';

for (const backend of backendNames()) {
  describe(`Receipt page: what happened to my story, and "is it better?" [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let reviewer: StaffLogin; let muni: StaffLogin;
    let mine: { id: string; receipt: string }; let other: { id: string; receipt: string };
    let followUpId: string;
    const agent = () => request.agent(system.app!);

    async function share(text: string) {
      const providerId = (await upsertProvider(system.database.db, { name: 'Zorgaanbieder Gamma', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      const input = narrativeSubmission.parse(story({ municipality: UTRECHT, provider: providerId, consent: 'provider', text }));
      const r = await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() });
      return { id: r.id, receipt: r.receipt, providerId };
    }
    /** Opens the receipt page as the family does: GET the lookup form, POST the code. */
    async function receipt(code: string) {
      const a = agent();
      const _csrf = tokenFrom((await a.get('/bon').expect(200)).text);
      const page = await a.post('/bon').type('form').send({ _csrf, code }).expect(200);
      return { a, _csrf, html: page.text };
    }
    const setState = (state: FollowUpStateColumn) =>
      system.database.db.updateTable('follow_ups').set({ state }).where('id', '=', followUpId).execute();
    const answers = () => system.database.db.selectFrom('follow_up_answers').selectAll().where('follow_up_id', '=', followUpId).execute();

    before(async () => {
      system = await testSystem(backend, { RECEIPT_FAILURES_PER_15_MIN: '100', RECEIPT_PREFIX_FAILURES_PER_15_MIN: '100' });
      const a = await share('Ik moest drie keer mijn verhaal opnieuw vertellen aan een nieuwe begeleider.');
      mine = a;
      other = await share('Wij wachten al een half jaar op hulp.');
      reviewer = await staffAgent(system, 'reviewer', { municipalities: [UTRECHT] });
      muni = await staffAgent(system, 'municipality', { municipalities: [UTRECHT] });
      const db = system.database.db;
      const owner = await db.selectFrom('staff_users').select('id').where('email', '=', muni.email).executeTakeFirstOrThrow();
      followUpId = (await db.insertInto('follow_ups').values({
        owner_id: owner.id, municipality_code: UTRECHT, provider_id: a.providerId, title: 'Eén vaste begeleider',
        ask: ASK, due_date: dateInAmsterdam(new Date(Date.now() + 30 * 86_400_000)), source_kind: 'stories',
      }).returning('id').executeTakeFirstOrThrow()).id;
    });
    after(async () => system.database.close());

    it('shows "ontvangen" and nothing done yet', async () => {
      const { html } = await receipt(mine.receipt);
      expect(html).to.include('We hebben je verhaal ontvangen.');
      expect(html).to.include('Nog niet gelezen.');
      expect(html).to.include('Nog niet bij een thema.');
      expect(html).to.not.include('Is het nu beter voor jou?');
    });

    it('shows "gelezen" after a reviewer opened the story', async () => {
      await reviewer.agent.get(`/review/stories/${mine.id}`).expect(200);
      const { html } = await receipt(mine.receipt);
      expect(html).to.include('Gelezen door de lezers van Gehoord.');
    });

    it('shows the theme name only, never other stories', async () => {
      const db = system.database.db;
      await db.insertInto('themes').values({ id: 'thema-vast', label: 'begeleider wisselen', name: 'Steeds een nieuwe begeleider', keywords: '[]' as never, locked: false, status: 'active' }).execute();
      await db.insertInto('theme_members').values([mine, other].map((s) => ({ narrative_id: s.id, theme_id: 'thema-vast', similarity: 1, source: 'human' as const }))).execute();
      const { html } = await receipt(mine.receipt);
      expect(html).to.include('Je verhaal hoort bij het thema „Steeds een nieuwe begeleider”.');
      expect(html).to.not.include('Wij wachten al een half jaar');
    });

    it('shows the request title and the provider’s public answer, but not the municipality’s own ask', async () => {
      const db = system.database.db;
      await db.insertInto('follow_up_stories').values({ follow_up_id: followUpId, narrative_id: mine.id }).execute();
      let { html } = await receipt(mine.receipt);
      expect(html).to.include('„Eén vaste begeleider”').and.include('De zorgaanbieder heeft nog niet gereageerd.');
      expect(html).to.not.include(ASK);
      await db.updateTable('follow_ups').set({ public_response: 'Elk kind krijgt vanaf nu één vaste begeleider.', state: 'in_progress' }).where('id', '=', followUpId).execute();
      ({ html } = await receipt(mine.receipt));
      expect(html).to.include('Het antwoord van de zorgaanbieder:').and.include('Elk kind krijgt vanaf nu één vaste begeleider.');
      expect(html).to.include('De zorgaanbieder is ermee bezig.');
      expect(html).to.not.include('Is het nu beter voor jou?');
      const { a, _csrf } = await receipt(mine.receipt);
      await a.post('/bon/antwoord').type('form').send({ _csrf, code: mine.receipt, followUpId, answer: 'yes' }).expect(422);
      expect(await answers()).to.have.length(0);
    });

    it('asks "is it better?" once done; a second answer replaces the first', async () => {
      await setState('done');
      const { a, _csrf, html } = await receipt(mine.receipt);
      expect(html).to.include('Is het nu beter voor jou?').and.include('Veranderd: de zorgaanbieder zegt dat het klaar is.');
      expect(html).to.include(`name="followUpId" value="${followUpId}"`);
      const bad = await a.post('/bon/antwoord').type('form').send({ _csrf, code: mine.receipt, followUpId }).expect(422);
      expect(bad.text).to.include('Kies ja, een beetje of nee.');
      const ok = await a.post('/bon/antwoord').type('form').send({ _csrf, code: mine.receipt, followUpId, answer: 'a_bit', words: 'Het is iets beter.' }).expect(200);
      expect(ok.text).to.include('We hebben je antwoord opgeslagen.').and.match(/value="a_bit" required checked/);
      await a.post('/bon/antwoord').type('form').send({ _csrf, code: mine.receipt, followUpId, answer: 'yes', words: '' }).expect(200);
      const rows = await answers();
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ narrative_id: mine.id, answer: 'yes', words: null });
    });

    it('a receipt of another story cannot answer for this request', async () => {
      const { a, _csrf, html } = await receipt(other.receipt);
      expect(html).to.not.include('Is het nu beter voor jou?');
      const res = await a.post('/bon/antwoord').type('form').send({ _csrf, code: other.receipt, followUpId, answer: 'no' }).expect(422);
      expect(res.text).to.include('Over dit verzoek kun je (nu) geen antwoord geven.');
      expect((await answers()).map((r) => r.narrative_id)).to.deep.equal([mine.id]);
    });

    it('the municipality sees the counts, and the words only from five answers on', async () => {
      await system.database.db.updateTable('follow_up_answers').set({ words: 'Het is beter, dank aan Sandra.' }).execute();
      const page = await muni.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.include('Antwoorden van gezinnen').and.match(/<dt>Ja<\/dt><dd>1<\/dd>/);
      expect(page.text).to.not.include('dank aan Sandra');
      expect(page.text).to.include('Die tonen we vanaf 5 antwoorden');
      const more = await Promise.all([1, 2, 3, 4].map((i) => share(`Verhaal nummer ${i} over wisselende begeleiders.`)));
      await system.database.db.insertInto('follow_up_answers').values(more.map((s) => ({ follow_up_id: followUpId, narrative_id: s.id, answer: 'no' as const, words: null }))).execute();
      const five = await muni.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      expect(five.text).to.match(/<dt>Nee<\/dt><dd>4<\/dd>/).and.include('Het is beter, dank aan');
      expect(five.text).to.not.include('Sandra');
    });

    it('withdrawing the story deletes its answer', async () => {
      const { a, _csrf } = await receipt(mine.receipt);
      await a.post('/bon/intrekken').type('form').send({ _csrf, code: mine.receipt, confirm: 'ja' }).expect(200);
      const left = await answers();
      expect(left).to.have.length(4);
      expect(left.map((r) => r.narrative_id)).to.not.include(mine.id);
      await setState('confirmed');
    });
  });
}
