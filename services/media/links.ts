import crypto from 'node:crypto';

/**
 * Time-limited links to a sharer's own media (their voice note, their photos). The receipt code
 * never goes into a URL, so the receipt page hands out these signed links instead.
 */
export type MediaVariant = 'audio' | 'display' | 'thumb';
const LIFETIME_MS = 30 * 60_000;

function signature(key: Buffer, partId: string, variant: MediaVariant, expires: number): string {
  return crypto.createHmac('sha256', key).update(`${partId}:${variant}:${expires}`).digest('base64url');
}

export function mediaLink(key: Buffer, partId: string, variant: MediaVariant, now = Date.now()): string {
  const expires = now + LIFETIME_MS;
  return `/bon/media/${partId}/${variant}?exp=${expires}&sig=${signature(key, partId, variant, expires)}`;
}

export function verifyMediaLink(key: Buffer, partId: string, variant: string, exp: string, sig: string, now = Date.now()): variant is MediaVariant {
  if (!['audio', 'display', 'thumb'].includes(variant)) return false;
  const expires = Number(exp);
  if (!Number.isFinite(expires) || expires < now) return false;
  const expected = Buffer.from(signature(key, partId, variant as MediaVariant, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
