import { expect } from 'chai';
import { sql } from 'kysely';
import { backendNames, openTestDatabase } from '../helpers/backends.ts';
import { createLogger } from '../../lib/logger.ts';
import * as jobs from '../../models/jobs.ts';
import { createWorker, PermanentJobError, type JobHandler } from '../../workers/runner.ts';
import type { DatabaseHandle } from '../../models/db.ts';

const log = createLogger('silent');

for (const backend of backendNames()) {
  describe(`Durable job queue [${backend}]`, function () {
    let handle: DatabaseHandle;
    beforeEach(async () => { handle = await openTestDatabase(backend); });
    afterEach(async () => handle.close());

    const status = async (kind: string) => handle.db.selectFrom('jobs').select(['status', 'attempts', 'last_error'])
      .where('kind', '=', kind).executeTakeFirstOrThrow();

    it('runs a job once and marks it done', async () => {
      const seen: unknown[] = [];
      const handler: JobHandler = { kind: 'echo', concurrency: 2, handle: async ({ job }) => { seen.push(job.payload); } };
      await jobs.enqueue(handle.db, 'echo', { n: 1 });
      await jobs.enqueue(handle.db, 'echo', { n: 1 }, { dedupeKey: 'same' });
      await jobs.enqueue(handle.db, 'echo', { n: 2 }, { dedupeKey: 'same' });
      const worker = createWorker({ db: handle.db, log, handlers: [handler], pollMs: 50 });
      expect(await worker.drain()).to.equal(2);
      expect(seen).to.have.length(2);
      const rows = await handle.db.selectFrom('jobs').select('status').execute();
      expect(rows.every((r) => r.status === 'done')).to.equal(true);
    });

    it('retries a failing job with backoff and ends in a visible failed state after the last attempt', async () => {
      let calls = 0;
      const handler: JobHandler = { kind: 'flaky', concurrency: 1, handle: async () => { calls++; throw new Error('ffmpeg stopte onverwacht'); } };
      await jobs.enqueue(handle.db, 'flaky', {}, { maxAttempts: 3 });
      const worker = createWorker({ db: handle.db, log, handlers: [handler], pollMs: 50 });
      for (let i = 0; i < 3; i++) {
        await worker.drain();
        await sql`update jobs set run_after = now()`.execute(handle.db);
      }
      await worker.drain();
      expect(calls).to.equal(3);
      expect(await status('flaky')).to.deep.equal({ status: 'failed', attempts: 3, last_error: 'ffmpeg stopte onverwacht' });
      expect(await jobs.retryFailed(handle.db, (await handle.db.selectFrom('jobs').select('id').executeTakeFirstOrThrow()).id)).to.equal(true);
      expect((await status('flaky')).status).to.equal('queued');
    });

    it('fails a job at once on a permanent error', async () => {
      const handler: JobHandler = { kind: 'bad-input', concurrency: 1, handle: async () => { throw new PermanentJobError('Bestand is leeg'); } };
      await jobs.enqueue(handle.db, 'bad-input', {}, { maxAttempts: 5 });
      await createWorker({ db: handle.db, log, handlers: [handler], pollMs: 50 }).drain();
      expect(await status('bad-input')).to.include({ status: 'failed', attempts: 1 });
    });

    it('recovers a job whose worker died mid-job, and completes it once', async () => {
      await jobs.enqueue(handle.db, 'crashy', {});
      // A worker claims the job and dies: its lease runs out without completion.
      const [claimed] = await jobs.claim(handle.db, 'dead-worker', 'crashy', 1, 1);
      expect(claimed).to.not.equal(undefined);
      await new Promise((r) => setTimeout(r, 20));
      let runs = 0;
      const handler: JobHandler = { kind: 'crashy', concurrency: 1, handle: async () => { runs++; } };
      await createWorker({ db: handle.db, log, handlers: [handler], pollMs: 50 }).drain();
      expect(runs).to.equal(1);
      expect(await status('crashy')).to.include({ status: 'done', attempts: 2 });
    });

    it('finishes running jobs on a graceful stop, and releases those that do not finish in time', async () => {
      let release!: () => void;
      const handler: JobHandler = {
        kind: 'slow', concurrency: 1,
        handle: ({ signal }) => new Promise<void>((resolve, reject) => {
          release = resolve;
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      };
      await jobs.enqueue(handle.db, 'slow', {});
      const worker = createWorker({ db: handle.db, log, handlers: [handler], pollMs: 20 });
      worker.start();
      while ((await status('slow')).status !== 'running') await new Promise((r) => setTimeout(r, 20));
      await worker.stop(100);
      expect(await status('slow')).to.include({ status: 'queued', attempts: 0 });
      expect(release).to.be.a('function');
    });

    if (backend === 'postgres') {
      it('never gives one job to two workers running side by side', async function () {
        this.timeout(60_000);
        const total = 200;
        for (let i = 0; i < total; i++) await jobs.enqueue(handle.db, 'count', { i });
        const runs = new Map<number, number>();
        const handler: JobHandler = {
          kind: 'count', concurrency: 4,
          handle: async ({ job }) => {
            runs.set(job.payload.i as number, (runs.get(job.payload.i as number) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, 2));
          },
        };
        const workers = [1, 2, 3].map(() => createWorker({ db: handle.db, log, handlers: [handler], pollMs: 10 }));
        await Promise.all(workers.map((w) => w.drain()));
        expect(runs.size).to.equal(total);
        expect([...runs.values()].every((n) => n === 1)).to.equal(true);
      });
    }
  });
}
