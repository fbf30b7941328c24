import fs from 'node:fs/promises';
import { fileTypeFromBuffer, fileTypeFromFile, type FileTypeResult } from 'file-type';
import { mediaErrors } from './errors.ts';
import { mediaLimits } from './limits.ts';

export type MediaKind = 'audio' | 'image';

/** What an upload really is, judged from its bytes; `mime` and `ext` are what we store and serve it as. */
export interface DetectedMedia {
  kind: MediaKind;
  mime: string;
  ext: string;
  bytes: number;
}

type Accepted = Omit<DetectedMedia, 'bytes'>;

/** file-type's extension → how we keep the file. Browsers record webm/opus or mp4/aac; phones send the rest. */
const ACCEPTED: Record<string, Accepted> = {
  webm: { kind: 'audio', mime: 'audio/webm', ext: 'webm' },
  opus: { kind: 'audio', mime: 'audio/ogg', ext: 'ogg' },
  ogg: { kind: 'audio', mime: 'audio/ogg', ext: 'ogg' },
  oga: { kind: 'audio', mime: 'audio/ogg', ext: 'ogg' },
  m4a: { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' },
  // Safari's recorder and some phones write a generic MP4 brand for audio-only files.
  mp4: { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' },
  aac: { kind: 'audio', mime: 'audio/aac', ext: 'aac' },
  mp3: { kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' },
  wav: { kind: 'audio', mime: 'audio/wav', ext: 'wav' },
  jpg: { kind: 'image', mime: 'image/jpeg', ext: 'jpg' },
  png: { kind: 'image', mime: 'image/png', ext: 'png' },
  webp: { kind: 'image', mime: 'image/webp', ext: 'webp' },
};

const MAX_BYTES: Record<MediaKind, number> = {
  audio: mediaLimits.audioMaxBytes,
  image: mediaLimits.imageMaxBytes,
};

/**
 * Decides from the bytes alone (never the file name or the browser's claim) whether an upload
 * is a voice note or an image we accept. Throws a MediaRejection with a Dutch message otherwise.
 */
export async function detectMediaKind(input: Buffer | string): Promise<DetectedMedia> {
  const bytes = typeof input === 'string' ? (await fs.stat(input)).size : input.length;
  if (bytes === 0) throw mediaErrors.empty();
  const found = typeof input === 'string' ? await fileTypeFromFile(input) : await fileTypeFromBuffer(input);
  const accepted = classify(found);
  if (bytes > MAX_BYTES[accepted.kind]) {
    throw accepted.kind === 'audio' ? mediaErrors.audioTooLarge() : mediaErrors.imageTooLarge();
  }
  return { ...accepted, bytes };
}

/** Pure mapping from a file-type verdict to an accepted kind, or the rejection that explains what to send instead. */
export function classify(found: FileTypeResult | undefined): Accepted {
  if (!found) throw mediaErrors.unsupported();
  const accepted = ACCEPTED[found.ext];
  if (accepted) return accepted;
  if (found.ext === 'heic') throw mediaErrors.heic();
  const label = found.ext.toUpperCase();
  if (found.mime.startsWith('image/')) throw mediaErrors.imageUnsupported(label);
  if (found.mime.startsWith('audio/') || found.mime.startsWith('video/')) throw mediaErrors.audioUnsupported(label);
  throw mediaErrors.unsupported();
}

/** The per-story image cap, checked before any image is processed. */
export function assertImageCount(count: number): void {
  if (count > mediaLimits.imagesPerStory) throw mediaErrors.tooManyImages();
}
