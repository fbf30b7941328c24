import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { expect } from 'chai';
import { AppError } from '../../../lib/errors.ts';
import { LocalMediaStore } from '../../../services/media/store.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError, but the promise resolved');
}

/** Every file under dir, relative: shows exactly what the store left on disk. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('services/media/store: LocalMediaStore', () => {
  let dir: string;
  let store: LocalMediaStore;
  const content = Buffer.from('0123456789 een voorbeeld van opgeslagen media');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gehoord-store-'));
    store = new LocalMediaStore(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores a buffer under its sha256, in ab/cd/ folders, and reads it back', async () => {
    const key = sha256(content);
    expect(await store.put(content)).to.deep.equal({ key, bytes: content.length });
    expect(filesUnder(dir)).to.deep.equal([path.join(key.slice(0, 2), key.slice(2, 4), key)]);
    expect((await store.get(key)).equals(content)).to.equal(true);
    expect(await store.stat(key)).to.deep.equal({ bytes: content.length });
  });

  it('stores a stream, and the same bytes get the same single file', async () => {
    const fromStream = await store.put(Readable.from([content.subarray(0, 7), content.subarray(7)]));
    const fromBuffer = await store.put(content);
    expect(fromStream).to.deep.equal(fromBuffer);
    expect(filesUnder(dir)).to.have.length(1);
  });

  it('leaves no partial file when the incoming stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half a voice note'));
        this.destroy(new Error('connection lost'));
      },
    });
    try {
      await store.put(failing);
      expect.fail('put should have failed');
    } catch (err) {
      expect((err as Error).message).to.equal('connection lost');
    }
    expect(filesUnder(dir)).to.deep.equal([]);
  });

  it('streams byte ranges inclusively, as HTTP Range requests need for audio seeking', async () => {
    const { key } = await store.put(content);
    expect(await text(await store.stream(key, { start: 2, end: 5 }))).to.equal('2345');
    expect(await text(await store.stream(key, { start: 11 }))).to.equal(content.subarray(11).toString());
    expect(await text(await store.stream(key, { start: 40, end: 10_000 }))).to.equal(content.subarray(40).toString());
    expect(await text(await store.stream(key))).to.equal(content.toString());
    const err = await appError(store.stream(key, { start: content.length }));
    expect([err.status, err.code]).to.deep.equal([416, 'range_not_satisfiable']);
  });

  it('deletes a file, and deleting again is fine', async () => {
    const { key } = await store.put(content);
    await store.delete(key);
    expect(await store.stat(key)).to.equal(null);
    await store.delete(key);
    const err = await appError(store.get(key));
    expect([err.status, err.code]).to.deep.equal([404, 'media_not_found']);
    expect((await appError(store.stream(key))).status).to.equal(404);
  });

  it('treats anything but a sha256 key as not found, so no path can escape the folder', async () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'niet voor jou');
    for (const key of ['../secret.txt', 'secret.txt', sha256(content).toUpperCase(), `${'a'.repeat(63)}/`]) {
      expect((await appError(store.get(key))).status).to.equal(404);
    }
    await appError(store.delete('../secret.txt'));
    expect(fs.existsSync(path.join(dir, 'secret.txt'))).to.equal(true);
  });
});
