import fs from 'node:fs/promises';
import { mediaErrors, MediaRejection } from '../../../services/media/errors.ts';
import { mediaLimits } from '../../../services/media/limits.ts';
import { runFfmpeg, type FfmpegRun } from './ffmpeg.ts';

/** Whisper's input: 16 kHz, mono, 32-bit float samples in [-1, 1]. */
export const PCM_SAMPLE_RATE = 16_000;

export interface AudioProbe {
  durationSec: number;
  /** ffmpeg's codec name, e.g. opus, aac, mp3, pcm_s16le. */
  codec: string;
  /** False when the container had no length (browser recordings) and we decoded to measure it. */
  durationFromHeader: boolean;
}

export interface AudioOptions {
  maxSeconds?: number;
  timeoutMs?: number;
  /** Overrides the shipped ffmpeg; tests use it to simulate a crashing decoder. */
  ffmpegBinary?: string;
}

/** A recorder that stops at exactly 10:00 may write 600.02 s; a second of grace avoids refusing it. */
const GRACE_SEC = 1;
const PROBE_TIMEOUT_MS = 20_000;
const DECODE_TIMEOUT_MS = 120_000;

/** Only plain files as input: a crafted playlist must never make ffmpeg open URLs or other files. */
const input = (file: string) => ['-protocol_whitelist', 'file', '-i', file];

/**
 * Checks that a file is a playable recording within the length limit, and reports its length and
 * codec. Throws a MediaRejection (Dutch message) for broken, empty, silent-track-less or too long files.
 */
export async function probeAudio(file: string, options: AudioOptions = {}): Promise<AudioProbe> {
  const maxSeconds = options.maxSeconds ?? mediaLimits.audioMaxSeconds;
  await assertNotEmpty(file);
  // Without an output ffmpeg only prints what it found and exits 1, so the exit code says nothing here.
  const run = await runFfmpeg(input(file), { timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS, binary: options.ffmpegBinary });
  if (run.spawnError || run.timedOut || run.code === null) throw decoderFailed(run);
  if (!/^Input #0/m.test(run.stderr)) throw mediaErrors.audioBroken(tail(run.stderr));
  const codec = /Stream #\d+:\d+\S*: Audio: ([^\s,]+)/.exec(run.stderr)?.[1];
  if (!codec) throw mediaErrors.audioNoSoundTrack();

  const headerSeconds = parseDuration(run.stderr);
  if (headerSeconds !== undefined) {
    if (headerSeconds > maxSeconds + GRACE_SEC) throw mediaErrors.audioTooLong(headerSeconds);
    return { durationSec: headerSeconds, codec, durationFromHeader: true };
  }
  const pcm = await decodeToPcm16k(file, options);
  return { durationSec: pcm.length / PCM_SAMPLE_RATE, codec, durationFromHeader: false };
}

/**
 * Decodes the first audio track to 16 kHz mono float PCM for speech recognition. Decoding stops
 * just past the length limit, so a hidden 2-hour recording costs seconds, not gigabytes.
 */
export async function decodeToPcm16k(file: string, options: AudioOptions = {}): Promise<Float32Array> {
  const limit = (options.maxSeconds ?? mediaLimits.audioMaxSeconds) + GRACE_SEC;
  await assertNotEmpty(file);
  const run = await runFfmpeg([
    '-loglevel', 'error', ...input(file),
    '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(PCM_SAMPLE_RATE),
    '-t', String(limit + 1), '-f', 'f32le', 'pipe:1',
  ], { timeoutMs: options.timeoutMs ?? DECODE_TIMEOUT_MS, binary: options.ffmpegBinary });
  if (run.spawnError || run.timedOut || run.code === null) throw decoderFailed(run);
  if (run.code !== 0) {
    if (/matches no streams|does not contain any stream/i.test(run.stderr)) throw mediaErrors.audioNoSoundTrack();
    throw mediaErrors.audioBroken(tail(run.stderr));
  }
  const samples = Math.floor(run.stdout.length / 4);
  if (samples === 0) throw mediaErrors.audioBroken(tail(run.stderr) || 'no samples decoded');
  if (samples / PCM_SAMPLE_RATE > limit) throw mediaErrors.audioTooLong();
  // Copy into a fresh, aligned buffer: Buffer slices may start at an offset a Float32Array cannot use.
  const aligned = new Uint8Array(samples * 4);
  aligned.set(run.stdout.subarray(0, samples * 4));
  return new Float32Array(aligned.buffer);
}

/** "Duration: 01:02:03.45" → seconds; undefined for "Duration: N/A" or no duration line. */
export function parseDuration(stderr: string): number | undefined {
  const m = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

async function assertNotEmpty(file: string): Promise<void> {
  if ((await fs.stat(file)).size === 0) throw mediaErrors.empty();
}

function decoderFailed(run: FfmpegRun): MediaRejection {
  const why = run.spawnError ? `could not start ffmpeg: ${run.spawnError.message}`
    : run.timedOut ? 'ffmpeg took too long and was stopped'
      : 'ffmpeg stopped unexpectedly (killed by a signal)';
  return mediaErrors.audioDecoderFailed(`${why}\n${tail(run.stderr)}`.trim());
}

const tail = (stderr: string) => stderr.trim().split('\n').slice(-5).join('\n');
