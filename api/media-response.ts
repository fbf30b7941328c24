import type { Request, Response } from 'express';
import type { MediaStore } from '../services/media/store.ts';
import { mediaNotFound } from '../services/media/store.ts';

/**
 * Sends a stored file with HTTP range support, so audio players can seek in a voice note.
 * Only one range per request (what browsers ask for when playing audio).
 */
export async function sendMedia(req: Request, res: Response, store: MediaStore, key: string, mime: string): Promise<void> {
  const stat = await store.stat(key);
  if (!stat) throw mediaNotFound();
  res.set({ 'Content-Type': mime, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
  const match = /^bytes=(\d*)-(\d*)$/.exec(req.get('range') ?? '');
  if (!match || (!match[1] && !match[2])) {
    res.set('Content-Length', String(stat.bytes));
    (await store.stream(key)).pipe(res);
    return;
  }
  // "bytes=-500" asks for the last 500 bytes.
  const start = match[1] ? Number(match[1]) : Math.max(0, stat.bytes - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), stat.bytes - 1) : stat.bytes - 1;
  if (start >= stat.bytes || end < start) {
    res.status(416).set('Content-Range', `bytes */${stat.bytes}`).end();
    return;
  }
  res.status(206).set({ 'Content-Range': `bytes ${start}-${end}/${stat.bytes}`, 'Content-Length': String(end - start + 1) });
  (await store.stream(key, { start, end })).pipe(res);
}
