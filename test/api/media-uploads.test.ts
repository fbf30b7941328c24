import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { sql } from 'kysely';
import { backendNames, openTestDatabase, testConfig } from '../helpers/backends.ts';
import { story } from '../helpers/fixtures.ts';
import { FakeTranscriberSource } from '../helpers/transcriber-double.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';

const media = (name: string) => path.join(new URL('../fixtures/media/', import.meta.url).pathname, name);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

for (const backend of backendNames()) {
  describe(`Voice notes and images through the API and the worker [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let transcribers: FakeTranscriberSource;

    before(async () => {
      transcribers = new FakeTranscriberSource();
      system = await createSystem(testConfig(), createLogger('silent'), 'all', { database: await openTestDatabase(backend), transcribers });
    });
    after(async () => {
      await system.worker?.stop(1000);
      await system.database.close();
    });

    const fields = (extra: Record<string, string> = {}) => ({ ...story(), ...extra }) as Record<string, string>;
    function post(files: [string, string][], extra: Record<string, string> = {}) {
      const req = request(system.app!).post('/api/narratives');
      for (const [k, v] of Object.entries(fields(extra))) req.field(k, v);
      for (const [field, name] of files) req.attach(field, media(name));
      return req;
    }
    const receipt = (code: string) => request(system.app!).get(`/api/receipts/${encodeURIComponent(code)}`);
    const mediaFiles = () => filesUnder(system.config.mediaDir).filter((f) => !f.includes(`${path.sep}tmp${path.sep}`));

    it('accepts a voice note without text; it waits for a transcript while no speech model is installed', async () => {
      const res = await post([['audio', 'speech.webm']], { text: '' }).expect(201);
      let view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts).to.have.length(1);
      expect(view.body.parts[0]).to.include({ kind: 'audio', status: 'pending' });
      await system.worker!.drain();
      view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0]).to.include({ status: 'waiting_for_model', text: null });

      // A speech model appears: the waiting note is picked up and transcribed.
      transcribers.available = true;
      await system.database.db.insertInto('jobs').values({ kind: 'maintenance', payload: '{}' }).execute();
      await system.worker!.drain();
      view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0].status).to.equal('done');
      expect(view.body.parts[0].text).to.match(/^Nagemaakte transcriptie van \d\.\d seconden\.$/);
      // Real decoding reached the model boundary: 16 kHz mono samples for the length of the note.
      const pcm = transcribers.received.at(-1)!;
      expect(pcm).to.be.instanceOf(Float32Array);
      expect(pcm.length / 16_000).to.be.within(2, 30);
    });

    it('never replaces a person\'s transcript with a machine one', async () => {
      transcribers.available = true;
      const res = await post([['audio', 'speech.ogg']]).expect(201);
      const part = await system.database.db.selectFrom('narrative_parts').select('id').where('narrative_id', '=', res.body.id).executeTakeFirstOrThrow();
      await system.database.db.insertInto('transcripts')
        .values({ part_id: part.id, source: 'person', author: 'lezer', text: 'Door een mens uitgeschreven.', segments: '[]' }).execute();
      await system.worker!.drain();
      const view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0]).to.include({ status: 'done', text: 'Door een mens uitgeschreven.' });
      const machine = await system.database.db.selectFrom('transcripts').select('id').where('part_id', '=', part.id).where('source', '=', 'machine').execute();
      expect(machine).to.have.length(0);
    });

    it('stores images without EXIF or GPS, reads their text, and keeps the caption', async () => {
      const res = await post([['images', 'photo-gps-rotated.jpg']], { captions: 'Mijn brief aan de groepsleiding' }).expect(201);
      const source = await sharp(media('photo-gps-rotated.jpg')).metadata();
      expect(source.exif, 'the fixture itself carries EXIF').to.not.equal(undefined);
      const part = await system.database.db.selectFrom('narrative_parts').selectAll().where('narrative_id', '=', res.body.id).executeTakeFirstOrThrow();
      for (const key of [part.media_key, part.display_key!, part.thumb_key!]) {
        const meta = await sharp(await system.store.get(key)).metadata();
        expect(meta.exif).to.equal(undefined);
        expect(meta.xmp).to.equal(undefined);
        expect(meta.format).to.equal('webp');
      }
      await system.worker!.drain();
      const view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0]).to.include({ kind: 'image', status: 'done', caption: 'Mijn brief aan de groepsleiding' });
      expect(view.body.parts[0].text).to.include('onrustig');
    });

    it('refuses bad files with a clear Dutch message and keeps no files of the refused story', async () => {
      const before = mediaFiles().length;
      const cases: [string, string, number, string, RegExp][] = [
        ['images', 'not-an-image.jpg', 415, 'images', /foto|geluidsopname/],
        ['images', 'photo.heic', 415, 'images', /HEIC/],
        ['images', 'drawing.gif', 415, 'images', /GIF/],
        ['images', 'pixel-bomb.png', 413, 'images', /te groot/],
        ['audio', 'not-audio.mp3', 415, 'audio', /.+/],
        ['audio', 'empty.webm', 422, 'audio', /leeg/],
        ['audio', 'truncated.m4a', 422, 'audio', /niet afspelen|niet helemaal/],
      ];
      for (const [field, file, status, errorField, message] of cases) {
        const res = await post([['images', 'letter-plain.jpg'], [field, file]]);
        expect(res.status, file).to.equal(status);
        expect(res.body.error.fields?.[errorField], file).to.match(message);
      }
      expect(mediaFiles().length).to.equal(before);
      // Temporary uploads are removed when each response closes.
      for (let i = 0; i < 50 && filesUnder(system.config.uploadDir).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(filesUnder(system.config.uploadDir)).to.have.length(0);
      const empty = await request(system.app!).post('/api/narratives').field('role', 'youth').field('ageBand', '12-15')
        .field('municipality', 'GM0344').field('consent', 'reviewers').expect(422);
      expect(empty.body.error.fields.text).to.match(/geluidsopname of foto/);
    });

    it('cleans up after an upload that is cut off halfway, and keeps serving', async () => {
      const { createServer } = await import('node:http');
      const net = await import('node:net');
      const server = createServer(system.app!).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const { port } = server.address() as import('node:net').AddressInfo;
      const boundary = 'gehoordboundary';
      const head = [`--${boundary}`, 'Content-Disposition: form-data; name="audio"; filename="note.webm"', 'Content-Type: audio/webm', '', ''].join('\r\n');
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(`POST /api/narratives HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n${head}`);
      socket.write(fs.readFileSync(media('speech.webm')));
      await new Promise((r) => setTimeout(r, 200));
      socket.destroy();
      for (let i = 0; i < 100 && filesUnder(system.config.uploadDir).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(filesUnder(system.config.uploadDir)).to.have.length(0);
      await request(system.app!).get('/healthz').expect(200);
      server.close();
    });

    it('refuses more than four images', async () => {
      const res = await post(Array.from({ length: 5 }, () => ['images', 'letter-plain.jpg'] as [string, string])).expect(422);
      expect(res.body.error.code).to.equal('too_many_files');
    });

    it('marks a part as failed with the reason after the last attempt, and keeps the story', async () => {
      transcribers.available = true;
      transcribers.failWith = new Error('model crashed');
      const res = await post([['audio', 'speech.mp3']]).expect(201);
      for (let i = 0; i < 5; i++) {
        await system.worker!.drain();
        await sql`update jobs set run_after = now() where status = 'queued'`.execute(system.database.db);
      }
      transcribers.failWith = undefined;
      const view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0].status).to.equal('failed');
      expect(view.body.text).to.equal(story().text);
      const part = await system.database.db.selectFrom('narrative_parts').select('error').where('narrative_id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(part.error).to.include('model crashed');
      const job = await system.database.db.selectFrom('jobs').select(['status', 'last_error']).where('kind', '=', 'media.transcribe')
        .where(sql`payload->>'partId'`, '=', sql`(select id::text from narrative_parts where narrative_id = ${res.body.id})`).executeTakeFirstOrThrow();
      expect(job).to.deep.equal({ status: 'failed', last_error: 'model crashed' });
    });

    it('a silent recording fails at once with a reason', async () => {
      transcribers.available = true;
      const res = await post([['audio', 'silence.wav']]).expect(201);
      await system.worker!.drain();
      const view = await receipt(res.body.receipt).expect(200);
      expect(view.body.parts[0].status).to.equal('failed');
      const part = await system.database.db.selectFrom('narrative_parts').select('error').where('narrative_id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(part.error).to.match(/horen niets/);
    });

    it('withdrawal removes the files, except those another story still uses', async () => {
      const a = await post([['images', 'letter-serif.png'], ['audio', 'speech.wav']]).expect(201);
      const b = await post([['images', 'letter-serif.png']]).expect(201);
      const keysOf = async (id: string) => (await system.database.db.selectFrom('narrative_parts').select(['media_key', 'display_key', 'thumb_key'])
        .where('narrative_id', '=', id).execute()).flatMap((r) => [r.media_key, r.display_key, r.thumb_key]).filter(Boolean) as string[];
      const aKeys = await keysOf(a.body.id);
      const bKeys = await keysOf(b.body.id);
      await request(system.app!).delete(`/api/receipts/${encodeURIComponent(a.body.receipt)}`).expect(200);
      const shared = aKeys.filter((k) => bKeys.includes(k));
      expect(shared, 'the same image gives the same stored files').to.have.length(3);
      for (const k of aKeys) expect(await system.store.stat(k) !== null, k).to.equal(shared.includes(k));
      await request(system.app!).delete(`/api/receipts/${encodeURIComponent(b.body.receipt)}`).expect(200);
      for (const k of [...aKeys, ...bKeys]) expect(await system.store.stat(k)).to.equal(null);
    });
  });
}
