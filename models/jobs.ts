import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { JobStatus } from './schema.ts';

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export interface EnqueueOptions {
  /** A second job with the same key is not added while the first exists (idempotent enqueue). */
  dedupeKey?: string;
  runAfter?: Date;
  maxAttempts?: number;
}

type Executor = Pick<DB, 'insertInto'>;

export async function enqueue(db: Executor, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  await db.insertInto('jobs').values({
    kind,
    payload: JSON.stringify(payload),
    dedupe_key: opts.dedupeKey ?? null,
    run_after: opts.runAfter ?? new Date(),
    max_attempts: opts.maxAttempts ?? 5,
  }).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
}

/**
 * Claims up to `limit` due jobs of one kind. SKIP LOCKED lets any number of workers claim side
 * by side without ever taking the same job; the lease lets another worker recover it after a crash.
 */
export async function claim(db: DB, workerId: string, kind: string, limit: number, leaseMs: number): Promise<Job[]> {
  const rows = await sql<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + (${leaseMs} * interval '1 millisecond'), updated_at = now()
    where id in (
      select id from jobs where status = 'queued' and kind = ${kind} and run_after <= now()
      order by run_after, id limit ${limit} for update skip locked)
    returning id, kind, payload, attempts, max_attempts`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
}

export async function complete(db: DB, id: number, workerId: string): Promise<void> {
  await db.updateTable('jobs').set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: new Date() })
    .where('id', '=', id).where('locked_by', '=', workerId).execute();
}

/** A failed attempt goes back to the queue after a backoff, or ends as failed after the last attempt. */
export async function fail(db: DB, id: number, workerId: string, error: string, retryInMs: number): Promise<JobStatus> {
  const row = await sql<{ status: JobStatus }>`
    update jobs set
      status = case when attempts >= max_attempts then 'failed' else 'queued' end,
      run_after = now() + (${retryInMs} * interval '1 millisecond'),
      last_error = ${error.slice(0, 2000)}, locked_by = null, locked_until = null, updated_at = now()
    where id = ${id} and locked_by = ${workerId}
    returning status`.execute(db);
  return row.rows[0]?.status ?? 'queued';
}

/** Graceful shutdown: hand a claimed job back without counting the attempt. */
export async function release(db: DB, id: number, workerId: string): Promise<void> {
  await sql`update jobs set status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = null,
    locked_until = null, updated_at = now() where id = ${id} and locked_by = ${workerId}`.execute(db);
}

export async function extendLease(db: DB, id: number, workerId: string, leaseMs: number): Promise<void> {
  await sql`update jobs set locked_until = now() + (${leaseMs} * interval '1 millisecond')
    where id = ${id} and locked_by = ${workerId}`.execute(db);
}

/**
 * Jobs whose worker died mid-job are queued again, or failed when out of attempts. A worker is
 * dead when its lease ran out, or when it stopped sending heartbeats for `staleMs`.
 */
export async function recoverStale(db: DB, staleMs: number): Promise<number> {
  const res = await sql`
    update jobs set
      status = case when attempts >= max_attempts then 'failed' else 'queued' end,
      last_error = coalesce(last_error, 'De verwerking stopte halverwege (worker gestopt); opnieuw geprobeerd.'),
      locked_by = null, locked_until = null, updated_at = now()
    where status = 'running' and (locked_until < now() or not exists (
      select 1 from worker_heartbeats h
      where h.worker_id = jobs.locked_by and h.seen_at > now() - (${staleMs} * interval '1 millisecond')))`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

export async function retryFailed(db: DB, id: number): Promise<boolean> {
  const res = await db.updateTable('jobs').set({ status: 'queued', attempts: 0, run_after: new Date(), updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface QueueStats { kind: string; status: JobStatus; count: number }

export async function queueStats(db: DB): Promise<QueueStats[]> {
  return db.selectFrom('jobs').select(['kind', 'status', sql<number>`count(*)::int`.as('count')])
    .where('status', 'in', ['queued', 'running', 'failed']).groupBy(['kind', 'status']).orderBy('kind').execute();
}

export async function deleteFinishedBefore(db: DB, before: Date): Promise<number> {
  const res = await db.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function heartbeat(db: DB, workerId: string, kinds: string[]): Promise<void> {
  await db.insertInto('worker_heartbeats').values({ worker_id: workerId, kinds: kinds.join(','), seen_at: new Date() })
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ seen_at: new Date() })).execute();
}

export async function removeHeartbeat(db: DB, workerId: string): Promise<void> {
  await db.deleteFrom('worker_heartbeats').where('worker_id', '=', workerId).execute();
}

export async function liveWorkers(db: DB, withinMs: number): Promise<{ workerId: string; seenAt: Date }[]> {
  await db.deleteFrom('worker_heartbeats').where('seen_at', '<', new Date(Date.now() - 24 * 3600_000)).execute();
  const rows = await db.selectFrom('worker_heartbeats').select(['worker_id', 'seen_at'])
    .where('seen_at', '>=', new Date(Date.now() - withinMs)).execute();
  return rows.map((r) => ({ workerId: r.worker_id, seenAt: r.seen_at }));
}

export interface FailedJob { id: number; kind: string; attempts: number; lastError: string | null; updatedAt: Date; createdAt: Date }

/** Jobs that ran out of attempts, newest first, for the admin page. */
export async function failedJobs(db: DB, limit: number): Promise<FailedJob[]> {
  const rows = await db.selectFrom('jobs').select(['id', 'kind', 'attempts', 'last_error', 'updated_at', 'created_at'])
    .where('status', '=', 'failed').orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, attempts: r.attempts, lastError: r.last_error, updatedAt: r.updated_at, createdAt: r.created_at }));
}
