import { expect } from 'chai';
import request from 'supertest';
import pg from 'pg';
import { backendNames, openTestDatabase, testConfig } from '../helpers/backends.ts';
import { story } from '../helpers/fixtures.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';

describe('When the PostgreSQL server stops accepting connections during requests', function () {
  let system: System;
  let admin: pg.Client;
  let name: string;

  before(async function () {
    if (!backendNames().includes('postgres')) {
      console.log('  (overgeslagen: zet TEST_DATABASE_URL; de ingebouwde database leeft in het proces zelf en kan niet los wegvallen)');
      this.skip();
    }
    const database = await openTestDatabase('postgres');
    name = new URL(database.url!).pathname.slice(1);
    system = await createSystem(testConfig(), createLogger('silent'), 'web', { database });
    await request(system.app!).get('/vertel').expect(200);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  });
  after(async () => {
    if (!admin) return;
    await admin.query(`alter database ${name} allow_connections true`);
    await admin.end();
    await system.database.close();
  });

  it('answers the API with 503 and a Dutch message that says the story was not sent', async () => {
    const res = await request(system.app!).post('/api/narratives').send(story()).expect(503);
    expect(res.body.error.code).to.equal('unavailable');
    expect(res.body.error.message).to.include('niet verstuurd');
  });

  it('shows the form page error calmly, and /healthz reports the database as down', async () => {
    const page = await request(system.app!).get('/vertel').expect(503);
    expect(page.text).to.include('Gehoord is even niet bereikbaar');
    const health = await request(system.app!).get('/healthz').expect(503);
    expect(health.body.database.ok).to.equal(false);
  });

  it('keeps the typed story on the page when the form cannot be sent', async () => {
    const agent = request.agent(system.app!);
    await admin.query(`alter database ${name} allow_connections true`);
    const page = await agent.get('/vertel').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    const res = await agent.post('/vertel').type('form')
      .send({ _csrf: csrf, role: 'parent', ageBand: '12-15', municipality: 'GM0344', consent: 'reviewers', text: 'Mijn tekst mag niet kwijt.' })
      .expect(503);
    expect(res.text).to.include('Je verhaal is nog niet verstuurd');
    expect(res.text).to.include('Mijn tekst mag niet kwijt.');
  });

  it('works again as soon as the database is back', async () => {
    await admin.query(`alter database ${name} allow_connections true`);
    await request(system.app!).post('/api/narratives').send(story()).expect(201);
  });
});
