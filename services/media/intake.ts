import fs from 'node:fs';
import { AppError } from '../../lib/errors.ts';
import type { NewPart } from '../../models/media.ts';
import { probeAudio } from '../../workers/pipelines/audio/decode.ts';
import { assertImageCount, detectMediaKind } from './detect.ts';
import { MediaRejection } from './errors.ts';
import { sanitizeImage } from './images.ts';
import type { MediaStore } from './store.ts';

/** An upload as multer left it in the temporary folder. */
export interface UploadedFile { path: string }

export interface MediaUpload {
  audio?: UploadedFile;
  images: { file: UploadedFile; caption?: string }[];
}

/** A checked upload, ready to store: the audio file as sent, images only as re-encoded copies. */
export type PreparedMedia =
  | { kind: 'audio'; path: string; mime: string; bytes: number; durationSec: number }
  | { kind: 'image'; full: Buffer; display: Buffer; thumbnail: Buffer; mime: string; width: number; height: number; caption?: string };

/** A media problem shown next to the form field it belongs to, with the same Dutch message. */
function onField(field: 'audio' | 'images', err: unknown): unknown {
  if (!(err instanceof MediaRejection)) return err;
  if (err.retryable) return err;
  return new AppError(err.status, err.code, err.message, { [field]: err.message });
}

const notAudio = () => new MediaRejection(415, 'audio_unsupported',
  'Dit bestand is geen geluidsopname. Kies een opname (MP3, M4A, OGG, WebM of WAV), of zet foto\'s bij "Foto of tekening".');
const notImage = () => new MediaRejection(415, 'image_unsupported',
  'Dit bestand is geen foto. Kies een foto (JPG, PNG of WebP), of zet geluidsopnames bij "Inspreken".');

/**
 * Checks every upload from its bytes before anything is stored: the real type, the size, the
 * length of a recording, and images re-encoded without metadata (EXIF/GPS never reach the store).
 */
export async function prepareMedia(upload: MediaUpload): Promise<PreparedMedia[]> {
  const prepared: PreparedMedia[] = [];
  if (upload.audio) {
    try {
      const detected = await detectMediaKind(upload.audio.path);
      if (detected.kind !== 'audio') throw notAudio();
      const probe = await probeAudio(upload.audio.path);
      prepared.push({ kind: 'audio', path: upload.audio.path, mime: detected.mime, bytes: detected.bytes, durationSec: probe.durationSec });
    } catch (err) {
      throw onField('audio', err);
    }
  }
  try {
    assertImageCount(upload.images.length);
    for (const { file, caption } of upload.images) {
      const buffer = await fs.promises.readFile(file.path);
      const detected = await detectMediaKind(buffer);
      if (detected.kind !== 'image') throw notImage();
      const clean = await sanitizeImage(buffer);
      prepared.push({ kind: 'image', ...clean, caption: caption?.trim().slice(0, 500) || undefined });
    }
  } catch (err) {
    throw onField('images', err);
  }
  return prepared;
}

/** Writes prepared media into the store. The caller links them to the story or releases them. */
export async function storeMedia(store: MediaStore, media: PreparedMedia[]): Promise<NewPart[]> {
  const parts: NewPart[] = [];
  for (const m of media) {
    if (m.kind === 'audio') {
      const stored = await store.put(fs.createReadStream(m.path));
      parts.push({ kind: 'audio', mediaKey: stored.key, mime: m.mime, bytes: stored.bytes, durationSec: m.durationSec });
    } else {
      const [full, display, thumb] = [await store.put(m.full), await store.put(m.display), await store.put(m.thumbnail)];
      parts.push({
        kind: 'image', mediaKey: full.key, displayKey: display.key, thumbKey: thumb.key, mime: m.mime, bytes: full.bytes,
        width: m.width, height: m.height, caption: m.caption,
      });
    }
  }
  return parts;
}

export const keysOf = (parts: NewPart[]) => parts.flatMap((p) => [p.mediaKey, p.displayKey, p.thumbKey]).filter((k): k is string => !!k);

