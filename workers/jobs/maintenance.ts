import type { DB } from '../../models/db.ts';
import { deleteFinishedBefore, enqueue } from '../../models/jobs.ts';
import type { JobHandler } from '../runner.ts';

const KEEP_DONE_JOBS_MS = 7 * 24 * 3600_000;

/** Housekeeping once an hour: finished jobs are kept a week for the admin page, then removed. */
export function maintenanceJob(db: DB): JobHandler {
  return {
    kind: 'maintenance',
    concurrency: 1,
    async handle({ log }) {
      const removed = await deleteFinishedBefore(db, new Date(Date.now() - KEEP_DONE_JOBS_MS));
      log.info({ removed }, 'maintenance done');
      await scheduleMaintenance(db, new Date(Date.now() + 3600_000));
    },
  };
}

export async function scheduleMaintenance(db: DB, at = new Date()): Promise<void> {
  const hour = at.toISOString().slice(0, 13);
  await enqueue(db, 'maintenance', {}, { dedupeKey: `maintenance:${hour}`, runAfter: at, maxAttempts: 3 });
}
