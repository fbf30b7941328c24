import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sharp from 'sharp';
import { MediaRejection } from '../../../../services/media/errors.ts';
import { sanitizeImage } from '../../../../services/media/images.ts';
import { characterErrorRate } from '../../../../workers/pipelines/ocr/cer.ts';
import { createOcr, ocrWorkerOptions, type Ocr } from '../../../../workers/pipelines/ocr/ocr.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/media/', import.meta.url));
const truth: { images: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ground-truth.json'), 'utf8'));
const MAX_CER = 0.05;

describe('workers/pipelines/ocr', function () {
  this.timeout(60_000);

  describe('ocrWorkerOptions', () => {
    it('points every loading path at local files, so tesseract.js never reaches for a CDN', () => {
      const options = ocrWorkerOptions({ cacheDir: '/tmp/gehoord-ocr-test' });
      for (const key of ['langPath', 'corePath', 'workerPath', 'cachePath'] as const) {
        const value = options[key];
        expect(value, key).to.be.a('string');
        expect(path.isAbsolute(value!), `${key} is an absolute path`).to.equal(true);
        expect(value, key).not.to.match(/^[a-z]+:/i);
      }
      expect(fs.existsSync(path.join(options.langPath!, 'nld.traineddata.gz'))).to.equal(true);
      expect(options.gzip).to.equal(true);
      expect(fs.existsSync(options.workerPath!)).to.equal(true);
      expect(fs.existsSync(options.corePath!)).to.equal(true);
      expect(options.cacheMethod).to.equal('none');
      expect(options.langPath).to.contain(`${path.sep}node_modules${path.sep}`);
      expect(options.cachePath).to.equal('/tmp/gehoord-ocr-test');
    });
  });

  describe('createOcr: Dutch text in images', () => {
    let ocr: Ocr;
    before(async () => {
      ocr = await createOcr();
    });
    after(async () => {
      await ocr?.terminate();
    });

    for (const [file, expected] of Object.entries(truth.images)) {
      it(`reads ${file} with a character error rate of at most 5%`, async () => {
        const result = await ocr.recognize(fs.readFileSync(path.join(FIXTURES, file)));
        const cer = characterErrorRate(expected, result.text);
        console.log(`      ${file}: CER ${(cer * 100).toFixed(2)}%, confidence ${result.confidence.toFixed(2)}`);
        expect(cer).to.be.at.most(MAX_CER);
        expect(result.confidence).to.be.within(0, 1);
      });
    }

    it('still reads the photo after sanitising (upright, re-encoded, metadata gone)', async () => {
      const file = 'photo-gps-rotated.jpg';
      const { full } = await sanitizeImage(fs.readFileSync(path.join(FIXTURES, file)));
      const result = await ocr.recognize(full);
      const cer = characterErrorRate(truth.images[file], result.text);
      console.log(`      sanitised ${file}: CER ${(cer * 100).toFixed(2)}%`);
      expect(cer).to.be.at.most(MAX_CER);
    });

    it('gives typed errors for unreadable input instead of crashing the worker', async () => {
      for (const [file, code] of [['not-an-image.jpg', 'image_broken'], ['pixel-bomb.png', 'image_too_many_pixels']]) {
        try {
          await ocr.recognize(fs.readFileSync(path.join(FIXTURES, file)));
          expect.fail(`${file} should be refused`);
        } catch (err) {
          expect(err).to.be.instanceOf(MediaRejection);
          expect((err as MediaRejection).code).to.equal(code);
        }
      }
      // The worker is still usable afterwards.
      const result = await ocr.recognize(fs.readFileSync(path.join(FIXTURES, 'letter-serif.png')));
      expect(characterErrorRate(truth.images['letter-serif.png'], result.text)).to.be.at.most(MAX_CER);
    });

    it('returns empty text for a drawing without words, instead of failing', async () => {
      const blank = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#fdfcf7' } })
        .composite([{ input: Buffer.from('<svg width="800" height="600"><circle cx="400" cy="300" r="150" fill="#e44"/></svg>') }])
        .png().toBuffer();
      const result = await ocr.recognize(blank);
      expect(result.text.replace(/\W/g, '')).to.equal('');
    });
  });
});
