import { expect } from 'chai';
import request from 'supertest';
import { backendNames, tempDir, testSystem } from '../helpers/backends.ts';
import { PASSWORD, createStaff, signIn, tokenFrom, totpCode } from '../helpers/staff.ts';
import { runScript } from '../helpers/process.ts';
import { sql } from 'kysely';
import type { System } from '../../system.ts';

const form = async (agent: request.Agent, path = '/login') => tokenFrom((await agent.get(path)).text);

for (const backend of backendNames()) {
  describe(`Staff sign-in, sessions and invites [${backend}]`, function () {
    this.timeout(60_000);
    let system: System;

    before(async () => {
      system = await testSystem(backend, { LOGIN_FAILURES_PER_15_MIN: '0' });
    });
    after(async () => system.database.close());

    it('gives the same answer for an unknown address and a wrong password, and logs both', async () => {
      const email = await createStaff(system, 'reviewer');
      const agent = request.agent(system.app!);
      const token1 = await form(agent);
      const unknown = await agent.post('/login').type('form').send({ _csrf: token1, email: 'niemand@example.nl', password: 'wat dan ook' }).expect(401);
      const token2 = await form(agent);
      const wrong = await agent.post('/login').type('form').send({ _csrf: token2, email, password: 'verkeerd wachtwoord' }).expect(401);
      const message = 'Het e-mailadres of wachtwoord klopt niet.';
      expect(unknown.text).to.include(message);
      expect(wrong.text).to.include(message);
      expect(wrong.text).to.include(`value="${email}"`);
      const failed = await system.database.db.selectFrom('audit_events').select(['actor_email']).where('action', '=', 'login_failed').execute();
      expect(failed.map((f) => f.actor_email)).to.include.members(['niemand@example.nl', email]);
    });

    it('locks an account after five wrong passwords in a row, even with the right one', async () => {
      const email = await createStaff(system, 'reviewer');
      const agent = request.agent(system.app!);
      const token3 = await form(agent);
      for (let i = 0; i < 5; i++) await agent.post('/login').type('form').send({ _csrf: token3, email, password: `fout-${i}-fout-fout` }).expect(401);
      const token4 = await form(agent);
      const locked = await agent.post('/login').type('form').send({ _csrf: token4, email, password: PASSWORD }).expect(429);
      expect(locked.text).to.include('Te vaak een verkeerd wachtwoord');
    });

    it('throttles wrong passwords per address of the client', async () => {
      const limited = await testSystem(backend, { LOGIN_FAILURES_PER_15_MIN: '3' });
      try {
        const agent = request.agent(limited.app!);
        const token5 = await form(agent);
        for (let i = 0; i < 3; i++) await agent.post('/login').type('form').send({ _csrf: token5, email: `x${i}@example.nl`, password: 'nee nee nee nee' }).expect(401);
        const token6 = await form(agent);
        const res = await agent.post('/login').type('form').send({ _csrf: token6, email: 'x@example.nl', password: 'nee nee nee nee' }).expect(429);
        expect(res.headers['retry-after']).to.match(/^\d+$/);
      } finally {
        await limited.database.close();
      }
    });

    it('refuses a sign-in without the CSRF token', async () => {
      const email = await createStaff(system, 'reviewer');
      await request(system.app!).post('/login').type('form').send({ email, password: PASSWORD }).expect(403);
    });

    it('asks admins for an authenticator code: set up once, then required every time', async () => {
      const email = await createStaff(system, 'admin');
      const first = await signIn(system, email);
      expect(first.totpSecret).to.match(/^[A-Z2-7]{32}$/);
      await first.agent.get('/review').expect(200);

      const agent = request.agent(system.app!);
      const token7 = await form(agent);
      const res = await agent.post('/login').type('form').send({ _csrf: token7, email, password: PASSWORD }).expect(200);
      expect(res.text).to.include('Vul de code van 6 cijfers in');
      expect(res.text).to.not.include('class="secret"');
      // Half signed in: no staff page yet.
      await agent.get('/review').expect(303);
      const wrong = await agent.post('/login/code').type('form').send({ _csrf: tokenFrom(res.text), code: '000000' });
      expect(wrong.status).to.equal(401);
      await agent.post('/login/code').type('form').send({ _csrf: tokenFrom(res.text), code: totpCode(first.totpSecret!) }).expect(303);
      await agent.get('/review').expect(200);
    });

    it('sign-out ends the session; sign-out everywhere ends all of them', async () => {
      const email = await createStaff(system, 'reviewer');
      const one = await signIn(system, email);
      const two = await signIn(system, email);
      await one.agent.post('/logout').type('form').send({ _csrf: await form(one.agent, '/review') }).expect(303);
      await one.agent.get('/review').expect(303);
      await two.agent.get('/review').expect(200);
      const three = await signIn(system, email);
      await three.agent.post('/logout/overal').type('form').send({ _csrf: await form(three.agent, '/review') }).expect(303);
      await two.agent.get('/review').expect(303);
    });

    it('an idle session expires; a form posted then can be sent again after signing in', async () => {
      const email = await createStaff(system, 'reviewer');
      const login = await signIn(system, email);
      const csrf = await form(login.agent, '/review');
      await sql`update staff_sessions set last_seen_at = now() - interval '3 hours'`.execute(system.database.db);
      const story = await system.database.db.selectFrom('narratives').select('id').executeTakeFirst();
      const target = `/review/stories/${story?.id ?? '00000000-0000-0000-0000-000000000000'}/notes`;
      const expired = await login.agent.post(target).type('form').send({ _csrf: csrf, text: 'Een notitie van een half uur typen' }).expect(401);
      expect(expired.text).to.include('je wijziging is bewaard');
      const again = await login.agent.post('/login').type('form').send({
        _csrf: tokenFrom(expired.text), email, password: PASSWORD, resumeAction: target, 'resume.text': 'Een notitie van een half uur typen',
      }).expect(200);
      expect(again.text).to.include(`action="${target}"`);
      expect(again.text).to.include('Een notitie van een half uur typen');
    });

    it('invites: a one-time link sets the password, then works no more', async () => {
      const { inviteLink } = await system.accounts.createUser({ email: 'nieuw@example.nl', role: 'reviewer', scope: { providers: [], regions: [], municipalities: [] } });
      const path = new URL(inviteLink!).pathname;
      const agent = request.agent(system.app!);
      const page = await agent.get(path).expect(200);
      expect(page.text).to.include('nieuw@example.nl');
      const short = await agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), password: 'kort', repeat: 'kort' }).expect(422);
      expect(short.text).to.include('minstens 12 tekens');
      await agent.post(path).type('form').send({ _csrf: tokenFrom(page.text), password: PASSWORD, repeat: PASSWORD }).expect(303);
      await agent.get(path).expect(404);
      await signIn(system, 'nieuw@example.nl');
    });

    it('escapes whatever is typed into the sign-in form', async () => {
      const agent = request.agent(system.app!);
      const token8 = await form(agent);
      const res = await agent.post('/login').type('form').send({ _csrf: token8, email: '"><script>alert(1)</script>', password: 'x' });
      expect(res.text).to.not.include('<script>alert(1)</script>');
    });

    it('refuses accounts with a missing or wrong scope', async () => {
      const create = (role: 'provider' | 'municipality', scope = {}) =>
        system.accounts.createUser({ email: `${role}-${Date.now()}@example.nl`, role, password: PASSWORD, scope: { providers: [], regions: [], municipalities: [], ...scope } });
      await expectError(create('provider'), 'precies één zorgaanbieder');
      await expectError(create('municipality'), 'minstens één gemeente');
      await expectError(create('municipality', { municipalities: ['GM9999'] }), 'Onbekende code: GM9999');
    });
  });
}

async function expectError(p: Promise<unknown>, message: string) {
  try {
    await p;
  } catch (err) {
    expect((err as Error).message).to.include(message);
    return;
  }
  throw new Error(`expected an error with "${message}"`);
}

describe('npm run user:create', function () {
  this.timeout(180_000);
  it('creates an account with an invite link, and explains a missing role', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent' };
    const missing = await runScript('scripts/user-create.ts', ['--email', 'a@example.nl'], env);
    expect(missing.code).to.equal(2);
    expect(missing.out).to.include('Gebruik: npm run user:create');
    const ok = await runScript('scripts/user-create.ts', ['--role', 'reviewer', '--email', 'Lezer@Example.nl'], env);
    expect(ok.code, ok.out).to.equal(0);
    expect(ok.out).to.include('Account aangemaakt: lezer@example.nl (reviewer)');
    expect(ok.out).to.match(/http:\/\/127\.0\.0\.1:3000\/uitnodiging\/[A-Za-z0-9_-]{43}/);
  });
});
