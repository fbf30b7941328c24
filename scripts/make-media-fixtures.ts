/**
 * Regenerates the committed media fixtures in test/fixtures/media/.
 * Tests use the committed files; this script documents exactly how they were made.
 * Needs espeak-ng and ImageMagick (/usr/bin/convert); uses the ffmpeg shipped in node_modules.
 *
 *   node --import tsx scripts/make-media-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { ffmpegPath } from '../workers/pipelines/audio/ffmpeg.ts';

const OUT = path.resolve('test/fixtures/media');
const CONVERT = '/usr/bin/convert';
const FFMPEG = ffmpegPath();

/** Ground truth: the spoken sentences and the text rendered into each image. */
const SPOKEN = 'Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed naar mij. Ik wil zelf kiezen wie mijn verhaal leest.';

/** `photo` adds what a phone picture of a letter has: uneven light, a slight tilt in perspective, sensor noise, softness. */
const IMAGES = [
  {
    file: 'letter-plain.jpg', font: 'DejaVu-Sans', pointsize: 40, ink: '#222222', paper: '#f3efe6', rotate: 0.8, photo: false,
    text: 'Ik vind het fijn dat mijn mentor echt naar me luistert. Maar ik moet mijn verhaal steeds opnieuw vertellen aan '
      + 'iemand anders. Dat is vermoeiend. Ik wil één vast contactpersoon, die weet wat er thuis speelt en die niet na '
      + 'twee maanden weer weg is.',
  },
  {
    file: 'letter-serif.png', font: 'Liberation-Serif', pointsize: 44, ink: '#111111', paper: '#ffffff', rotate: 0, photo: false,
    text: 'Wij wachten al een half jaar op een plek. De gemeente zegt dat de zorgaanbieder moet bellen. De zorgaanbieder '
      + 'zegt dat de gemeente moet beslissen. Niemand helpt ons echt. Ondertussen gaat het thuis steeds slechter met onze zoon.',
  },
  {
    file: 'letter-handwritten.webp', font: 'Z003-Medium-Italic', pointsize: 54, ink: '#1b2a6b', paper: '#fbf8f0', rotate: -0.6, photo: false,
    text: 'Toen ik achttien werd, moest alles ineens stoppen. Ik had nog geen huis en geen werk. Mijn jeugdhulpverlener '
      + 'mocht niet meer komen. Dat voelde alsof ik werd losgelaten.',
  },
  {
    file: 'photo-gps-rotated.jpg', font: 'DejaVu-Serif', pointsize: 40, ink: '#202020', paper: '#eeeae0', rotate: 0, photo: true,
    text: 'Op de groep is het vaak onrustig. Er komen steeds nieuwe begeleiders. Ik wil graag weten wie er morgen is, '
      + 'zodat ik me veilig voel. Mijn moeder mag pas na drie weken op bezoek komen.',
  },
] as const;

