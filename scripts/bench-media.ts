/**
 * Media benchmark: ffmpeg decode time for 10 s / 60 s / 180 s voice notes (target ≤ 0.05× the audio
 * length), image sanitising and OCR time per image for batches of 1 and 4 (target ≤ 2 s per photo),
 * OCR on a dense full-page photo, and peak memory. Prints figures; asserts nothing.
 *
 *   node --import tsx scripts/bench-media.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { sanitizeImage } from '../services/media/images.ts';
import { decodeToPcm16k, probeAudio } from '../workers/pipelines/audio/decode.ts';
import { ffmpegPath, runFfmpeg } from '../workers/pipelines/audio/ffmpeg.ts';
import { characterErrorRate } from '../workers/pipelines/ocr/cer.ts';
import { createOcr, type Ocr } from '../workers/pipelines/ocr/ocr.ts';
import { percentile, startBenchServer } from './lib/bench-server.ts';

const FIXTURES = path.resolve('test/fixtures/media');
const VOICE_SECONDS = [10, 60, 180];
const RUNS = 3;
const truth: { images: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ground-truth.json'), 'utf8'));

const ms = (start: number) => performance.now() - start;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRssKb = () => process.resourceUsage().maxRSS;

/** The espeak-ng fixture looped to the wanted length, encoded like a browser voice note (Opus in WebM). */
async function makeVoiceNote(dir: string, seconds: number): Promise<string> {
  const file = path.join(dir, `voice-${seconds}s.webm`);
  if (fs.existsSync(file)) return file;
  const run = await runFfmpeg(['-loglevel', 'error', '-stream_loop', '-1', '-i', path.join(FIXTURES, 'speech.wav'),
    '-t', String(seconds), '-c:a', 'libopus', '-b:a', '24k', file], { timeoutMs: 120_000 });
  if (run.code !== 0) throw new Error(`could not make the test voice note: ${run.stderr}`);
  return file;
}

/** Wraps ffmpeg in /usr/bin/time so the decoder's own peak memory is measured on the real code path. */
function measuringFfmpeg(dir: string): { binary: string; peakKb: () => number } | undefined {
  if (!fs.existsSync('/usr/bin/time')) return undefined;
  const binary = path.join(dir, 'ffmpeg-measured.sh');
  const report = path.join(dir, 'ffmpeg-rss.txt');
  fs.writeFileSync(binary, `#!/bin/sh\nexec /usr/bin/time -f '%M' -o '${report}' '${ffmpegPath()}' "$@"\n`, { mode: 0o755 });
  return { binary, peakKb: () => Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop()) };
}

async function benchAudio(dir: string): Promise<void> {
  console.log(`\nVoice notes (Opus/WebM → 16 kHz mono float PCM), median of ${RUNS} runs`);
  console.log('length  probe ms  decode ms  decode/length  ffmpeg peak RSS');
  const measured = measuringFfmpeg(dir);
  for (const seconds of VOICE_SECONDS) {
    const file = await makeVoiceNote(dir, seconds);
    const probes: number[] = [];
    const decodes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let start = performance.now();
      await probeAudio(file);
      probes.push(ms(start));
      start = performance.now();
      const pcm = await decodeToPcm16k(file, { ffmpegBinary: measured?.binary });
      decodes.push(ms(start));
      if (Math.abs(pcm.length / 16_000 - seconds) > 0.1) throw new Error(`decoded ${pcm.length / 16_000} s, expected ${seconds} s`);
    }
    const decode = median(decodes);
    console.log([
      `${seconds} s`.padEnd(6), median(probes).toFixed(0).padStart(9), decode.toFixed(0).padStart(10),
      `${(decode / 1000 / seconds).toFixed(4)}×`.padStart(14), (measured ? mb(measured.peakKb()) : 'n/a').padStart(16),
    ].join(' '));
  }
}

