import os from 'node:os';
import crypto from 'node:crypto';
import type { DB } from '../models/db.ts';
import * as jobs from '../models/jobs.ts';
import type { Logger } from '../lib/logger.ts';

export interface JobContext {
  job: jobs.Job;
  /** Aborted when the worker shuts down; long handlers should stop and let the job be released. */
  signal: AbortSignal;
  log: Logger;
}

export interface JobHandler {
  kind: string;
  /** How many jobs of this kind one worker process runs at the same time. */
  concurrency: number;
  /** How long a claim lasts before another worker may take the job over (renewed while running). */
  leaseMs?: number;
  /** Handlers must be idempotent: a job can run again after a crash. */
  handle(ctx: JobContext): Promise<void>;
  /** Frees what the handler holds (a model, an OCR thread) when the worker stops. */
  close?(): Promise<void>;
}

/** A job that should not be retried (the input itself is wrong); it fails at once with this message. */
export class PermanentJobError extends Error {}

export interface Worker {
  id: string;
  start(): void;
  stop(graceMs?: number): Promise<void>;
  /** Runs due jobs until none is left; for tests and scripts. */
  drain(): Promise<number>;
  readonly running: boolean;
}

export function backoffMs(attempt: number): number {
  return Math.min(15 * 60_000, 2_000 * 2 ** (attempt - 1));
}

export function createWorker(deps: { db: DB; log: Logger; handlers: JobHandler[]; pollMs: number; staleMs?: number }): Worker {
  const { db, log, handlers, pollMs } = deps;
  const staleMs = deps.staleMs ?? 60_000;
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const inFlight = new Map<number, { kind: string; done: Promise<void>; abort: AbortController }>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let ticking: Promise<number> | undefined;

  const busy = (kind: string) => [...inFlight.values()].filter((j) => j.kind === kind).length;

  async function run(handler: JobHandler, job: jobs.Job): Promise<void> {
    const abort = new AbortController();
    const leaseMs = handler.leaseMs ?? 5 * 60_000;
    const renew = setInterval(() => { jobs.extendLease(db, job.id, id, leaseMs).catch(() => {}); }, leaseMs / 3);
    const jobLog = log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
    const done = (async () => {
      try {
        await handler.handle({ job, signal: abort.signal, log: jobLog });
        await jobs.complete(db, job.id, id);
      } catch (err) {
        if (abort.signal.aborted) {
          await jobs.release(db, job.id, id);
          return;
        }
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof PermanentJobError) await db.updateTable('jobs').set({ max_attempts: job.attempts }).where('id', '=', job.id).execute();
        const status = await jobs.fail(db, job.id, id, message, backoffMs(job.attempts));
        jobLog.warn({ status, error: message }, 'job attempt failed');
      } finally {
        clearInterval(renew);
        inFlight.delete(job.id);
      }
    })();
    inFlight.set(job.id, { kind: job.kind, done, abort });
  }

  /** One pass: recover stale claims, then fill every kind's free slots. Returns jobs started. */
  async function tick(): Promise<number> {
    await jobs.heartbeat(db, id, handlers.map((h) => h.kind));
    await jobs.recoverStale(db, staleMs);
    let started = 0;
    for (const handler of handlers) {
      const free = handler.concurrency - busy(handler.kind);
      if (free <= 0) continue;
      const claimed = await jobs.claim(db, id, handler.kind, free, handler.leaseMs ?? 5 * 60_000);
      for (const job of claimed) await run(handler, job);
      started += claimed.length;
    }
    return started;
  }

  function schedule(delay: number) {
    if (!running) return;
    timer = setTimeout(async () => {
      let started = 0;
      try {
        ticking = tick();
        started = await ticking;
      } catch (err) {
        log.error({ err: (err as Error).message }, 'worker poll failed; retrying');
      } finally {
        ticking = undefined;
      }
      schedule(started > 0 ? 10 : pollMs);
    }, delay);
  }

  return {
    id,
    get running() { return running; },
    start() {
      if (running) return;
      running = true;
      log.info({ worker: id, kinds: handlers.map((h) => h.kind) }, 'worker started');
      schedule(0);
    },
    async stop(graceMs = 10_000) {
      running = false;
      clearTimeout(timer);
      await ticking?.catch(() => {});
      const pending = [...inFlight.values()];
      const finished = Promise.all(pending.map((j) => j.done));
      const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs))]);
      if (timedOut) {
        for (const j of inFlight.values()) j.abort.abort();
        await Promise.all([...inFlight.values()].map((j) => j.done));
      }
      await Promise.all(handlers.map((h) => h.close?.().catch((err) => log.warn({ err: (err as Error).message }, 'close failed'))));
      await jobs.removeHeartbeat(db, id).catch(() => {});
    },
    async drain() {
      let total = 0;
      for (;;) {
        const started = await tick();
        await Promise.all([...inFlight.values()].map((j) => j.done));
        if (started === 0) return total;
        total += started;
      }
    },
  };
}
