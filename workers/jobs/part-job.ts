import type { DB } from '../../models/db.ts';
import { getPart, setPartStatus, type Part } from '../../models/media.ts';
import { MediaRejection } from '../../services/media/errors.ts';
import { PermanentJobError, type JobContext } from '../runner.ts';

/**
 * The shared life of a media job: find the part (a withdrawn story is a no-op), mark it
 * processing, and on failure record what it means for the sharer and staff. A file that can
 * never work fails at once; other errors are retried and marked failed after the last attempt.
 */
export async function runPartJob(db: DB, ctx: JobContext, work: (part: Part) => Promise<void>): Promise<void> {
  const part = await getPart(db, String(ctx.job.payload.partId));
  if (!part) return;
  try {
    await work(part);
  } catch (err) {
    const permanent = err instanceof MediaRejection && !err.retryable;
    const last = permanent || ctx.job.attempts >= ctx.job.maxAttempts;
    if (last && !ctx.signal.aborted) {
      const message = err instanceof MediaRejection ? err.message : `Verwerken lukte niet: ${(err as Error).message}`;
      await setPartStatus(db, part.id, 'failed', message);
    }
    if (permanent) throw new PermanentJobError((err as Error).message);
    throw err;
  }
}