function run(cmd: string, args: string[], input?: Buffer): Buffer {
  return execFileSync(cmd, args, { input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
}

const ffmpeg = (...args: string[]) => run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
const out = (name: string) => path.join(OUT, name);

function makeAudio(tmp: string): void {
  const raw = path.join(tmp, 'espeak.wav');
  run('espeak-ng', ['-v', 'nl', '-s', '165', '-w', raw, SPOKEN]);
  // 8 kHz keeps the reference WAV near 100 KB and exercises resampling on decode.
  ffmpeg('-i', raw, '-ar', '8000', '-ac', '1', '-c:a', 'pcm_s16le', out('speech.wav'));
  ffmpeg('-i', raw, '-c:a', 'libopus', '-b:a', '24k', out('speech.webm'));
  ffmpeg('-i', raw, '-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg', out('speech.ogg'));
  ffmpeg('-i', raw, '-c:a', 'aac', '-b:a', '32k', out('speech.m4a'));
  ffmpeg('-i', raw, '-c:a', 'libmp3lame', '-b:a', '32k', out('speech.mp3'));
  // Written to a pipe, like a browser's MediaRecorder: no duration in the header.
  fs.writeFileSync(out('speech-stream.webm'), ffmpeg('-i', raw, '-c:a', 'libopus', '-b:a', '24k', '-f', 'webm', 'pipe:1'));

  // The MP4 index (moov) is written last, so a cut-off upload has none.
  const m4a = fs.readFileSync(out('speech.m4a'));
  fs.writeFileSync(out('truncated.m4a'), m4a.subarray(0, Math.floor(m4a.length * 0.6)));
  fs.writeFileSync(out('empty.webm'), Buffer.alloc(0));
  fs.writeFileSync(out('not-audio.mp3'), 'Dit is geen geluidsopname, maar een gewoon tekstbestand.\n');
  ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '3', '-c:a', 'pcm_s16le', out('silence.wav'));
}

function renderText(spec: (typeof IMAGES)[number]): Buffer {
  // caption: wraps the text into the given width; the page is then framed at a photo-like 1200×900.
  const page = [
    '-background', spec.paper, '-fill', spec.ink, '-font', spec.font, '-pointsize', String(spec.pointsize),
    '-size', '1040x', `caption:${spec.text}`,
    '-gravity', 'center', '-extent', '1200x900',
    '-background', spec.paper, '-rotate', String(spec.rotate), '-gravity', 'center', '-extent', '1200x900',
  ];
  const photo = [
    '(', '-size', '1200x900', 'radial-gradient:#ffffff-#8a8578', ')', '-compose', 'multiply', '-composite',
    '-distort', 'Perspective', '0,0 30,20  1200,0 1170,0  0,900 0,880  1200,900 1200,900',
    '-attenuate', '0.4', '+noise', 'Gaussian', '-blur', '0x0.8',
  ];
  return run(CONVERT, [...page, ...(spec.photo ? photo : ['-blur', '0x0.6']), 'png:-']);
}

async function makeImages(): Promise<void> {
  for (const spec of IMAGES) {
    const png = renderText(spec);
    if (spec.file.endsWith('.png')) fs.writeFileSync(out(spec.file), await sharp(png).png({ compressionLevel: 9 }).toBuffer());
    else if (spec.file.endsWith('.webp')) fs.writeFileSync(out(spec.file), await sharp(png).webp({ quality: 80 }).toBuffer());
    else if (spec.file === 'photo-gps-rotated.jpg') {
      // Stored on its side with EXIF orientation 6 (like a phone held upright) plus GPS tags: sanitising must rotate and strip.
      const sideways = await sharp(png).rotate(-90).toBuffer();
      fs.writeFileSync(out(spec.file), await sharp(sideways).jpeg({ quality: 82 })
        .withExif({
          IFD0: { Make: 'GehoordTestCamera', Model: 'Fixture' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 5/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '5/1 7/1 0/1' },
        })
        .withMetadata({ orientation: 6 })
        .toBuffer());
    } else fs.writeFileSync(out(spec.file), await sharp(png).jpeg({ quality: 82 }).toBuffer());
  }

  fs.writeFileSync(out('not-an-image.jpg'), 'Dit is geen foto, maar een gewoon tekstbestand.\n');
  run(CONVERT, ['-size', '120x80', 'xc:#4a7', out('drawing.gif')]);
  run(CONVERT, ['-size', '120x80', 'xc:#a47', out('drawing.bmp')]);
  fs.writeFileSync(out('photo.heic'), heicLikeFile());
  fs.writeFileSync(out('pixel-bomb.png'), pixelBombPng(20000, 20000));
}

/** An ISO-BMFF file with the 'heic' brand, as an iPhone sends; only the header matters for detection. */
function heicLikeFile(): Buffer {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  return Buffer.concat([ftyp, box('meta', Buffer.alloc(32)), box('mdat', Buffer.alloc(256, 0x5a))]);
}

/** A valid 1-bit PNG of one colour: a few tens of KB on disk, hundreds of megapixels when decoded. */
function pixelBombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + all-black pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-fixtures-'));
  try {
    makeAudio(tmp);
    await makeImages();
    const truth = { spoken: SPOKEN, images: Object.fromEntries(IMAGES.map((i) => [i.file, i.text])) };
    fs.writeFileSync(out('ground-truth.json'), JSON.stringify(truth, null, 2) + '\n');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const f of fs.readdirSync(OUT).sort()) console.log(`${f.padEnd(24)} ${fs.statSync(out(f)).size} bytes`);
}

await main();
