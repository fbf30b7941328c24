import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { AppError } from '../../../lib/errors.ts';
import { assertImageCount, detectMediaKind } from '../../../services/media/detect.ts';
import { durationInWords, MediaRejection } from '../../../services/media/errors.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/media/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

async function rejection(promise: Promise<unknown>): Promise<MediaRejection> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(MediaRejection);
    expect(err).to.be.instanceOf(AppError);
    return err as MediaRejection;
  }
  throw new Error('expected a MediaRejection, but the promise resolved');
}

describe('services/media/detect', () => {
  const accepted: [string, string, string, string][] = [
    ['speech.webm', 'audio', 'audio/webm', 'webm'],
    ['speech-stream.webm', 'audio', 'audio/webm', 'webm'],
    ['speech.ogg', 'audio', 'audio/ogg', 'ogg'],
    ['speech.m4a', 'audio', 'audio/mp4', 'm4a'],
    ['speech.mp3', 'audio', 'audio/mpeg', 'mp3'],
    ['speech.wav', 'audio', 'audio/wav', 'wav'],
    ['letter-plain.jpg', 'image', 'image/jpeg', 'jpg'],
    ['letter-serif.png', 'image', 'image/png', 'png'],
    ['letter-handwritten.webp', 'image', 'image/webp', 'webp'],
  ];

  for (const [file, kind, mime, ext] of accepted) {
    it(`recognises ${file} as ${mime}, from a buffer and from a path`, async () => {
      const bytes = fs.statSync(fixture(file)).size;
      expect(await detectMediaKind(fs.readFileSync(fixture(file)))).to.deep.equal({ kind, mime, ext, bytes });
      expect(await detectMediaKind(fixture(file))).to.deep.equal({ kind, mime, ext, bytes });
    });
  }

  it('judges the bytes, not the file name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-detect-'));
    try {
      const disguised = path.join(dir, 'voice-note.mp3');
      fs.copyFileSync(fixture('letter-plain.jpg'), disguised);
      expect((await detectMediaKind(disguised)).mime).to.equal('image/jpeg');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const file of ['not-an-image.jpg', 'not-audio.mp3']) {
    it(`rejects a text file named ${file} as unsupported (415)`, async () => {
      const err = await rejection(detectMediaKind(fixture(file)));
      expect(err.status).to.equal(415);
      expect(err.code).to.equal('media_unsupported');
      expect(err.message).to.match(/JPG, PNG of WebP/);
    });
  }

  it('rejects a 0-byte upload (422)', async () => {
    const err = await rejection(detectMediaKind(fixture('empty.webm')));
    expect([err.status, err.code]).to.deep.equal([422, 'media_empty']);
    expect(err.message).to.match(/leeg/);
  });

  it('rejects HEIC with a message that tells an iPhone user what to do', async () => {
    const err = await rejection(detectMediaKind(fixture('photo.heic')));
    expect([err.status, err.code]).to.deep.equal([415, 'image_heic']);
    expect(err.message).to.match(/HEIC/).and.match(/schermafbeelding/).and.match(/Meest compatibel/);
  });

  for (const [file, label] of [['drawing.gif', 'GIF'], ['drawing.bmp', 'BMP']]) {
    it(`rejects ${label} images and names the formats that do work`, async () => {
      const err = await rejection(detectMediaKind(fixture(file)));
      expect([err.status, err.code]).to.deep.equal([415, 'image_unsupported']);
      expect(err.message).to.contain(label).and.match(/JPG, PNG of WebP/);
    });
  }

  it('rejects documents that are neither image nor audio', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
    expect((await rejection(detectMediaKind(pdf))).code).to.equal('media_unsupported');
  });

  it('applies the size limit of the detected kind: 15 MB for images, 25 MB for audio (413)', async () => {
    const jpeg = fs.readFileSync(fixture('letter-plain.jpg'));
    const wav = fs.readFileSync(fixture('speech.wav'));
    const sixteenMb = Buffer.alloc(16 * 1024 * 1024);
    const image = await rejection(detectMediaKind(Buffer.concat([jpeg, sixteenMb])));
    expect([image.status, image.code]).to.deep.equal([413, 'image_too_large']);
    expect(image.message).to.contain('15 MB');
    // 16 MB is fine for a recording...
    expect((await detectMediaKind(Buffer.concat([wav, sixteenMb]))).kind).to.equal('audio');
    // ...26 MB is not.
    const audio = await rejection(detectMediaKind(Buffer.concat([wav, Buffer.alloc(26 * 1024 * 1024)])));
    expect([audio.status, audio.code]).to.deep.equal([413, 'audio_too_large']);
  });

  it('allows at most 4 images per story', () => {
    expect(() => assertImageCount(4)).not.to.throw();
    expect(() => assertImageCount(5)).to.throw(MediaRejection).with.property('code', 'too_many_images');
  });

  it('says how long a recording is in plain words', () => {
    expect(durationInWords(7200)).to.equal('2 uur');
    expect(durationInWords(3600 + 5 * 60 + 10)).to.equal('1 uur en 5 minuten');
    expect(durationInWords(12 * 60 + 20)).to.equal('12 minuten');
    expect(durationInWords(61)).to.equal('1 minuut');
  });
});
