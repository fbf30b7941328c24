import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { AMSTERDAM, UTRECHT, newIdempotencyKey, story } from '../helpers/fixtures.ts';
import { createStaff, signIn, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { upsertProvider } from '../../models/providers.ts';
import { saveDetected } from '../../models/redactions.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import type { ConsentScope, StaffRole } from '../../models/schema.ts';
import type { System } from '../../system.ts';

/**
 * The most important test: for each role and scope, each staff page and story, with each consent
 * scope, allowed or denied as designed. Stories are about two providers in two regions; each
 * names a care worker ("Sandra") that the redaction masked, and carries contact details.
 */
const NAME = 'Sandra';
const CONTACT = '0612345678';

interface Story { id: string; provider: 'A' | 'B'; place: 'utrecht' | 'amsterdam'; consent: ConsentScope }
type Who = 'admin' | 'reviewer' | 'reviewerAmsterdam' | 'municipalityUtrecht' | 'municipalityRegionAmsterdam' | 'providerA' | 'providerB';

/** May this account read this story? The design, written out once. */
function mayRead(who: Who, s: Story): boolean {
  switch (who) {
    case 'admin': case 'reviewer': return true;
    case 'reviewerAmsterdam': return s.place === 'amsterdam';
    case 'municipalityUtrecht': return s.place === 'utrecht';
    case 'municipalityRegionAmsterdam': return s.place === 'amsterdam';
    case 'providerA': return s.provider === 'A' && s.consent !== 'reviewers';
    case 'providerB': return s.provider === 'B' && s.consent !== 'reviewers';
  }
}
const isProvider = (who: Who) => who === 'providerA' || who === 'providerB';

for (const backend of backendNames()) {
  describe(`Access matrix: roles × scopes × consent × pages [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    const stories: Story[] = [];
    const logins = {} as Record<Who, StaffLogin>;
    const roleOf: Record<Who, StaffRole> = {
      admin: 'admin', reviewer: 'reviewer', reviewerAmsterdam: 'reviewer', municipalityUtrecht: 'municipality',
      municipalityRegionAmsterdam: 'municipality', providerA: 'provider', providerB: 'provider',
    };

    before(async () => {
      system = await testSystem(backend, { LOGIN_FAILURES_PER_15_MIN: '0' });
      const db = system.database.db;
      const a = await upsertProvider(db, { name: 'Zorgaanbieder Alfa', municipalities: [UTRECHT], regions: [], careTypes: [] });
      const b = await upsertProvider(db, { name: 'Zorgaanbieder Beta', municipalities: [AMSTERDAM], regions: [], careTypes: [] });
      const amsterdamRegion = (await db.selectFrom('municipalities').select('region_code').where('code', '=', AMSTERDAM).executeTakeFirstOrThrow()).region_code;
      for (const [provider, place] of [['A', 'utrecht'], ['B', 'amsterdam']] as const) {
        for (const consent of ['reviewers', 'provider', 'public'] as const) {
          const text = `Mijn begeleider ${NAME} luistert nooit (${provider}, ${consent}).`;
          const input = narrativeSubmission.parse(story({
            municipality: place === 'utrecht' ? UTRECHT : AMSTERDAM, provider: provider === 'A' ? a.id : b.id, consent, text, contact: CONTACT,
          }));
          await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() });
          const row = await db.selectFrom('narratives').select('id').where('text', '=', text).executeTakeFirstOrThrow();
          const at = text.indexOf(NAME);
          await saveDetected(db, row.id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(text), spans: [{ start: at, end: at + NAME.length, kind: 'name' }] }]);
          stories.push({ id: row.id, provider, place, consent });
        }
      }
      const scopes: Record<Who, Parameters<typeof createStaff>[2]> = {
        admin: {}, reviewer: {}, reviewerAmsterdam: { municipalities: [AMSTERDAM] }, municipalityUtrecht: { municipalities: [UTRECHT] },
        municipalityRegionAmsterdam: { regions: [amsterdamRegion] }, providerA: { providers: [a.id] }, providerB: { providers: [b.id] },
      };
      for (const who of Object.keys(scopes) as Who[]) logins[who] = await signIn(system, await createStaff(system, roleOf[who], scopes[who]));
    });
    after(async () => system.database.close());

    it('story pages: each account reads exactly the stories its role, scope and the consent allow', async () => {
      const outcome: string[] = [];
      for (const who of Object.keys(logins) as Who[]) {
        for (const s of stories) {
          const path = isProvider(who) ? `/provider/stories/${s.id}` : `/review/stories/${s.id}`;
          const res = await logins[who].agent.get(path);
          const expected = mayRead(who, s) ? 200 : 404;
          if (res.status !== expected) outcome.push(`${who} ${s.provider}/${s.place}/${s.consent}: ${res.status}, expected ${expected}`);
          if (res.status === 200) {
            expect(res.text, `${who} sees contact details`).to.not.include(CONTACT);
            expect(res.text, `${who} sees the masked name by default`).to.not.include(NAME);
          }
        }
      }
      expect(outcome).to.deep.equal([]);
    });

    it('lists hold the same stories as the story pages allow, and never a masked name', async () => {
      for (const who of Object.keys(logins) as Who[]) {
        const res = await logins[who].agent.get(isProvider(who) ? '/provider' : '/review').expect(200);
        for (const s of stories) expect(res.text.includes(s.id), `${who} list, ${s.provider}/${s.place}/${s.consent}`).to.equal(mayRead(who, s));
        expect(res.text).to.not.include(NAME);
      }
    });

    it('only roles that may see originals get them, and asking for it is logged', async () => {
      const s = stories[0]!;
      const reviewer = await logins.reviewer.agent.get(`/review/stories/${s.id}?origineel=1`).expect(200);
      expect(reviewer.text).to.include(NAME);
      const municipality = await logins.municipalityUtrecht.agent.get(`/review/stories/${s.id}?origineel=1`).expect(200);
      expect(municipality.text).to.not.include(NAME);
      const provider = stories.find((x) => x.provider === 'A' && x.consent === 'provider')!;
      const p = await logins.providerA.agent.get(`/provider/stories/${provider.id}?origineel=1`).expect(200);
      expect(p.text).to.not.include(NAME);
      const logged = await system.database.db.selectFrom('audit_events').select(['detail'])
        .where('action', '=', 'story_viewed').where('target_id', '=', s.id).where('actor_email', '=', logins.reviewer.email).execute();
      expect(logged.some((e) => (e.detail as { original?: boolean }).original === true)).to.equal(true);
    });

    it('a story the redaction worker has not checked yet is withheld from providers, shown with a warning to reviewers', async () => {
      const db = system.database.db;
      const s = stories.find((x) => x.provider === 'A' && x.consent === 'public')!;
      await db.deleteFrom('text_redactions').where('narrative_id', '=', s.id).execute();
      const p = await logins.providerA.agent.get(`/provider/stories/${s.id}`).expect(200);
      expect(p.text).to.include('wordt nog nagekeken');
      expect(p.text).to.not.include(NAME);
      const r = await logins.reviewer.agent.get(`/review/stories/${s.id}`).expect(200);
      expect(r.text).to.include('Nog niet nagekeken op persoonsgegevens');
      const text = `Mijn begeleider ${NAME} luistert nooit (A, public).`;
      await saveDetected(db, s.id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(text), spans: [{ start: 16, end: 16 + NAME.length, kind: 'name' }] }]);
    });

    it('workspace pages by role: providers get none of /review, only admins get /admin', async () => {
      const pages: [string, (who: Who) => boolean][] = [
        ['/review', (w) => !isProvider(w)],
        ['/review?q=begeleider', (w) => !isProvider(w)],
        ['/provider', (w) => isProvider(w)],
        ['/provider/themes', (w) => isProvider(w)],
        ['/provider/follow-ups', (w) => isProvider(w)],
        ['/municipality/follow-ups', (w) => roleOf[w] === 'municipality'],
        ['/municipality/report', (w) => roleOf[w] === 'municipality'],
        // The PDF needs Chromium; without it test/api/report-pdf.test.ts checks the 503 instead.
        ...(system.config.chromiumPath ? [['/municipality/report.pdf', (w: Who) => roleOf[w] === 'municipality'] as [string, (w: Who) => boolean]] : []),
        ['/review/themes', (w) => !isProvider(w)],
        ['/review/urgent', (w) => !isProvider(w)],
        ['/review/transcribe', (w) => roleOf[w] === 'admin' || roleOf[w] === 'reviewer'],
        ['/review/export.csv', (w) => !isProvider(w)],
        ['/admin/audit', (w) => w === 'admin'],
        ['/municipality', (w) => roleOf[w] === 'municipality'],
        ['/admin', (w) => w === 'admin'],
      ];
      const wrong: string[] = [];
      for (const who of Object.keys(logins) as Who[]) {
        for (const [path, allowed] of pages) {
          const res = await logins[who].agent.get(path);
          if ((res.status === 200) !== allowed(who) || (!allowed(who) && res.status !== 404)) wrong.push(`${who} ${path}: ${res.status}`);
        }
      }
      expect(wrong).to.deep.equal([]);
    });

    it('media: providers never get voice or photos; other roles only within scope', async () => {
      const db = system.database.db;
      const s = stories.find((x) => x.provider === 'A' && x.consent === 'provider')!;
      const part = await db.insertInto('narrative_parts').values({
        narrative_id: s.id, addition_id: null, kind: 'audio', position: 0, media_key: 'nonexistent', mime: 'audio/ogg', bytes: 1,
      }).returning('id').executeTakeFirstOrThrow();
      await logins.providerA.agent.get(`/review/media/${part.id}/audio`).expect(404);
      await logins.municipalityRegionAmsterdam.agent.get(`/review/media/${part.id}/audio`).expect(404);
      // In scope the route is allowed; the file itself is missing in this test.
      const inScope = await logins.municipalityUtrecht.agent.get(`/review/media/${part.id}/audio`);
      expect(inScope.status).to.equal(404);
      const denied = await db.selectFrom('audit_events').select('actor_email').where('action', '=', 'story_denied')
        .where((eb) => eb.or([eb('target_id', '=', part.id), eb('target_id', '=', `/review/media/${part.id}/audio`)])).execute();
      expect(denied.map((d) => d.actor_email)).to.include.members([logins.providerA.email, logins.municipalityRegionAmsterdam.email]);
      await db.deleteFrom('narrative_parts').where('id', '=', part.id).execute();
    });

    it('commands: out-of-scope ids are 404 and logged; municipalities and providers cannot curate', async () => {
      const utrecht = stories.find((x) => x.place === 'utrecht')!;
      const amsterdam = stories.find((x) => x.place === 'amsterdam')!;
      const post = async (login: StaffLogin, path: string, body: Record<string, string>) => {
        const page = await login.agent.get('/login');
        const csrf = tokenFrom((await login.agent.get(isProviderLogin(login) ? '/provider' : '/review')).text) || tokenFrom(page.text);
        return login.agent.post(path).type('form').send({ _csrf: csrf, ...body });
      };
      const isProviderLogin = (l: StaffLogin) => l === logins.providerA || l === logins.providerB;
      expect((await post(logins.municipalityRegionAmsterdam, `/review/stories/${utrecht.id}/status`, { status: 'follow_up' })).status).to.equal(404);
      expect((await post(logins.municipalityUtrecht, `/review/stories/${utrecht.id}/notes`, { text: 'x' })).status).to.equal(404);
      expect((await post(logins.providerA, `/review/stories/${utrecht.id}/status`, { status: 'seen' })).status).to.equal(404);
      expect((await post(logins.reviewerAmsterdam, `/review/stories/${utrecht.id}/notes`, { text: 'x' })).status).to.equal(404);
      expect((await post(logins.reviewerAmsterdam, `/review/stories/${amsterdam.id}/notes`, { text: 'Gelezen, terugkoppelen.' })).status).to.equal(303);
      const denied = await system.database.db.selectFrom('audit_events').select('actor_email')
        .where('action', '=', 'story_denied').where('target_id', '=', utrecht.id).execute();
      expect(denied.map((d) => d.actor_email)).to.include(logins.municipalityRegionAmsterdam.email);
    });

    it('without a session: pages send to the sign-in page, posts keep the typed work', async () => {
      const agent = request.agent(system.app!);
      const s = stories[0]!;
      const page = await agent.get(`/review/stories/${s.id}`).expect(303);
      expect(page.headers.location).to.equal(`/login?terug=${encodeURIComponent(`/review/stories/${s.id}`)}`);
      await agent.get('/provider').expect(303);
      const login = await agent.get('/login').expect(200);
      const res = await agent.post(`/review/stories/${s.id}/notes`).type('form').send({ _csrf: tokenFrom(login.text), text: 'Mijn lange notitie' }).expect(401);
      expect(res.text).to.include('Opnieuw inloggen');
      expect(res.text).to.include('name="resume.text" value="Mijn lange notitie"');
      await agent.get('/review.json').expect(404);
    });
  });
}
