import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { UTRECHT } from '../helpers/fixtures.ts';
import type { System } from '../../system.ts';

const tokenFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const keyFrom = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)?.[1] ?? '';
const receiptFrom = (html: string) => /data-receipt="([^"]+)"/.exec(html)?.[1] ?? '';

for (const backend of backendNames()) {
  describe(`Story form and receipt pages without JavaScript [${backend}]`, function () {
    let system: System;

    before(async () => {
      system = await testSystem(backend, { RECEIPT_FAILURES_PER_15_MIN: '100', RECEIPT_PREFIX_FAILURES_PER_15_MIN: '3' });
    });
    after(async () => system.database.close());

    async function openForm(agent: request.Agent, path = '/vertel') {
      const page = await agent.get(path).expect(200);
      return { html: page.text, _csrf: tokenFrom(page.text), submissionKey: keyFrom(page.text) };
    }

    const filled = (form: { _csrf: string; submissionKey: string }, extra: Record<string, string> = {}) => ({
      _csrf: form._csrf, submissionKey: form.submissionKey, role: 'parent', ageBand: '12-15', municipality: UTRECHT,
      provider: 'unknown', careType: '', text: 'Onze dochter kreeg pas na een jaar de juiste hulp.', consent: 'provider', ...extra,
    });

    it('serves a form with a CSRF token, every municipality and the help route, under a strict CSP', async () => {
      const agent = request.agent(system.app!);
      const page = await agent.get('/vertel').expect(200);
      expect(page.headers['content-security-policy']).to.include("script-src 'self'");
      expect(page.text).to.not.match(/<script>(?!<\/script>)|onclick=/);
      const form = await openForm(agent);
      expect(form._csrf).to.have.length.greaterThan(20);
      expect(form.html).to.include('value="GM0344"');
      expect((form.html.match(/<option value="GM\d{4}"/g) ?? []).length).to.equal(342);
      expect(form.html).to.include('href="/hulp"');
      const child = await openForm(agent, '/vertel?kind=1');
      expect(child.html).to.include('Vertel het ons');
      expect(child.html).to.include('name="childMode" value="1"');
    });

    it('refuses a post without a CSRF token but keeps the typed story', async () => {
      const agent = request.agent(system.app!);
      const form = await openForm(agent);
      const res = await agent.post('/vertel').type('form').send({ ...filled(form), _csrf: '' }).expect(403);
      expect(res.text).to.include('Dit formulier is verlopen');
      expect(res.text).to.include('Onze dochter kreeg pas na een jaar de juiste hulp.');
    });

    it('shows an error summary linked to each field and keeps what was typed', async () => {
      const agent = request.agent(system.app!);
      const form = await openForm(agent);
      const res = await agent.post('/vertel').type('form')
        .send(filled(form, { text: 'Mijn verhaal <script>alert(1)</script>', consent: '', municipality: '' })).expect(422);
      expect(res.text).to.include('<title>Fout: ');
      expect(res.text).to.match(/<a href="#veld-municipality">[^<]+<\/a>/);
      expect(res.text).to.match(/<a href="#veld-consent">Kies wie je verhaal mag lezen\.<\/a>/);
      expect(res.text).to.include('Mijn verhaal &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).to.not.include('<script>alert(1)');
      expect(res.text).to.include(`value="${form.submissionKey}"`);
    });

    it('issues a receipt once, and a double submit shows the same receipt for one story', async () => {
      const agent = request.agent(system.app!);
      const form = await openForm(agent);
      const first = await agent.post('/vertel').type('form').send(filled(form)).expect(201);
      const receipt = receiptFrom(first.text);
      expect(receipt).to.match(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+ \d{2}$/);
      expect(first.headers['cache-control']).to.equal('no-store');
      const second = await agent.post('/vertel').type('form').send(filled(form)).expect(200);
      expect(receiptFrom(second.text)).to.equal(receipt);
      const rows = await system.database.db.selectFrom('narratives').select('id')
        .where('idempotency_key', '=', `form-${form.submissionKey}`).execute();
      expect(rows).to.have.length(1);
    });

    it('flags the story as urgent from the help route and shows the help lines on the receipt', async () => {
      const agent = request.agent(system.app!);
      const help = await agent.get('/hulp').expect(200);
      expect(help.text).to.include('href="tel:112"');
      expect(help.text).to.include('0800-0432');
      expect(help.text).to.include('nog controleren');
      const form = await openForm(agent, '/vertel?hulp=1');
      expect(form.html).to.match(/name="urgent" checked/);
      const res = await agent.post('/vertel').type('form').send(filled(form, { urgent: 'on' })).expect(201);
      expect(res.text).to.include('href="tel:113"');
      const row = await system.database.db.selectFrom('narratives').select('urgent')
        .where('idempotency_key', '=', `form-${form.submissionKey}`).executeTakeFirstOrThrow();
      expect(row.urgent).to.equal(true);
    });

    it('runs the receipt page: read, add, change consent, withdraw', async () => {
      const agent = request.agent(system.app!);
      const form = await openForm(agent);
      const receipt = receiptFrom((await agent.post('/vertel').type('form').send(filled(form)).expect(201)).text);
      const lookup = await agent.get('/bon').expect(200);
      const _csrf = tokenFrom(lookup.text);

      const page = await agent.post('/bon').type('form').send({ _csrf, code: receipt.toUpperCase() }).expect(200);
      expect(page.text).to.include('Onze dochter kreeg pas na een jaar de juiste hulp.');
      const additionKey = /name="additionKey" value="([^"]+)"/.exec(page.text)![1];

      const empty = await agent.post('/bon/aanvulling').type('form').send({ _csrf, code: receipt, text: ' ', additionKey }).expect(422);
      expect(empty.text).to.include('Schrijf je verhaal in het tekstvak');
      await agent.post('/bon/aanvulling').type('form').send({ _csrf, code: receipt, text: 'Nu gaat het beter.', additionKey }).expect(200);
      const twice = await agent.post('/bon/aanvulling').type('form').send({ _csrf, code: receipt, text: 'Nu gaat het beter.', additionKey }).expect(200);
      expect(twice.text.match(/Nu gaat het beter\./g)).to.have.length(1);

      const consent = await agent.post('/bon/toestemming').type('form').send({ _csrf, code: receipt, consent: 'public' }).expect(200);
      expect(consent.text).to.include('Ook stukjes zonder naam in openbare verslagen');

      const confirm = await agent.post('/bon/intrekken').type('form').send({ _csrf, code: receipt }).expect(200);
      expect(confirm.text).to.include('Weet je het zeker?');
      const done = await agent.post('/bon/intrekken').type('form').send({ _csrf, code: receipt, confirm: 'ja' }).expect(200);
      expect(done.text).to.include('Je verhaal is verwijderd');
      const after = await agent.post('/bon').type('form').send({ _csrf, code: receipt }).expect(404);
      expect(after.text).to.include('We vinden geen verhaal bij deze code');
    });

    it('locks a code prefix after repeated wrong codes, whatever the address', async () => {
      const agent = request.agent(system.app!);
      const _csrf = tokenFrom((await agent.get('/bon').expect(200)).text);
      for (const digits of ['11', '12', '13']) {
        await agent.post('/bon').type('form').send({ _csrf, code: `zebra fout code woord ${digits}` }).expect(404);
      }
      const locked = await agent.post('/bon').type('form').send({ _csrf, code: 'zebra fout code woord 14' }).expect(429);
      expect(locked.text).to.match(/te vaak een verkeerde code/);
      await agent.post('/bon').type('form').send({ _csrf, code: 'anders fout code woord 14' }).expect(404);
    });
  });
}
