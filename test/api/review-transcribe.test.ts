import { expect } from 'chai';
import request from 'supertest';
import { backendNames, openTestDatabase, testConfig } from '../helpers/backends.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { AMSTERDAM, UTRECHT } from '../helpers/fixtures.ts';
import { FakeTranscriberSource } from '../helpers/transcriber-double.ts';
import { submitVoiceStory } from '../helpers/voice-story.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';
import { saveMachineTranscript } from '../../models/media.ts';
import { ANALYZE_JOB } from '../../models/narratives.ts';
import { upsertProvider } from '../../models/providers.ts';

for (const backend of backendNames()) {
  describe(`Transcription view [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let reviewer: StaffLogin;
    let voice: { id: string; partId: string };
    let providerId: string;

    before(async () => {
      // No speech model: voice notes wait for a person, as on a machine without model weights.
      system = await createSystem(testConfig(), createLogger('silent'), 'all', { database: await openTestDatabase(backend), transcribers: new FakeTranscriberSource() });
      reviewer = await staffAgent(system, 'reviewer');
      providerId = (await upsertProvider(system.database.db, { name: 'Jeugdhulp De Brug', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      // The provider may read this story's redacted text, but never the voice note or its editor.
      voice = await submitVoiceStory(system, { municipality: UTRECHT, provider: providerId, consent: 'provider' });
      await system.worker!.drain();
    });
    after(async () => {
      await system.worker?.stop(1000);
      await system.database.close();
    });

    const db = () => system.database.db;
    const pageUrl = (v: { id: string; partId: string }) => `/review/stories/${v.id}/transcript/${v.partId}`;
    const saveUrl = (v: { id: string; partId: string }) => `/review/stories/${v.id}/parts/${v.partId}/transcript`;
    const baseIdOf = (html: string) => /name="baseId" value="(\d*)"/.exec(html)![1];
    const transcripts = (partId: string) => db().selectFrom('transcripts').selectAll().where('part_id', '=', partId).orderBy('id').execute();
    const analyzeJobs = async (narrativeId: string) => (await db().selectFrom('jobs').select('payload').where('kind', '=', ANALYZE_JOB).execute())
      .filter((j) => j.payload.narrativeId === narrativeId).length;

    it('lists the waiting voice note and shows the player, the editor and the shortcuts', async () => {
      const part = await db().selectFrom('narrative_parts').select('status').where('id', '=', voice.partId).executeTakeFirstOrThrow();
      expect(part.status).to.equal('waiting_for_model');
      const list = await reviewer.agent.get('/review/transcribe').expect(200);
      expect(list.text).to.include(`href="${pageUrl(voice)}"`);
      const page = await reviewer.agent.get(pageUrl(voice)).expect(200);
      expect(page.text).to.include(`src="/review/media/${voice.partId}/audio"`);
      expect(page.text).to.match(/<label for="transcript-text"[^>]*>Wat wordt er gezegd\?<\/label>/);
      expect(page.text).to.include('Sneltoetsen tijdens het typen');
      expect(page.text).to.include('<button class="button" type="submit">Opslaan</button>');
      expect(baseIdOf(page.text)).to.equal('');
      expect(page.text).to.include('Uitschrijven</a>');
      const audit = await db().selectFrom('audit_events').select(['action', 'detail']).where('target_id', '=', voice.id).where('action', '=', 'story_viewed').execute();
      expect(audit.some((a) => (a.detail as { original?: boolean }).original === true)).to.equal(true);
    });

    it('is not found for a provider, a municipality officer, and a reviewer outside whose scope the story is', async () => {
      const provider = await staffAgent(system, 'provider', { providers: [providerId] });
      await provider.agent.get(pageUrl(voice)).expect(404);
      await provider.agent.get('/review/transcribe').expect(404);
      const officer = await staffAgent(system, 'municipality', { municipalities: [UTRECHT] });
      await officer.agent.get(pageUrl(voice)).expect(404);
      const elsewhere = await staffAgent(system, 'reviewer', { municipalities: [AMSTERDAM] });
      await elsewhere.agent.get(pageUrl(voice)).expect(404);
      const list = await elsewhere.agent.get('/review/transcribe').expect(200);
      expect(list.text).to.not.include(voice.partId);
      await reviewer.agent.get(`/review/stories/${voice.id}/transcript/${voice.id}`).expect(404);
      await reviewer.agent.get(`/review/stories/niet-een-id/transcript/${voice.partId}`).expect(404);
    });

    it('saves a typed transcript from the plain form, marked as made by a person, and analyses the story again', async () => {
      const page = await reviewer.agent.get(pageUrl(voice)).expect(200);
      const jobsBefore = await analyzeJobs(voice.id);
      const res = await reviewer.agent.post(saveUrl(voice)).type('form')
        .send({ _csrf: tokenFrom(page.text), text: 'Ik wacht al drie maanden op hulp.', baseId: baseIdOf(page.text) }).expect(303);
      expect(res.headers.location).to.match(new RegExp(`^/review/stories/${voice.id}\\?klaar=transcriptie`));
      const rows = await transcripts(voice.partId);
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ source: 'person', author: reviewer.email, text: 'Ik wacht al drie maanden op hulp.' });
      expect(await analyzeJobs(voice.id)).to.equal(jobsBefore + 1);

      const again = await reviewer.agent.get(pageUrl(voice)).expect(200);
      expect(again.text).to.include('>Ik wacht al drie maanden op hulp.</textarea>');
      expect(baseIdOf(again.text)).to.equal(String(rows[0].id));
      expect(again.text).to.include(reviewer.email);
      const list = await reviewer.agent.get('/review/transcribe').expect(200);
      expect(list.text).to.not.include(voice.partId);
    });

    it('refuses a save based on an old version with a clear Dutch message, and overwrites nothing', async () => {
      const other = await staffAgent(system, 'reviewer');
      const mine = await reviewer.agent.get(pageUrl(voice)).expect(200);
      const theirs = await other.agent.get(pageUrl(voice)).expect(200);
      const base = baseIdOf(mine.text);

      const first = await other.agent.post(saveUrl(voice)).set('Accept', 'application/json').type('form')
        .send({ _csrf: tokenFrom(theirs.text), text: 'Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed.', baseId: base }).expect(200);
      expect(first.body.transcriptId).to.be.a('number');

      const late = await reviewer.agent.post(saveUrl(voice)).set('Accept', 'application/json').type('form')
        .send({ _csrf: tokenFrom(mine.text), text: 'Mijn eigen versie.', baseId: base }).expect(409);
      expect(late.body.error.code).to.equal('transcript_conflict');
      expect(late.body.error.message).to.include(`Iemand anders (${other.email}) heeft deze tekst intussen opgeslagen`);

      const rows = await transcripts(voice.partId);
      expect(rows.at(-1)).to.include({ id: first.body.transcriptId, author: other.email });
      expect(rows.map((r) => r.text)).to.not.include('Mijn eigen versie.');

      // Without JavaScript the same refusal shows the editor again with the person's own text in it.
      const form = await reviewer.agent.post(saveUrl(voice)).type('form')
        .send({ _csrf: tokenFrom(mine.text), text: 'Mijn eigen versie, zonder script.', baseId: base }).expect(409);
      expect(form.text).to.include('Niet opgeslagen');
      expect(form.text).to.include('Mijn eigen versie, zonder script.</textarea>');
      expect(baseIdOf(form.text)).to.equal(String(first.body.transcriptId));

      // Based on the newest version, the save goes through and both versions stay.
      const ok = await reviewer.agent.post(saveUrl(voice)).set('Accept', 'application/json').type('form')
        .send({ _csrf: tokenFrom(mine.text), text: 'Mijn eigen versie.', baseId: String(first.body.transcriptId) }).expect(200);
      expect((await transcripts(voice.partId)).map((r) => r.id)).to.include.members([first.body.transcriptId, ok.body.transcriptId]);
    });

    it('answers an autosave after the session ended with 401 in JSON', async () => {
      const page = await reviewer.agent.get(pageUrl(voice)).expect(200);
      const res = await request(system.app!).post(saveUrl(voice)).set('Accept', 'application/json').type('form')
        .send({ _csrf: tokenFrom(page.text), text: 'Nog meer tekst.', baseId: baseIdOf(page.text) }).expect(401);
      expect(res.body.error.code).to.equal('sign_in_required');
    });

    it('never lets a machine transcript that arrives later replace a person\'s', async () => {
      const before = await transcripts(voice.partId);
      const stored = await saveMachineTranscript(db(), voice.partId, { text: 'Machinetekst.', segments: [{ start: 0, end: 2, text: 'Machinetekst.' }], model: 'test' });
      expect(stored).to.equal(false);
      expect(await transcripts(voice.partId)).to.deep.equal(before);
      const page = await reviewer.agent.get(pageUrl(voice)).expect(200);
      expect(page.text).to.include('>Mijn eigen versie.</textarea>');
      expect(page.text).to.include('Deze tekst is door een mens uitgeschreven.');
    });

    it('lets a reviewer correct a machine transcript; the correction is a new version by a person', async () => {
      const fresh = await submitVoiceStory(system, { municipality: UTRECHT }, 'speech.ogg');
      expect(await saveMachineTranscript(db(), fresh.partId, { text: 'Ik wag al drie maande.', segments: [], model: 'test' })).to.equal(true);
      const page = await reviewer.agent.get(pageUrl(fresh)).expect(200);
      expect(page.text).to.include('Deze tekst is door de computer gemaakt.');
      await reviewer.agent.post(saveUrl(fresh)).type('form')
        .send({ _csrf: tokenFrom(page.text), text: 'Ik wacht al drie maanden.', baseId: baseIdOf(page.text) }).expect(303);
      const rows = await transcripts(fresh.partId);
      expect(rows.map((r) => [r.source, r.text])).to.deep.equal([['machine', 'Ik wag al drie maande.'], ['person', 'Ik wacht al drie maanden.']]);
    });
  });
}
