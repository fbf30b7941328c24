import fs from 'node:fs/promises';
import path from 'node:path';
import type { DB } from '../../models/db.ts';
import { deleteFinishedBefore, enqueue } from '../../models/jobs.ts';
import { deleteExpiredSessions } from '../../models/staff.ts';
import { requeueWaitingForModel } from '../../models/media.ts';
import type { TranscriberSource } from '../transcriber-source.ts';
import type { JobHandler } from '../runner.ts';

const KEEP_DONE_JOBS_MS = 7 * 24 * 3600_000;
const STALE_UPLOAD_MS = 3600_000;

/**
 * Housekeeping at start-up and then once an hour: voice notes that waited for a speech model are
 * queued again once one is installed; upload leftovers from crashed requests are removed;
 * finished jobs are kept a week for the admin page, then removed.
 */
export function maintenanceJob(deps: { db: DB; transcribers: TranscriberSource; uploadDir: string }): JobHandler {
  const { db } = deps;
  return {
    kind: 'maintenance',
    concurrency: 1,
    async handle({ log }) {
      const removed = await deleteFinishedBefore(db, new Date(Date.now() - KEEP_DONE_JOBS_MS));
      await deleteExpiredSessions(db);
      const { transcriber } = await deps.transcribers.load();
      const requeued = transcriber ? await requeueWaitingForModel(db) : 0;
      const uploads = await removeStaleUploads(deps.uploadDir);
      log.info({ removed, requeued, uploads }, 'maintenance done');
      await scheduleMaintenance(db, new Date(Date.now() + 3600_000));
    },
  };
}

async function removeStaleUploads(dir: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_UPLOAD_MS) {
      await fs.rm(file, { force: true, recursive: true });
      removed++;
    }
  }
  return removed;
}

export async function scheduleMaintenance(db: DB, at = new Date()): Promise<void> {
  const hour = at.toISOString().slice(0, 13);
  await enqueue(db, 'maintenance', {}, { dedupeKey: `maintenance:${hour}`, runAfter: at, maxAttempts: 3 });
}
