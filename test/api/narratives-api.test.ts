import { expect } from 'chai';
import request from 'supertest';
import { sql } from 'kysely';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { story, newIdempotencyKey, AMSTERDAM } from '../helpers/fixtures.ts';
import { upsertProvider } from '../../models/providers.ts';
import type { System } from '../../system.ts';

for (const backend of backendNames()) {
  describe(`JSON API for stories and receipts [${backend}]`, function () {
    let system: System;
    let app: NonNullable<System['app']>;
    let providerId: string;

    before(async function () {
      system = await testSystem(backend, { RECEIPT_FAILURES_PER_15_MIN: '5', RECEIPT_PREFIX_FAILURES_PER_15_MIN: '50' });
      app = system.app!;
      providerId = (await upsertProvider(system.database.db, { name: 'Testaanbieder Zon', municipalities: [AMSTERDAM], regions: [], careTypes: ['45'] })).id;
    });
    after(async () => system.database.close());

    const post = (body: unknown, key: string = newIdempotencyKey()) =>
      request(app).post('/api/narratives').set('Idempotency-Key', key).send(body as object);

    it('accepts a story and answers with id, receipt and status', async () => {
      const res = await post(story({ provider: providerId, careType: '45', feeling: 4, urgent: true })).expect(201);
      expect(res.body.id).to.match(/^[0-9a-f-]{36}$/);
      expect(res.body.status).to.equal('received');
      expect(res.body.receipt).to.match(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+ \d{2}$/);
      const row = await system.database.db.selectFrom('narratives').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(row.provider_id).to.equal(providerId);
      expect(row.urgent).to.equal(true);
      expect(row.feeling).to.equal(4);
    });

    it('never stores the receipt code or the contact details in plain text', async () => {
      const res = await post(story({ contact: '06-12345678' })).expect(201);
      // Every column but the story the test typed itself: its words may hold a code word ("Niemand" holds "mand").
      const dump = await sql<{ t: string }>`select (to_jsonb(n) - 'text')::text as t from narratives n where id = ${res.body.id}`.execute(system.database.db);
      const text = dump.rows[0]!.t;
      expect(text).to.not.include('12345678');
      for (const word of (res.body.receipt as string).split(' ').filter((w) => w.length > 3)) expect(text).to.not.include(word);
      const view = await request(app).get(`/api/receipts/${encodeURIComponent(res.body.receipt)}`).expect(200);
      expect(view.body.contact).to.equal('06••••••78');
    });

    it('rejects bad input with Dutch messages per field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [story({ text: '   \n ' }), 'text'],
        [story({ text: 'a'.repeat(20_001) }), 'text'],
        [story({ municipality: 'GM9999' }), 'municipality'],
        [story({ municipality: 'Utrecht' }), 'municipality'],
        [story({ provider: '00000000-0000-4000-8000-000000000000' }), 'provider'],
        [story({ provider: 'not-an-id' }), 'provider'],
        [story({ consent: 'everyone' }), 'consent'],
        [story({ role: 'teacher' }), 'role'],
        [story({ feeling: 9 }), 'feeling'],
        [story({ contact: 'bel me maar' }), 'contact'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body).expect(422);
        expect(res.body.error.code).to.equal('invalid_input');
        expect(res.body.error.fields, JSON.stringify(body).slice(0, 80)).to.have.property(field).that.is.a('string').and.not.empty;
      }
      const count = await system.database.db.selectFrom('narratives').select(sql<number>`count(*)::int`.as('n'))
        .where('municipality_code', '=', 'GM9999').executeTakeFirstOrThrow();
      expect(count.n).to.equal(0);
    });

    it('answers malformed JSON and a bad idempotency key with a JSON error', async () => {
      const res = await request(app).post('/api/narratives').set('content-type', 'application/json').send('{"role": ').expect(400);
      expect(res.body.error.code).to.equal('malformed_request');
      expect(res.body.error.message).to.match(/niet lezen/);
      const bad = await post(story(), 'short').expect(422);
      expect(bad.body.error.fields).to.have.property('Idempotency-Key');
    });

    it('treats a retry with the same idempotency key as the same story, and a different body as a conflict', async () => {
      const key = newIdempotencyKey();
      const first = await post(story({ text: 'Eerste keer versturen.' }), key).expect(201);
      const again = await post(story({ text: 'Eerste keer versturen.' }), key).expect(200);
      expect(again.body).to.deep.equal(first.body);
      const conflict = await post(story({ text: 'Iets heel anders.' }), key).expect(409);
      expect(conflict.body.error.code).to.equal('idempotency_conflict');
    });

    it('creates one story when the same submission arrives twice at the same moment', async () => {
      const key = newIdempotencyKey();
      const body = story({ text: 'Dubbel geklikt op versturen.' });
      const [a, b] = await Promise.all([post(body, key), post(body, key)]);
      expect([a.status, b.status].sort()).to.deep.equal([200, 201]);
      expect(a.body.receipt).to.equal(b.body.receipt);
      const rows = await system.database.db.selectFrom('narratives').select('id').where('idempotency_key', '=', key).execute();
      expect(rows).to.have.length(1);
    });

    it('lets the sharer read, add to, change consent of and withdraw a story with the receipt', async () => {
      const { body: created } = await post(story({ consent: 'provider' })).expect(201);
      const code = encodeURIComponent(created.receipt);
      const view = await request(app).get(`/api/receipts/${code}`).expect(200);
      expect(view.body).to.include({ id: created.id, consent: 'provider', status: 'received', municipality: 'Utrecht' });

      // People type codes with capitals and dashes.
      const typed = (created.receipt as string).toUpperCase().replace(/ /g, '-');
      await request(app).get(`/api/receipts/${encodeURIComponent(typed)}`).expect(200);

      await request(app).post(`/api/receipts/${code}/additions`).send({ text: 'Inmiddels is het iets beter.' }).expect(201);
      await request(app).post(`/api/receipts/${code}/additions`).send({ text: '  ' }).expect(422);
      await request(app).patch(`/api/receipts/${code}`).send({ consent: 'reviewers' }).expect(200);
      await request(app).patch(`/api/receipts/${code}`).send({ consent: 'iedereen' }).expect(422);
      const after = await request(app).get(`/api/receipts/${code}`).expect(200);
      expect(after.body.consent).to.equal('reviewers');
      expect(after.body.additions.map((a: { text: string }) => a.text)).to.deep.equal(['Inmiddels is het iets beter.']);
      expect(after.body.events.map((e: { kind: string }) => e.kind)).to.deep.equal(['received', 'addition', 'consent_changed']);

      const gone = await request(app).delete(`/api/receipts/${code}`).expect(200);
      expect(gone.body.status).to.equal('withdrawn');
      const db = system.database.db;
      expect(await db.selectFrom('narratives').select('id').where('id', '=', created.id).execute()).to.have.length(0);
      expect(await db.selectFrom('narrative_additions').select('id').where('narrative_id', '=', created.id).execute()).to.have.length(0);
      expect(await db.selectFrom('narrative_events').select('id').where('narrative_id', '=', created.id).execute()).to.have.length(0);
      const tally = await db.selectFrom('withdrawal_tallies').select(sql<number>`sum(count)::int`.as('n')).executeTakeFirstOrThrow();
      expect(tally.n).to.be.at.least(1);
      const again = await request(app).get(`/api/receipts/${code}`).expect(404);
      expect(again.body.error.code).to.equal('receipt_not_found');
    });

    it('locks out an address after too many wrong codes, with a clear message', async () => {
      // The limit is 5 wrong codes per address per 15 minutes (earlier tests used some of them).
      let wrong = 0;
      let res = await request(app).get(`/api/receipts/${encodeURIComponent('fout woord nummer een 12')}`);
      while (res.status === 404 && wrong < 10) {
        wrong++;
        res = await request(app).get(`/api/receipts/${encodeURIComponent(`fout woord nummer ${'x'.repeat(wrong)} 12`)}`);
      }
      expect(wrong).to.be.within(1, 5);
      expect(res.status).to.equal(429);
      expect(res.body.error.code).to.equal('too_many_attempts');
      expect(res.body.error.message).to.match(/Wacht \d+ minuten/);
      expect(res.headers['retry-after']).to.match(/^\d+$/);
    });
  });
}
