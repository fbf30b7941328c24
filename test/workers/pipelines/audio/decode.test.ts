import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { decodeToPcm16k, parseDuration, PCM_SAMPLE_RATE, probeAudio } from '../../../../workers/pipelines/audio/decode.ts';
import { ensureExecutable, ffmpegPath, runFfmpeg } from '../../../../workers/pipelines/audio/ffmpeg.ts';
import { isSilent } from '../../../../workers/pipelines/audio/silence.ts';
import { rejection } from '../../../helpers/media.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/media/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);
const seconds = (pcm: Float32Array) => pcm.length / PCM_SAMPLE_RATE;


/** Loudness per 100 ms: the shape of the speech, comparable across codecs. */
function envelope(pcm: Float32Array): number[] {
  const frame = PCM_SAMPLE_RATE / 10;
  const out: number[] = [];
  for (let start = 0; start + frame <= pcm.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i++) sum += pcm[i] * pcm[i];
    out.push(Math.sqrt(sum / frame));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('workers/pipelines/audio/decode', () => {
  let reference: Float32Array;
  let referenceSeconds: number;

  before(async () => {
    reference = await decodeToPcm16k(fixture('speech.wav'));
    referenceSeconds = (await probeAudio(fixture('speech.wav'))).durationSec;
  });

  it('ships an executable ffmpeg', () => {
    expect(() => fs.accessSync(ffmpegPath(), fs.constants.X_OK)).not.to.throw();
  });

  it('restores a missing execute bit (npm may skip the installer\'s chmod)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-chmod-'));
    try {
      const file = path.join(dir, 'ffmpeg');
      fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
      expect(ensureExecutable(file)).to.equal(file);
      expect(fs.statSync(file).mode & 0o777).to.equal(0o755);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodes the reference WAV to 16 kHz mono with the length ffmpeg reports', () => {
    expect(referenceSeconds).to.be.closeTo(7.4, 0.05);
    expect(seconds(reference)).to.be.closeTo(referenceSeconds, 0.1);
    expect(isSilent(reference)).to.equal(false);
    expect(Math.max(...reference.map(Math.abs))).to.be.at.most(1);
  });

  const formats: [string, string, boolean][] = [
    ['speech.webm', 'opus', true],
    ['speech-stream.webm', 'opus', false],
    ['speech.ogg', 'opus', true],
    ['speech.m4a', 'aac', true],
    ['speech.mp3', 'mp3', true],
  ];
  for (const [file, codec, fromHeader] of formats) {
    it(`decodes ${file} (${codec}) to the same speech, 16 kHz mono, within 0.1 s of the WAV`, async () => {
      const probe = await probeAudio(fixture(file));
      expect(probe.codec).to.equal(codec);
      expect(probe.durationFromHeader).to.equal(fromHeader);
      expect(probe.durationSec).to.be.closeTo(referenceSeconds, 0.1);
      const pcm = await decodeToPcm16k(fixture(file));
      expect(seconds(pcm)).to.be.closeTo(referenceSeconds, 0.1);
      expect(isSilent(pcm)).to.equal(false);
      // The loudness contour matches the reference: it is this recording, in mono, at the right speed.
      expect(correlation(envelope(pcm), envelope(reference))).to.be.above(0.9);
    });
  }

  it('decodes a silent recording fine, and isSilent flags it', async () => {
    const pcm = await decodeToPcm16k(fixture('silence.wav'));
    expect(seconds(pcm)).to.be.closeTo(3, 0.05);
    expect(isSilent(pcm)).to.equal(true);
  });

  it('rejects a cut-off M4A as broken (422), keeping ffmpeg\'s words for the log', async () => {
    for (const run of [probeAudio, decodeToPcm16k]) {
      const err = await rejection(run(fixture('truncated.m4a')));
      expect([err.status, err.code, err.retryable]).to.deep.equal([422, 'audio_broken', false]);
      expect(err.detail).to.match(/moov atom not found/);
      expect(err.message).not.to.match(/moov|ffmpeg/);
    }
  });

  it('rejects a text file named .mp3 as broken', async () => {
    expect((await rejection(probeAudio(fixture('not-audio.mp3')))).code).to.equal('audio_broken');
    expect((await rejection(decodeToPcm16k(fixture('not-audio.mp3')))).code).to.equal('audio_broken');
  });

  it('rejects a 0-byte file as empty', async () => {
    expect((await rejection(probeAudio(fixture('empty.webm')))).code).to.equal('media_empty');
    expect((await rejection(decodeToPcm16k(fixture('empty.webm')))).code).to.equal('media_empty');
  });

  it('rejects a file without a sound track', async () => {
    expect((await rejection(probeAudio(fixture('letter-plain.jpg')))).code).to.equal('audio_no_sound_track');
    expect((await rejection(decodeToPcm16k(fixture('letter-plain.jpg')))).code).to.equal('audio_no_sound_track');
  });

  it('applies the length limit from the header and while decoding', async () => {
    const fromHeader = await rejection(probeAudio(fixture('speech.wav'), { maxSeconds: 5 }));
    expect([fromHeader.status, fromHeader.code]).to.deep.equal([422, 'audio_too_long']);
    expect((await rejection(decodeToPcm16k(fixture('speech.wav'), { maxSeconds: 5 }))).code).to.equal('audio_too_long');
    expect((await probeAudio(fixture('speech.wav'), { maxSeconds: 7 })).durationSec).to.be.closeTo(7.4, 0.05);
  });

  describe('a 2-hour recording', function () {
    this.timeout(120_000);
    let dir: string;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-long-audio-'));
      // Remuxing the 7.4 s note 973 times gives 2 h of real Opus audio in about 2 s, without encoding.
      const loop = ['-loglevel', 'error', '-stream_loop', '972', '-i', fixture('speech.webm'), '-c', 'copy'];
      for (const [name, extra] of [['long.webm', []], ['long-stream.webm', ['-f', 'webm', '-live', '1']]] as const) {
        const run = await runFfmpeg([...loop, ...extra, path.join(dir, name)], { timeoutMs: 60_000 });
        expect(run.code, run.stderr).to.equal(0);
      }
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is refused from its header with a message that says how long it is and what to do', async () => {
      const err = await rejection(probeAudio(path.join(dir, 'long.webm')));
      expect([err.status, err.code]).to.deep.equal([422, 'audio_too_long']);
      expect(err.message).to.contain('2 uur').and.contain('10 minuten').and.match(/kortere opname/);
    });

    it('is refused without a header length too, after decoding only just past the limit', async () => {
      const err = await rejection(probeAudio(path.join(dir, 'long-stream.webm')));
      expect(err.code).to.equal('audio_too_long');
      expect(err.message).to.contain('langer dan 10 minuten');
    });
  });

  describe('when ffmpeg itself fails', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-bad-ffmpeg-'));
      fs.writeFileSync(path.join(dir, 'crash.sh'), '#!/bin/sh\necho "Segmentation fault" >&2\nkill -SEGV $$\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'hang.sh'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a crash becomes a retryable decoder failure with a calm Dutch message', async () => {
      for (const run of [probeAudio, decodeToPcm16k]) {
        const err = await rejection(run(fixture('speech.wav'), { ffmpegBinary: path.join(dir, 'crash.sh') }));
        expect([err.status, err.code, err.retryable]).to.deep.equal([500, 'audio_decoder_failed', true]);
        expect(err.message).to.match(/ligt niet aan jou/);
        expect(err.detail).to.match(/signal/);
      }
    });

    it('a hanging ffmpeg is stopped at the time limit', async () => {
      const err = await rejection(decodeToPcm16k(fixture('speech.wav'), { ffmpegBinary: path.join(dir, 'hang.sh'), timeoutMs: 300 }));
      expect(err.code).to.equal('audio_decoder_failed');
      expect(err.detail).to.match(/too long/);
    });

    it('a missing binary is a decoder failure, not a crash of our process', async () => {
      const err = await rejection(probeAudio(fixture('speech.wav'), { ffmpegBinary: path.join(dir, 'does-not-exist') }));
      expect(err.code).to.equal('audio_decoder_failed');
      expect(err.detail).to.match(/ENOENT/);
    });
  });

  it('parses ffmpeg durations', () => {
    expect(parseDuration('  Duration: 02:00:02.17, start: -0.003000')).to.be.closeTo(7202.17, 1e-9);
    expect(parseDuration('  Duration: N/A, start: -0.003000, bitrate: N/A')).to.equal(undefined);
  });
});