async function benchImages(): Promise<void> {
  const files = Object.keys(truth.images);
  const images = files.map((f) => fs.readFileSync(path.join(FIXTURES, f)));

  console.log('\nImages: sanitising (auto-rotate, strip metadata, WebP display + thumbnail)');
  for (const [i, file] of files.entries()) {
    const start = performance.now();
    await sanitizeImage(images[i]);
    console.log(`  ${file.padEnd(26)} ${ms(start).toFixed(0)} ms`);
  }

  console.log('\nOCR (tesseract.js, nld, one worker)');
  let start = performance.now();
  const ocr = await createOcr();
  console.log(`  worker start: ${ms(start).toFixed(0)} ms`);
  try {
    for (const batch of [1, 4]) {
      const times: number[] = [];
      start = performance.now();
      for (let i = 0; i < batch; i++) {
        const t = performance.now();
        const result = await ocr.recognize(images[i]);
        times.push(ms(t));
        const cer = characterErrorRate(truth.images[files[i]], result.text);
        console.log(`  batch of ${batch}: ${files[i].padEnd(26)} ${times[i].toFixed(0).padStart(5)} ms  CER ${(cer * 100).toFixed(2)}%`);
      }
      console.log(`  batch of ${batch}: total ${ms(start).toFixed(0)} ms, ${(ms(start) / batch).toFixed(0)} ms per image, slowest ${Math.max(...times).toFixed(0)} ms`);
    }
    await benchDensePage(ocr);
  } finally {
    await ocr.terminate();
  }
}

/**
 * A full A4 page of 11 pt text photographed at 12 MP: far more text than the fixtures, and the
 * case that decides which stored size OCR must read from.
 */
async function benchDensePage(ocr: Ocr): Promise<void> {
  const text = Array.from({ length: 3 }, () => Object.values(truth.images).join(' ')).join(' ');
  const rendered = await sharp({ text: { text, font: 'DejaVu Serif 11', width: 2600, dpi: 363, wrap: 'word' } }).png().toBuffer();
  const photo = await sharp({ create: { width: 3000, height: 4000, channels: 3, background: '#ffffff' } })
    .composite([{ input: rendered, top: 200, left: 200 }]).jpeg({ quality: 85 }).toBuffer();
  const sanitized = await sanitizeImage(photo);
  console.log(`
Dense A4 page (3000×4000 photo, 11 pt, ${text.length} characters)`);
  for (const variant of ['full', 'display'] as const) {
    const start = performance.now();
    const result = await ocr.recognize(sanitized[variant]);
    const cer = characterErrorRate(text, result.text);
    console.log(`  OCR on ${variant.padEnd(8)} ${ms(start).toFixed(0).padStart(6)} ms  CER ${(cer * 100).toFixed(2)}%`);
  }
}

/**
 * Through the real server (`npm start`: web + worker thread, embedded database): how long an upload
 * takes until the story is committed, and whether /healthz stays quick while the worker is busy.
 */
async function benchServer(dir: string): Promise<void> {
  const server = await startBenchServer('pglite', {});
  try {
    const post = async (files: [string, string][]) => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ role: 'youth', ageBand: '16-17', municipality: 'GM0344', consent: 'reviewers' })) form.set(k, v);
      for (const [field, file] of files) form.append(field, new Blob([fs.readFileSync(file)]), path.basename(file));
      const start = performance.now();
      const res = await fetch(`${server.url}/api/narratives`, { method: 'POST', body: form });
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      return ms(start);
    };
    console.log('\nUpload to committed story (multipart POST until 201; includes type check, probe, image re-encoding)');
    for (const seconds of VOICE_SECONDS) {
      const file = await makeVoiceNote(dir, seconds);
      console.log(`  ${String(seconds).padStart(3)} s voice note (${(fs.statSync(file).size / 1024).toFixed(0)} KB): ${(await post([['audio', file]])).toFixed(0)} ms`);
    }
    const photos = Object.keys(truth.images).map((f) => path.join(FIXTURES, f));
    console.log(`  1 image: ${(await post([['images', photos[0]!]])).toFixed(0)} ms`);
    console.log(`  4 images: ${(await post(photos.map((f) => ['images', f] as [string, string]))).toFixed(0)} ms`);
    for (let i = 0; i < 3; i++) await post(photos.map((f) => ['images', f] as [string, string]));

    // The worker now has OCR and analysis jobs to do; the web must keep answering.
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await fetch(`${server.url}/healthz`).then((r) => r.json());
      latencies.push(ms(start));
      await new Promise((r) => setTimeout(r, 25));
    }
    const queue = (await (await fetch(`${server.url}/healthz`)).json()).worker.queue;
    latencies.sort((a, b) => a - b);
    console.log(`\n/healthz while the worker is busy (200 requests): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    console.log(`  queue afterwards: ${JSON.stringify(queue)}`);
  } finally {
    await server.stop();
    server.remove();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-bench-media-'));
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    await benchAudio(dir);
    console.log(`Node process peak RSS after audio: ${mb(peakRssKb())}`);
    await benchImages();
    console.log(`\nNode process peak RSS (includes the tesseract worker thread): ${mb(peakRssKb())}`);
    await benchServer(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
