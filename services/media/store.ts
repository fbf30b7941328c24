import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.ts';

/** Inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface StoredMedia {
  /** sha256 of the content, lowercase hex: the same bytes always get the same key. */
  key: string;
  bytes: number;
}

/**
 * Where media files live. Content-addressed, so identical uploads share one file: callers
 * that delete on withdrawal must first check that no other story still references the key.
 */
export interface MediaStore {
  put(content: Buffer | Readable): Promise<StoredMedia>;
  get(key: string): Promise<Buffer>;
  stream(key: string, range?: ByteRange): Promise<Readable>;
  /** null when there is no file for this key. */
  stat(key: string): Promise<{ bytes: number } | null>;
  /** Removes the file; deleting a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;

export const mediaNotFound = () =>
  new AppError(404, 'media_not_found', 'Dit bestand bestaat niet (meer). Misschien is het verhaal ingetrokken.');

/** Files under `dir` as ab/cd/abcd…: two fan-out levels keep directories small with many files. */
export class LocalMediaStore implements MediaStore {
  constructor(readonly dir: string) {}

  async put(content: Buffer | Readable): Promise<StoredMedia> {
    const tmpDir = path.join(this.dir, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      // flush before rename so a crash never leaves a half-written file under a valid key.
      await pipeline(source, measure, createWriteStream(tmp, { flush: true }));
      const key = hash.digest('hex');
      const final = this.pathOf(key);
      await fs.mkdir(path.dirname(final), { recursive: true });
      await fs.rename(tmp, final);
      return { key, bytes };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      throw mapMissing(err);
    }
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    const stat = await this.stat(key);
    if (!stat) throw mediaNotFound();
    if (range && (range.start < 0 || range.start >= stat.bytes || (range.end !== undefined && range.end < range.start))) {
      throw new AppError(416, 'range_not_satisfiable', 'Dit deel van het bestand bestaat niet.');
    }
    return createReadStream(file, range ? { start: range.start, end: Math.min(range.end ?? Infinity, stat.bytes - 1) } : {});
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    if (!KEY.test(key)) return null;
    try {
      return { bytes: (await fs.stat(this.pathOf(key))).size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  /** Validates the key first: it is the only thing that reaches the file system, so no path tricks. */
  private pathOf(key: string): string {
    if (!KEY.test(key)) throw mediaNotFound();
    return path.join(this.dir, key.slice(0, 2), key.slice(2, 4), key);
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';
const mapMissing = (err: unknown) => (isMissing(err) ? mediaNotFound() : err);
