import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { signIn, staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { story, newIdempotencyKey, UTRECHT } from '../helpers/fixtures.ts';
import { upsertProvider } from '../../models/providers.ts';
import { claim, enqueue, fail, failedJobs } from '../../models/jobs.ts';
import { listAudit } from '../../models/audit.ts';
import { staffUsers } from '../../models/staff.ts';
import { listFrameworkTopics } from '../../models/framework.ts';
import type { System } from '../../system.ts';

for (const backend of backendNames()) {
  describe(`Admin pages [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let admin: StaffLogin;
    let providerId: string;

    before(async () => {
      system = await testSystem(backend);
      providerId = (await upsertProvider(system.database.db, { name: 'Jeugdhulp De Brug', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      await system.narratives.submit(story({ provider: providerId, urgent: false, childMode: false }) as never, { idempotencyKey: newIdempotencyKey() });
      admin = await staffAgent(system, 'admin');
    });
    after(async () => system.database.close());

    const post = async (path: string, form: Record<string, string | string[]>, from = '/admin') => {
      const page = await admin.agent.get(from).expect(200);
      return admin.agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), ...form });
    };

    it('shows nothing to reviewers, provider staff and municipality officers (404)', async () => {
      const others = [
        await staffAgent(system, 'reviewer'),
        await staffAgent(system, 'provider', { providers: [providerId] }),
        await staffAgent(system, 'municipality', { municipalities: [UTRECHT] }),
      ];
      for (const { agent } of others) {
        for (const path of ['/admin', '/admin/users', '/admin/users/new', '/admin/worker', '/admin/audit', '/admin/audit.csv', '/admin/topics']) {
          await agent.get(path).expect(404);
        }
      }
      await request(system.app!).get('/admin/users').expect(303).expect('location', /^\/login\?terug=/);
    });

    it('shows an overview with counts and links', async () => {
      const res = await admin.agent.get('/admin').expect(200);
      expect(res.text).to.include('actieve gebruikers').and.include('href="/admin/audit"').and.include('mislukte taken');
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('invites a user: the one-time link is shown once and opens the password form', async () => {
      const res = await post('/admin/users', { email: 'Nieuw@Example.nl', name: 'Nieuwe Lezer', role: 'reviewer', municipalities: '' }, '/admin/users/new');
      expect(res.status).to.equal(201);
      expect(res.text).to.include('stuur deze link zelf');
      const link = /value="(https?:\/\/[^"]+\/uitnodiging\/[^"]+)"/.exec(res.text)?.[1];
      expect(link, 'invite link on the page').to.be.a('string');
      const path = new URL(link!).pathname;
      const form = await request(system.app!).get(path).expect(200);
      expect(form.text).to.include('Kies je wachtwoord').and.include('nieuw@example.nl');
      const agent = request.agent(system.app!);
      const page = await agent.get(path).expect(200);
      await agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), password: 'een heel lang nieuw wachtwoord', repeat: 'een heel lang nieuw wachtwoord' }).expect(303);
      const login = await signIn(system, 'nieuw@example.nl', 'een heel lang nieuw wachtwoord');
      await login.agent.get('/review').expect(200);
      await request(system.app!).get(path).expect(404);
      const audit = await listAudit(system.database.db, { action: 'user_created' });
      expect(audit.some((e) => e.detail.email === 'nieuw@example.nl' && e.actorEmail === admin.email)).to.equal(true);
    });

    it('refuses an invite with a bad scope and keeps what was typed', async () => {
      const res = await post('/admin/users', { email: 'aanbieder@example.nl', name: 'Zonder aanbieder', role: 'provider', municipalities: '' }, '/admin/users/new');
      expect(res.status).to.equal(422);
      expect(res.text).to.include('precies één zorgaanbieder').and.include('value="aanbieder@example.nl"');
    });

    it('escapes a script in a user name', async () => {
      await post('/admin/users', { email: 'script@example.nl', name: '<script>alert(1)</script>', role: 'reviewer', municipalities: '' }, '/admin/users/new')
        .then((r) => expect(r.status).to.equal(201));
      const list = await admin.agent.get('/admin/users').expect(200);
      expect(list.text).to.not.include('<script>alert(1)</script>');
      expect(list.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('deactivating a user ends their session; an admin cannot deactivate themselves', async () => {
      const reviewer = await staffAgent(system, 'reviewer');
      await reviewer.agent.get('/review').expect(200);
      const users = await staffUsers(system.database.db);
      const target = users.find((u) => u.email === reviewer.email)!;
      const me = users.find((u) => u.email === admin.email)!;
      const res = await post(`/admin/users/${target.id}/active`, { active: '0' }, `/admin/users/${target.id}`);
      expect(res.status).to.equal(303);
      await reviewer.agent.get('/review').expect(303).expect('location', /^\/login/);
      const self = await post(`/admin/users/${me.id}/active`, { active: '0' }, `/admin/users/${me.id}`);
      expect(self.status).to.equal(422);
      expect(self.text).to.include('eigen account niet uitzetten');
      await admin.agent.get('/admin').expect(200);
      const changed = await listAudit(system.database.db, { action: 'user_changed', targetId: target.id });
      expect(changed[0]!.detail).to.include({ active: false });
    });

    it('changes role and scope, records it, and re-invites', async () => {
      const users = await staffUsers(system.database.db);
      const target = users.find((u) => u.email === 'nieuw@example.nl')!;
      const res = await post(`/admin/users/${target.id}`, { role: 'municipality', regions: ['JZ01', 'JZ02'], municipalities: 'gm0344' }, `/admin/users/${target.id}`);
      expect(res.status).to.equal(303);
      const [after] = await staffUsers(system.database.db, [target.id]);
      expect(after!.role).to.equal('municipality');
      expect(after!.scope.regions).to.have.members(['JZ01', 'JZ02']);
      expect(after!.scope.municipalities).to.deep.equal(['GM0344']);
      const bad = await post(`/admin/users/${target.id}`, { role: 'municipality', municipalities: 'GM9999' }, `/admin/users/${target.id}`);
      expect(bad.status).to.equal(422);
      expect(bad.text).to.include('GM9999');
      const again = await post(`/admin/users/${target.id}/invite`, {}, `/admin/users/${target.id}`);
      expect(again.status).to.equal(200);
      expect(again.text).to.match(/\/uitnodiging\/[\w-]+/);
      expect((await listAudit(system.database.db, { action: 'invite_issued', targetId: target.id })).length).to.equal(1);
    });

    it('lists providers with story counts and renames one', async () => {
      const list = await admin.agent.get('/admin/providers?q=brug').expect(200);
      expect(list.text).to.match(/Jeugdhulp De Brug<\/a>[\s\S]*?<td class="num">1<\/td>/);
      const res = await post(`/admin/providers/${providerId}`, { name: 'Jeugdhulp De Nieuwe Brug' }, `/admin/providers/${providerId}`);
      expect(res.status).to.equal(303);
      const page = await admin.agent.get(`/admin/providers/${providerId}`).expect(200);
      expect(page.text).to.include('Jeugdhulp De Nieuwe Brug');
      await admin.agent.get('/admin/providers/00000000-0000-0000-0000-000000000000').expect(404);
    });

    it('shows municipalities grouped by region with story counts', async () => {
      const res = await admin.agent.get('/admin/municipalities').expect(200);
      expect(res.text).to.match(/<td>Utrecht<\/td><td><code>GM0344<\/code><\/td><td class="num"><a href="\/review\?municipality=GM0344">1<\/a>/);
      expect((res.text.match(/<details class="region">/g) ?? []).length).to.equal(42);
    });

    it('edits a framework topic', async () => {
      const [topic] = await listFrameworkTopics(system.database.db);
      const res = await post(`/admin/topics/${topic!.key}`, {
        label: 'Wachten op hulp', description: topic!.description, lexicon: 'wachtlijst | 0,8\ngeholpen | 0,5 | niet bij ontkenning', active: '1',
      }, `/admin/topics/${topic!.key}`);
      expect(res.status).to.equal(303);
      const edited = (await listFrameworkTopics(system.database.db)).find((t) => t.key === topic!.key)!;
      expect(edited.label).to.equal('Wachten op hulp');
      expect(edited.lexicon).to.deep.equal([{ term: 'wachtlijst', weight: 0.8, negation: 'any' }, { term: 'geholpen', weight: 0.5, negation: 'block' }]);
      const bad = await post(`/admin/topics/${topic!.key}`, { label: 'x', description: 'y', lexicon: 'woord | 7' }, `/admin/topics/${topic!.key}`);
      expect(bad.status).to.equal(422);
      expect(bad.text).to.include('Regel 1');
      expect((await listAudit(system.database.db, { action: 'topic_changed' })).length).to.equal(1);
    });

    it('shows models, the queue and failed jobs, and retries a failed job', async () => {
      const db = system.database.db;
      await enqueue(db, 'test.kapot', { n: 1 }, { maxAttempts: 1 });
      const [job] = await claim(db, 'test-worker', 'test.kapot', 1, 60_000);
      await fail(db, job!.id, 'test-worker', 'Bestand <b>kapot</b>', 0);
      const page = await admin.agent.get('/admin/worker').expect(200);
      expect(page.text).to.include('Bestand &lt;b&gt;kapot&lt;/b&gt;').and.include(`/admin/worker/jobs/${job!.id}/retry`);
      expect(page.text).to.include('Modellen');
      expect(page.text).to.match(/een model dat leerde van \d{3,} voorbeeldverhalen\. Reviewers hebben nog niets gecorrigeerd/);
      const res = await post(`/admin/worker/jobs/${job!.id}/retry`, {}, '/admin/worker');
      expect(res.status).to.equal(303);
      expect(await failedJobs(db, 10)).to.have.length(0);
      expect((await listAudit(db, { action: 'job_retried' }))[0]!.targetId).to.equal(String(job!.id));
      const again = await post(`/admin/worker/jobs/${job!.id}/retry`, {}, '/admin/worker');
      expect(again.status).to.equal(409);
    });

    it('shows the retention facts', async () => {
      const res = await admin.agent.get('/admin/retention').expect(200);
      expect(res.text).to.include('Een week').and.include('12 uur');
    });

    it('lists logins in the audit log, filters, and pages with "older"', async () => {
      const res = await admin.agent.get('/admin/audit').expect(200);
      expect(res.text).to.include('Ingelogd').and.include(admin.email);
      const filtered = await admin.agent.get(`/admin/audit?action=login&actor=${encodeURIComponent(admin.email)}`).expect(200);
      expect(filtered.text).to.include('<td data-label="Wat">Ingelogd').and.not.include('<td data-label="Wat">Account gemaakt');
      const all = await listAudit(system.database.db, { limit: 1000 });
      const newest = all[0]!.id;
      const older = await admin.agent.get(`/admin/audit?before=${newest}`).expect(200);
      expect(older.text).to.include('Naar de nieuwste');
    });

    it('exports the audit log as CSV and records the export', async () => {
      const res = await admin.agent.get('/admin/audit.csv').buffer(true).parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => { data += c; });
        r.on('end', () => cb(null, data));
      }).expect(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      const lines = (res.body as string).replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines[0]).to.equal('id,tijdstip,wie,rol,actie,soort,waarover,details,ip-adres');
      expect(lines.length).to.be.greaterThan(5);
      expect(lines.some((l) => l.includes(',login,'))).to.equal(true);
      expect((await listAudit(system.database.db, { action: 'audit_exported' })).length).to.equal(1);
    });
  });
}
