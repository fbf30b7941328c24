import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sharp from 'sharp';
import { sanitizeImage } from '../../../services/media/images.ts';
import { rejection } from '../../helpers/media.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/media/', import.meta.url));
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));


/** Everything that could carry personal data beyond the pixels. */
async function metadataLeft(image: Buffer) {
  const m = await sharp(image).metadata();
  return { exif: m.exif, icc: m.icc, iptc: m.iptc, xmp: m.xmp, orientation: m.orientation };
}

describe('services/media/images', () => {
  it('the GPS fixture really carries EXIF GPS, camera make and a sideways orientation', async () => {
    const input = read('photo-gps-rotated.jpg');
    const m = await sharp(input).metadata();
    expect(m.orientation).to.equal(6);
    expect([m.width, m.height]).to.deep.equal([900, 1200]);
    expect(m.exif?.toString('latin1')).to.contain('GehoordTestCamera');
    expect(input.includes(Buffer.from('Exif\0\0', 'latin1'))).to.equal(true);
  });

  it('strips EXIF/GPS and turns a sideways phone photo upright', async () => {
    const result = await sanitizeImage(read('photo-gps-rotated.jpg'));
    for (const output of [result.full, result.display, result.thumbnail]) {
      expect(await metadataLeft(output)).to.deep.equal({ exif: undefined, icc: undefined, iptc: undefined, xmp: undefined, orientation: undefined });
      expect(output.includes(Buffer.from('Exif', 'latin1'))).to.equal(false);
      expect(output.includes(Buffer.from('GehoordTestCamera', 'latin1'))).to.equal(false);
      expect((await sharp(output).metadata()).format).to.equal('webp');
    }
    expect([result.width, result.height]).to.deep.equal([1200, 900]);
    expect(result.mime).to.equal('image/webp');
  });

  for (const file of ['letter-plain.jpg', 'letter-serif.png', 'letter-handwritten.webp']) {
    it(`re-encodes ${file} to WebP with a display size and a thumbnail`, async () => {
      const result = await sanitizeImage(read(file));
      expect([result.width, result.height]).to.deep.equal([1200, 900]);
      const thumb = await sharp(result.thumbnail).metadata();
      expect([thumb.width, thumb.height]).to.deep.equal([320, 240]);
      expect(await metadataLeft(result.display)).to.deep.include({ exif: undefined, icc: undefined });
    });
  }

  it('scales a large photo to 2400 px (full), 1600 px (display) and 320 px, keeping the aspect ratio', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#88aacc' } })
      .jpeg().withExif({ IFD0: { Make: 'BigCamera' } }).toBuffer();
    const result = await sanitizeImage(big);
    expect([result.width, result.height]).to.deep.equal([1600, 1200]);
    const sizes = await Promise.all([result.full, result.display, result.thumbnail].map(async (b) => {
      const m = await sharp(b).metadata();
      return [m.width, m.height];
    }));
    expect(sizes).to.deep.equal([[2400, 1800], [1600, 1200], [320, 240]]);
    for (const output of [result.full, result.display, result.thumbnail]) {
      expect(output.includes(Buffer.from('BigCamera'))).to.equal(false);
    }
  });

  it('does not enlarge small images', async () => {
    const small = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#fff' } }).png().toBuffer();
    const result = await sanitizeImage(small);
    expect([result.width, result.height]).to.deep.equal([200, 100]);
    const full = await sharp(result.full).metadata();
    expect([full.width, full.height]).to.deep.equal([200, 100]);
  });

  it('refuses a pixel bomb from its header, before decoding (413)', async () => {
    const input = read('pixel-bomb.png');
    const m = await sharp(input, { limitInputPixels: false }).metadata();
    expect(m.width! * m.height!).to.equal(400_000_000);
    expect(input.length).to.be.below(100_000);
    const err = await rejection(sanitizeImage(input));
    expect([err.status, err.code]).to.deep.equal([413, 'image_too_many_pixels']);
  });

  it('reports a text file posing as a photo as broken (422)', async () => {
    const err = await rejection(sanitizeImage(read('not-an-image.jpg')));
    expect([err.status, err.code]).to.deep.equal([422, 'image_broken']);
  });

  it('reports a cut-off JPEG as broken, with a message that says to try again', async () => {
    const jpeg = read('letter-plain.jpg');
    const err = await rejection(sanitizeImage(jpeg.subarray(0, Math.floor(jpeg.length / 2))));
    expect(err.code).to.equal('image_broken');
    expect(err.message).to.match(/Probeer het opnieuw/);
  });

  it('refuses formats outside JPEG/PNG/WebP even when called directly', async () => {
    const err = await rejection(sanitizeImage(read('drawing.gif')));
    expect([err.status, err.code]).to.deep.equal([415, 'image_unsupported']);
  });
});
