import { expect } from 'chai';
import { MediaRejection } from '../../services/media/errors.ts';

/** Awaits a promise that must fail with a MediaRejection, and returns it for further checks. */
export async function rejection(promise: Promise<unknown>): Promise<MediaRejection> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(MediaRejection);
    return err as MediaRejection;
  }
  throw new Error('expected a MediaRejection, but the promise resolved');
}
