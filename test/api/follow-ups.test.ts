import { expect } from 'chai';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { AMSTERDAM, UTRECHT, newIdempotencyKey, story } from '../helpers/fixtures.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { upsertProvider } from '../../models/providers.ts';
import { saveDetected } from '../../models/redactions.ts';
import { listAudit } from '../../models/audit.ts';
import { dateInAmsterdam } from '../../services/follow-up-states.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import type { ConsentScope } from '../../models/schema.ts';
import type { System } from '../../system.ts';

const NAME = 'Sandra';
const inDays = (n: number) => dateInAmsterdam(new Date(Date.now() + n * 86_400_000));

for (const backend of backendNames()) {
  describe(`Follow-up requests: municipality → provider [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let muni: StaffLogin; let muniAmsterdam: StaffLogin; let provA: StaffLogin; let provB: StaffLogin;
    let providerA: string; let providerB: string;
    const stories = {} as Record<'aReviewers' | 'aProvider' | 'aPublic' | 'bUtrecht' | 'aAmsterdam', { id: string; receipt: string }>;
    let followUpId: string;

    async function share(key: keyof typeof stories, provider: string, municipality: string, consent: ConsentScope) {
      const db = system.database.db;
      const text = `Mijn begeleider ${NAME} luistert nooit (${key}).`;
      const input = narrativeSubmission.parse(story({ municipality, provider, consent, text }));
      const result = await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() });
      const at = text.indexOf(NAME);
      await saveDetected(db, result.id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(text), spans: [{ start: at, end: at + NAME.length, kind: 'name' }] }]);
      stories[key] = { id: result.id, receipt: result.receipt };
    }

    async function post(login: StaffLogin, pagePath: string, path: string, form: Record<string, string | number>) {
      const page = await login.agent.get(pagePath);
      return login.agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), ...form });
    }
    const state = async () => (await system.database.db.selectFrom('follow_ups').select(['state', 'version']).where('id', '=', followUpId).executeTakeFirstOrThrow());
    const moveAs = (login: StaffLogin, side: 'municipality' | 'provider', action: string, version: number) =>
      post(login, `/${side}/follow-ups/${followUpId}`, `/${side}/follow-ups/${followUpId}/state`, { action, version });

    before(async () => {
      system = await testSystem(backend, { LOGIN_FAILURES_PER_15_MIN: '0' });
      const db = system.database.db;
      providerA = (await upsertProvider(db, { name: 'Zorgaanbieder Alfa', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      providerB = (await upsertProvider(db, { name: 'Zorgaanbieder Beta', municipalities: [AMSTERDAM], regions: [], careTypes: [] })).id;
      await share('aReviewers', providerA, UTRECHT, 'reviewers');
      await share('aProvider', providerA, UTRECHT, 'provider');
      await share('aPublic', providerA, UTRECHT, 'public');
      await share('bUtrecht', providerB, UTRECHT, 'provider');
      await share('aAmsterdam', providerA, AMSTERDAM, 'provider');
      muni = await staffAgent(system, 'municipality', { municipalities: [UTRECHT] });
      muniAmsterdam = await staffAgent(system, 'municipality', { municipalities: [AMSTERDAM] });
      provA = await staffAgent(system, 'provider', { providers: [providerA] });
      provB = await staffAgent(system, 'provider', { providers: [providerB] });
    });
    after(async () => system.database.close());

    const allIds = () => Object.values(stories).map((s) => s.id).join(',');

    it('the form counts, per provider, only the stories the provider may read in the officer’s places', async () => {
      const res = await muni.agent.get(`/municipality/follow-ups/new?stories=${allIds()}`).expect(200);
      expect(res.text).to.include('Zorgaanbieder Alfa (2)');
      expect(res.text).to.include('Zorgaanbieder Beta (1)');
      expect(res.text).to.include('5 gekozen verhalen');
    });

    it('opens from a theme: the theme’s stories, with the same consent and place rules', async () => {
      const db = system.database.db;
      await db.insertInto('themes').values({ id: 'thema-wachten', label: 'wachten hulp', name: 'Wachten op hulp', keywords: '[]' as never, locked: false, status: 'active' }).execute();
      await db.insertInto('theme_members').values(Object.values(stories).map((s) => ({ narrative_id: s.id, theme_id: 'thema-wachten', similarity: 1, source: 'human' as const }))).execute();
      const res = await muni.agent.get('/municipality/follow-ups/new?theme=thema-wachten').expect(200);
      expect(res.text).to.include('Thema: Wachten op hulp').and.include('Zorgaanbieder Alfa (2)').and.include('Zorgaanbieder Beta (1)');
      await muni.agent.get('/municipality/follow-ups/new').expect(400);
    });

    it('refuses a due date in the past or today, in Dutch, and keeps what was typed', async () => {
      for (const due of [inDays(-1), inDays(0)]) {
        const res = await post(muni, `/municipality/follow-ups/new?stories=${allIds()}`, '/municipality/follow-ups/new', {
          sourceKind: 'stories', sourceId: allIds(), place: `m:${UTRECHT}`, provider: providerA, title: 'Wachten op hulp', ask: 'Vertel ons wat jullie doen aan de wachttijd.', due,
        });
        expect(res.status).to.equal(422);
        expect(res.text).to.include('Kies een datum in de toekomst.');
        expect(res.text).to.include('Vertel ons wat jullie doen aan de wachttijd.');
      }
      const count = await system.database.db.selectFrom('follow_ups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).to.equal(0);
    });

    it('refuses a place outside the officer’s scope', async () => {
      const res = await post(muni, `/municipality/follow-ups/new?stories=${allIds()}`, '/municipality/follow-ups/new', {
        sourceKind: 'stories', sourceId: allIds(), place: `m:${AMSTERDAM}`, provider: providerA, title: 'Wachten', ask: 'Vertel ons wat jullie doen.', due: inDays(14),
      });
      expect(res.status).to.equal(422);
      expect(res.text).to.include('Kies een gemeente of regio waar jij over gaat.');
    });

    it('opens a request with evidence limited to the provider’s readable stories in the place, and notifies the provider', async () => {
      const res = await post(muni, `/municipality/follow-ups/new?stories=${allIds()}`, '/municipality/follow-ups/new', {
        sourceKind: 'stories', sourceId: allIds(), place: `m:${UTRECHT}`, provider: providerA, title: 'Wachten op hulp', ask: 'Vertel ons wat jullie doen aan de wachttijd.', due: inDays(14),
      });
      expect(res.status).to.equal(303);
      followUpId = /follow-ups\/([0-9a-f-]{36})/.exec(res.headers.location!)![1]!;
      const linked = await system.database.db.selectFrom('follow_up_stories').select('narrative_id').where('follow_up_id', '=', followUpId).execute();
      expect(linked.map((r) => r.narrative_id).sort()).to.deep.equal([stories.aProvider.id, stories.aPublic.id].sort());
      const audit = await listAudit(system.database.db, { action: 'follow_up_created', targetId: followUpId });
      expect(audit).to.have.length(1);

      const home = await provA.agent.get('/provider').expect(200);
      expect(home.text).to.match(/Opvolgverzoeken <span class="badge">1<span class="visually-hidden"> nieuw/);
      const list = await provA.agent.get('/provider/follow-ups').expect(200);
      expect(list.text).to.include('Wachten op hulp').and.include('Nieuw opvolgverzoek van de gemeente');
      const page = await provA.agent.get(`/provider/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.include('Vertel ons wat jullie doen aan de wachttijd.');
      expect(page.text).to.include(`/provider/stories/${stories.aProvider.id}`).and.include(`/provider/stories/${stories.aPublic.id}`);
      expect(page.text).to.not.include(NAME);
      // Opening it marks the notification read.
      const again = await provA.agent.get('/provider').expect(200);
      expect(again.text).to.not.match(/Opvolgverzoeken <span class="badge">/);
    });

    it('another provider and a municipality outside the place get 404, and the attempt is logged', async () => {
      await provB.agent.get(`/provider/follow-ups/${followUpId}`).expect(404);
      expect((await post(provB, '/provider/follow-ups', `/provider/follow-ups/${followUpId}/state`, { action: 'acknowledge', version: 1 })).status).to.equal(404);
      expect((await post(provB, '/provider/follow-ups', `/provider/follow-ups/${followUpId}/messages`, { text: 'hallo' })).status).to.equal(404);
      expect((await post(provB, '/provider/follow-ups', `/provider/follow-ups/${followUpId}/public-response`, { text: 'hallo' })).status).to.equal(404);
      await muniAmsterdam.agent.get(`/municipality/follow-ups/${followUpId}`).expect(404);
      expect((await post(muniAmsterdam, '/municipality/follow-ups', `/municipality/follow-ups/${followUpId}/messages`, { text: 'hallo' })).status).to.equal(404);
      const denied = await listAudit(system.database.db, { action: 'follow_up_denied', targetId: followUpId });
      expect(denied.map((d) => d.actorEmail)).to.include(provB.email).and.include(muniAmsterdam.email);
      expect((await provB.agent.get('/provider/follow-ups').expect(200)).text).to.not.include('Wachten op hulp');
      expect((await muniAmsterdam.agent.get('/municipality/follow-ups').expect(200)).text).to.not.include('Wachten op hulp');
      // The other side's pages are not reachable by role either.
      await provA.agent.get(`/municipality/follow-ups/${followUpId}`).expect(404);
      await muni.agent.get(`/provider/follow-ups/${followUpId}`).expect(404);
    });

    it('a region officer sees the requests of the municipalities in their region and can open one for the region', async () => {
      const region = (await system.database.db.selectFrom('municipalities').select('region_code').where('code', '=', UTRECHT).executeTakeFirstOrThrow()).region_code;
      const regional = await staffAgent(system, 'municipality', { regions: [region] });
      await regional.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      const res = await post(regional, `/municipality/follow-ups/new?stories=${allIds()}`, '/municipality/follow-ups/new', {
        sourceKind: 'stories', sourceId: allIds(), place: `r:${region}`, provider: providerB, title: 'Regionaal verzoek', ask: 'Vertel ons wat jullie doen in de regio.', due: inDays(30),
      });
      expect(res.status).to.equal(303);
      const id = /follow-ups\/([0-9a-f-]{36})/.exec(res.headers.location!)![1]!;
      const linked = await system.database.db.selectFrom('follow_up_stories').select('narrative_id').where('follow_up_id', '=', id).execute();
      expect(linked.map((r) => r.narrative_id)).to.deep.equal([stories.bUtrecht.id]);
      // A region-wide request is not shown to an officer of one municipality.
      await muni.agent.get(`/municipality/follow-ups/${id}`).expect(404);
      expect((await provB.agent.get('/provider/follow-ups').expect(200)).text).to.include('Regionaal verzoek');
    });

    it('refuses moves of the wrong side or from the wrong state, with a Dutch message', async () => {
      let res = await moveAs(provA, 'provider', 'mark_done', 1);
      expect(res.status).to.equal(409);
      expect(res.text).to.include('Dit kan nu niet');
      res = await moveAs(muni, 'municipality', 'acknowledge', 1);
      expect(res.status).to.equal(409);
      expect(res.text).to.include('Dit kan alleen de zorgaanbieder doen.');
      res = await moveAs(muni, 'municipality', 'confirm', 1);
      expect(res.status).to.equal(409);
      expect(await state()).to.deep.equal({ state: 'sent', version: 1 });
    });

    it('a double submission of the same move is a no-op with a friendly notice', async () => {
      expect((await moveAs(provA, 'provider', 'acknowledge', 1)).status).to.equal(303);
      const second = await moveAs(provA, 'provider', 'acknowledge', 1);
      expect(second.status).to.equal(303);
      expect(second.headers.location).to.include('klaar=al-gedaan');
      const page = await provA.agent.get(second.headers.location!).expect(200);
      expect(page.text).to.include('Dit was al gedaan. Er is niets veranderd.');
      expect(await state()).to.deep.equal({ state: 'acknowledged', version: 2 });
      const events = await system.database.db.selectFrom('follow_up_events').select('to_state').where('follow_up_id', '=', followUpId).where('kind', '=', 'state').execute();
      expect(events).to.have.length(1);
    });

    it('a move based on an old version is refused (optimistic concurrency)', async () => {
      const res = await moveAs(provA, 'provider', 'propose_plan', 1);
      expect(res.status).to.equal(409);
      expect(res.text).to.include('Iemand anders heeft dit verzoek net veranderd');
      expect((await state()).state).to.equal('acknowledged');
    });

    it('runs the whole flow: plan, work, messages, public answer, done, confirmed; a reopen after confirmation is refused', async () => {
      expect((await moveAs(provA, 'provider', 'propose_plan', 2)).status).to.equal(303);
      expect((await post(provA, `/provider/follow-ups/${followUpId}`, `/provider/follow-ups/${followUpId}/messages`, { text: 'Ons plan: elke aanmelding binnen een week bellen.' })).status).to.equal(303);
      expect((await post(muni, `/municipality/follow-ups/${followUpId}`, `/municipality/follow-ups/${followUpId}/messages`, { text: 'Goed plan. Laat weten hoe het gaat.' })).status).to.equal(303);
      expect((await provA.agent.get('/provider/follow-ups').expect(200)).text).to.include('Nieuw bericht van de gemeente');
      expect((await moveAs(provA, 'provider', 'start', 3)).status).to.equal(303);
      expect((await moveAs(provA, 'provider', 'mark_done', 4)).status).to.equal(303);
      expect((await post(provA, `/provider/follow-ups/${followUpId}`, `/provider/follow-ups/${followUpId}/public-response`, { text: 'We bellen je nu binnen een week terug.' })).status).to.equal(303);
      const version = (await state()).version;
      expect((await moveAs(muni, 'municipality', 'confirm', version)).status).to.equal(303);
      const reopen = await moveAs(muni, 'municipality', 'reopen', version + 1);
      expect(reopen.status).to.equal(409);
      expect(reopen.text).to.include('Dit verzoek is al afgerond');
      expect((await state()).state).to.equal('confirmed');

      const page = await muni.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.include('Ons plan: elke aanmelding binnen een week bellen.').and.include('We bellen je nu binnen een week terug.').and.include('Afgerond');
      const transitions = await system.database.db.selectFrom('follow_up_events').select(['from_state', 'to_state']).where('follow_up_id', '=', followUpId).where('kind', '=', 'state').orderBy('id').execute();
      expect(transitions.map((t) => t.to_state)).to.deep.equal(['acknowledged', 'plan_proposed', 'in_progress', 'done', 'confirmed']);
      const audit = await listAudit(system.database.db, { targetId: followUpId });
      const actions = audit.map((a) => a.action);
      expect(actions.filter((a) => a === 'follow_up_state_changed')).to.have.length(5);
      expect(actions).to.include('follow_up_message').and.include('follow_up_response');
    });

    it('the event log cannot be rewritten', async () => {
      let failed = false;
      try {
        await system.database.db.updateTable('follow_up_events').set({ kind: 'x' }).where('follow_up_id', '=', followUpId).execute();
      } catch { failed = true; }
      expect(failed).to.equal(true);
    });

    it('a withdrawn story leaves the evidence and the request stays; narrowing consent hides a story from the provider', async () => {
      await system.narratives.withdraw(stories.aProvider.receipt);
      let page = await provA.agent.get(`/provider/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.not.include(stories.aProvider.id);
      expect(page.text).to.include(`/provider/stories/${stories.aPublic.id}`);

      await system.narratives.changeConsent(stories.aPublic.receipt, 'reviewers');
      page = await provA.agent.get(`/provider/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.not.include(stories.aPublic.id);
      expect(page.text).to.include('Er zijn (nu) geen verhalen bij dit verzoek.');
      // The municipality's evidence follows the consent too: it is what the provider was shown.
      page = await muni.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.not.include(stories.aPublic.id);
      expect(page.text).to.include('Wachten op hulp');
    });

    it('shows overdue requests in the list (due date passed, not finished)', async () => {
      const db = system.database.db;
      await db.insertInto('follow_ups').values({
        owner_id: (await db.selectFrom('staff_users').select('id').where('email', '=', muni.email).executeTakeFirstOrThrow()).id,
        municipality_code: UTRECHT, provider_id: providerA, title: 'Oud verzoek', ask: 'Iets dat al lang klaar had moeten zijn.',
        due_date: inDays(-3), source_kind: 'stories',
      }).execute();
      const list = await muni.agent.get('/municipality/follow-ups').expect(200);
      expect(list.text).to.include('Oud verzoek').and.include('Te laat').and.match(/waarvan <strong>1<\/strong> te laat/);
      // The dashboard counts it too, per provider.
      const dashboard = await muni.agent.get('/municipality').expect(200);
      expect(dashboard.text).to.match(/te laat: <strong>1<\/strong>/);
      expect(dashboard.text).to.match(/class="dash-follow-ups__late"><th scope="row">[^<]+<\/th><td class="dash-num">\d+<\/td><td class="dash-num">1<\/td>/);
    });
  });
}
