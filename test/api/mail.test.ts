import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { UTRECHT, newIdempotencyKey, story } from '../helpers/fixtures.ts';
import { startMailServer } from '../helpers/mail-server.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { upsertProvider } from '../../models/providers.ts';
import { saveDetected } from '../../models/redactions.ts';
import { safePath } from '../../lib/logger.ts';
import { dateInAmsterdam } from '../../services/follow-up-states.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import type { ConsentScope } from '../../models/schema.ts';
import type { System } from '../../system.ts';

const PUBLIC_URL = 'https://gehoord.example.nl';
const inDays = (n: number) => dateInAmsterdam(new Date(Date.now() + n * 86_400_000));
const linkIn = (text: string) => new RegExp(`${PUBLIC_URL}(/antwoord/[A-Za-z0-9_-]{43})`).exec(text)?.[1];

for (const backend of backendNames()) {
  describe(`E-mail: invites, staff notifications and "is it better?" for families [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let mail: Awaited<ReturnType<typeof startMailServer>>;
    let muni: StaffLogin; let prov: StaffLogin; let provColleague: StaffLogin; let admin: StaffLogin;
    let providerId: string; let followUpId: string;
    const shared = {} as Record<'email' | 'child' | 'phone' | 'narrowed' | 'none', string>;
    let narrowedReceipt: string;
    /** The families' mails, kept apart from later resets of the inbox. */
    const familyMail = {} as Record<'parent' | 'child', string>;
    const STORY_TEXT = 'Mijn begeleider Sandra luistert nooit naar wat ik zeg.';

    async function share(key: keyof typeof shared, consent: ConsentScope, contact?: string, childMode = false) {
      const input = narrativeSubmission.parse(story({ municipality: UTRECHT, provider: providerId, consent, text: STORY_TEXT, contact, childMode }));
      const r = await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() });
      await saveDetected(system.database.db, r.id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(STORY_TEXT), spans: [] }]);
      shared[key] = r.id;
      if (key === 'narrowed') narrowedReceipt = r.receipt;
    }
    async function post(login: StaffLogin, pagePath: string, path: string, form: Record<string, string | number>) {
      const page = await login.agent.get(pagePath);
      return login.agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), ...form });
    }
    const version = async () => (await system.database.db.selectFrom('follow_ups').select('version').where('id', '=', followUpId).executeTakeFirstOrThrow()).version;
    async function move(login: StaffLogin, side: 'municipality' | 'provider', action: string) {
      const res = await post(login, `/${side}/follow-ups/${followUpId}`, `/${side}/follow-ups/${followUpId}/state`, { action, version: await version() });
      expect(res.status, action).to.equal(303);
    }
    const drain = () => system.worker!.drain();
    const mailsTo = (address: string) => mail.received.filter((m) => m.to.includes(address));

    before(async () => {
      mail = await startMailServer();
      system = await testSystem(backend, { SMTP_URL: mail.url, MAIL_FROM: 'Gehoord <noreply@gehoord.example.nl>', PUBLIC_URL, LOGIN_FAILURES_PER_15_MIN: '0' });
      providerId = (await upsertProvider(system.database.db, { name: 'Zorgaanbieder Delta', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      await share('email', 'provider', 'ouder@example.nl');
      await share('child', 'public', 'kind@example.nl', true);
      await share('phone', 'provider', '06 12345678');
      await share('narrowed', 'provider', 'later-smaller@example.nl');
      await share('none', 'provider');
      muni = await staffAgent(system, 'municipality', { municipalities: [UTRECHT] });
      prov = await staffAgent(system, 'provider', { providers: [providerId] });
      provColleague = await staffAgent(system, 'provider', { providers: [providerId] });
      admin = await staffAgent(system, 'admin');
      await drain();
      mail.received.length = 0;
    });
    after(async () => {
      await system.worker?.stop();
      await system.database.close();
      await mail.close();
    });

    it('mails an invite at once; the page still shows the link, also when the mail server refuses', async () => {
      const res = await post(admin, '/admin/users/new', '/admin/users', { email: 'Nieuwe.Lezer@example.nl', role: 'reviewer', municipalities: '' });
      expect(res.status).to.equal(201);
      expect(res.text).to.include('We hebben deze link gemaild naar');
      const [m, ...more] = mailsTo('nieuwe.lezer@example.nl');
      expect(more).to.have.length(0);
      expect(m!.subject).to.equal('Uitnodiging voor Gehoord');
      const link = new RegExp(`${PUBLIC_URL}(/uitnodiging/[^\\s]+)`).exec(m!.text)?.[1];
      expect(res.text).to.include(`${PUBLIC_URL}${link}`);
      expect(safePath(link!)).to.equal('/uitnodiging/:token');
      await request(system.app!).get(link!).expect(200);
      mail.failNext(1);
      const failed = await post(admin, '/admin/users/new', '/admin/users', { email: 'tweede@example.nl', role: 'reviewer', municipalities: '' });
      expect(failed.status).to.equal(201);
      expect(failed.text).to.include('kon niet verstuurd worden').and.match(/value="https:\/\/gehoord\.example\.nl\/uitnodiging\/[^"]+"/);
      mail.received.length = 0;
    });

    it('mails every active account of the provider about a new request, one mail each, without its contents', async () => {
      const ids = Object.values(shared).join(',');
      const res = await post(muni, `/municipality/follow-ups/new?stories=${ids}`, '/municipality/follow-ups/new', {
        sourceKind: 'stories', sourceId: ids, place: `m:${UTRECHT}`, provider: providerId, title: 'Luisteren naar jongeren',
        ask: 'Interne vraag: bespreek dit met teamleider Karel.', due: inDays(30),
      });
      expect(res.status).to.equal(303);
      followUpId = /follow-ups\/([0-9a-f-]{36})/.exec(res.headers.location!)![1]!;
      await drain();
      for (const login of [prov, provColleague]) {
        const [m, ...more] = mailsTo(login.email);
        expect(more, login.email).to.have.length(0);
        expect(m!.to).to.deep.equal([login.email]);
        expect(m!.from).to.equal('noreply@gehoord.example.nl');
        expect(m!.subject).to.equal('Gehoord: nieuws over een opvolgverzoek');
        expect(m!.text).to.include('Nieuw opvolgverzoek van de gemeente: Luisteren naar jongeren');
        expect(m!.text).to.include(`${PUBLIC_URL}/provider/follow-ups/${followUpId}`);
        expect(m!.text).to.not.include('Karel').and.not.include('Sandra');
      }
      expect(mailsTo(muni.email)).to.have.length(0);
    });

    it('mails the municipality officer when the provider answers, with a link to the municipality page', async () => {
      mail.received.length = 0;
      await move(prov, 'provider', 'acknowledge');
      await drain();
      expect(mail.received.map((m) => m.to[0])).to.deep.equal([muni.email]);
      expect(mail.received[0]!.text).to.include(`${PUBLIC_URL}/municipality/follow-ups/${followUpId}`);
    });

    it('a deactivated account gets no mail', async () => {
      mail.received.length = 0;
      await system.database.db.updateTable('staff_users').set({ active: false }).where('email', '=', provColleague.email).execute();
      await post(muni, `/municipality/follow-ups/${followUpId}`, `/municipality/follow-ups/${followUpId}/messages`, { text: 'Hoe staat het ervoor?' });
      await drain();
      expect(mail.received.map((m) => m.to[0])).to.deep.equal([prov.email]);
    });

    it('when the provider marks it done, asks only sharers with an e-mail address whose story the provider may still read', async () => {
      await system.narratives.changeConsent(narrowedReceipt, 'reviewers');
      await move(prov, 'provider', 'propose_plan');
      await move(prov, 'provider', 'start');
      expect(mailsTo('ouder@example.nl')).to.have.length(0);
      mail.received.length = 0;
      await move(prov, 'provider', 'mark_done');
      await drain();
      const families = mail.received.filter((m) => !m.to.includes(muni.email));
      expect(families.map((m) => m.to[0]).sort()).to.deep.equal(['kind@example.nl', 'ouder@example.nl']);
      const parent = mailsTo('ouder@example.nl')[0]!;
      familyMail.parent = parent.text;
      expect(parent.subject).to.equal('Gehoord: is het nu beter voor je?');
      expect(parent.text).to.include('De zorgaanbieder zegt nu dat het klaar is.');
      expect(parent.text).to.not.include('Sandra').and.not.include('Delta').and.not.include('Luisteren naar jongeren');
      expect(linkIn(parent.text)).to.be.a('string');
      const child = mailsTo('kind@example.nl')[0]!;
      familyMail.child = child.text;
      expect(child.subject).to.equal('Gehoord: is het nu beter?');
      expect(child.text).to.include(`${PUBLIC_URL}/hulp`);
      const links = await system.database.db.selectFrom('family_answer_links').select(['narrative_id', 'token_hash', 'mailed_at']).execute();
      expect(links.map((l) => l.narrative_id).sort()).to.deep.equal([shared.email, shared.child].sort());
      expect(links.every((l) => l.mailed_at !== null)).to.equal(true);
      // Only a hash is stored: the token in the mail is nowhere in the database.
      const token = linkIn(parent.text)!.split('/').pop()!;
      expect(links.map((l) => l.token_hash)).to.not.include(token);
    });

    it('the link shows the question and the provider’s public answer, never the story, and saves the answer', async () => {
      const path = linkIn(familyMail.parent)!;
      expect(safePath(path)).to.equal('/antwoord/:token');
      const a = request.agent(system.app!);
      const page = await a.get(path).expect(200);
      expect(page.headers['cache-control']).to.equal('no-store');
      expect(page.text).to.include('Is het nu beter voor jou?').and.include('„Luisteren naar jongeren”');
      expect(page.text).to.not.include('Sandra').and.not.include(STORY_TEXT);
      const _csrf = tokenFrom(page.text);
      const empty = await a.post(path).type('form').send({ _csrf, words: 'Beetje beter' }).expect(422);
      expect(empty.text).to.include('Kies ja, een beetje of nee.').and.include('Beetje beter');
      const ok = await a.post(path).type('form').send({ _csrf, answer: 'a_bit', words: 'Ze luisteren nu vaker.' }).expect(200);
      expect(ok.text).to.include('We hebben je antwoord opgeslagen.').and.match(/value="a_bit" required checked/);
      const rows = await system.database.db.selectFrom('follow_up_answers').selectAll().where('follow_up_id', '=', followUpId).execute();
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ narrative_id: shared.email, answer: 'a_bit', words: 'Ze luisteren nu vaker.' });
    });

    it('an expired form keeps the chosen answer and typed words', async () => {
      const path = linkIn(familyMail.parent)!;
      const res = await request(system.app!).post(path).type('form').send({ _csrf: 'verlopen', answer: 'no', words: 'Niets veranderd.' }).expect(403);
      expect(res.text).to.include('Niets veranderd.').and.match(/value="no" required checked/);
    });

    it('the municipality sees that families were asked by e-mail, as "< 5" below five', async () => {
      const page = await muni.agent.get(`/municipality/follow-ups/${followUpId}`).expect(200);
      expect(page.text).to.include('Per e-mail gevraagd: &lt; 5 gezinnen');
    });

    it('a reopen and a second "done" do not mail the same families again', async () => {
      mail.received.length = 0;
      await move(muni, 'municipality', 'reopen');
      const child = linkIn(familyMail.child)!;
      const waiting = await request(system.app!).get(child).expect(200);
      expect(waiting.text).to.include('Je kunt nu even niet antwoorden');
      await move(prov, 'provider', 'start');
      await move(prov, 'provider', 'mark_done');
      await drain();
      expect(mail.received.filter((m) => m.subject.startsWith('Gehoord: is het nu beter'))).to.have.length(0);
      const again = await request(system.app!).get(child).expect(200);
      expect(again.text).to.include('Stuur mijn antwoord');
    });

    it('"geen e-mail meer" erases the contact details and the link stops working', async () => {
      const path = linkIn(familyMail.child)!;
      const a = request.agent(system.app!);
      const _csrf = tokenFrom((await a.get(path).expect(200)).text);
      const res = await a.post(`${path}/geen-mail`).type('form').send({ _csrf }).expect(200);
      expect(res.text).to.include('Je krijgt geen e-mail meer');
      const row = await system.database.db.selectFrom('narratives').select('contact_cipher').where('id', '=', shared.child).executeTakeFirstOrThrow();
      expect(row.contact_cipher).to.equal(null);
      const gone = await a.get(path).expect(404);
      expect(gone.text).to.include('Deze link werkt niet meer');
    });

    it('an unknown, malformed or expired link answers the same kind 404', async () => {
      await request(system.app!).get(`/antwoord/${'x'.repeat(43)}`).expect(404);
      await request(system.app!).get('/antwoord/kort').expect(404);
      const path = linkIn(familyMail.parent)!;
      await system.database.db.updateTable('family_answer_links').set({ expires_at: new Date(Date.now() - 1000) }).execute();
      const res = await request(system.app!).get(path).expect(404);
      expect(res.text).to.include('Deze link werkt niet meer').and.include('href="/bon"');
    });

    it('a mail the server refuses is sent again by the retry, not lost', async () => {
      mail.received.length = 0;
      mail.failNext(1);
      await post(prov, `/provider/follow-ups/${followUpId}`, `/provider/follow-ups/${followUpId}/messages`, { text: 'Het is gelukt.' });
      await drain();
      expect(mail.received).to.have.length(0);
      const job = await system.database.db.selectFrom('jobs').select(['id', 'status', 'attempts']).where('kind', '=', 'mail.notification')
        .orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(job).to.include({ status: 'queued', attempts: 1 });
      await system.database.db.updateTable('jobs').set({ run_after: new Date() }).where('id', '=', job.id).execute();
      await drain();
      expect(mail.received.map((m) => m.to[0])).to.deep.equal([muni.email]);
    });
  });
}
