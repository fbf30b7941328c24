import { spawn } from 'node:child_process';
import fs from 'node:fs';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

let checked: string | undefined;

/**
 * Path of the ffmpeg binary shipped by @ffmpeg-installer. Newer npm versions may skip the
 * package's postinstall chmod, so the execute bit is checked once and restored if missing.
 */
export function ffmpegPath(): string {
  checked ??= ensureExecutable(ffmpegInstaller.path);
  return checked;
}

/** Adds the execute bits to a file that lacks them; returns the path. */
export function ensureExecutable(file: string): string {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, fs.statSync(file).mode | 0o111);
  }
  return file;
}

export interface FfmpegRun {
  stdout: Buffer;
  stderr: string;
  /** Exit code, or null when the process died from a signal (crash or our time limit). */
  code: number | null;
  timedOut: boolean;
  /** Set when ffmpeg could not be started at all (missing binary, no permission). */
  spawnError?: Error;
}

export interface FfmpegOptions {
  timeoutMs: number;
  /** Overrides the shipped binary; tests use it to simulate a crashing decoder. */
  binary?: string;
}

/** Bytes of stderr kept: enough for the error lines, bounded for chatty or hostile input. */
const STDERR_KEEP = 16 * 1024;

/**
 * Runs ffmpeg to completion and never rejects: every outcome (exit code, signal, time limit,
 * spawn failure) comes back as data, so callers map it to one clear error in one place.
 */
export function runFfmpeg(args: string[], options: FfmpegOptions): Promise<FfmpegRun> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (run: Omit<FfmpegRun, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout), stderr, timedOut, ...run });
    };

    const child = spawn(options.binary ?? ffmpegPath(), ['-nostdin', '-hide_banner', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.on('error', (spawnError) => finish({ code: null, spawnError }));
    child.on('close', (code) => finish({ code }));
  });
}
