import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { Mutex } from 'async-mutex';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrations/index.ts';

export type DB = Kysely<Database>;
export type Backend = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: DB;
  backend: Backend;
  /** Where the data lives, for the start-up message (never includes a password). */
  location: string;
  /** The embedded engine's connection pool, lent to the worker thread (see db-bridge.ts). */
  pool?: PostgresPool;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

export class DatabaseLockedError extends Error {}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  const handle = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPglite(opts.pgliteDir ?? 'memory://');
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  return handle;
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  // int8 (count(*), bigserial) as JS numbers: our counts stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => { /* a dropped idle connection is replaced on the next query */ });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    db,
    backend: 'postgres',
    location: `postgres://${u.host}${u.pathname}`,
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function openPglite(dir: string): Promise<DatabaseHandle> {
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => {} : lockFolder(dir);
  let engine: PGlite;
  try {
    engine = inMemory ? new PGlite() : new PGlite(dir);
    await engine.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const pool = pglitePool(engine);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'pglite',
    location: inMemory ? 'in het geheugen' : dir,
    pool,
    ping: () => ping(db),
    close: async () => {
      await db.destroy();
      await engine.close();
      release();
    },
  };
}

/**
 * PGlite is one Postgres backend in this process. Kysely checks a "connection" out for
 * every query and holds it for a whole transaction, so one mutex around the checkout keeps
 * transactions from interleaving.
 */
function pglitePool(engine: PGlite): PostgresPool {
  const mutex = new Mutex();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const unlock = await mutex.acquire();
      const client = {
        async query<R>(text: string, params: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const res = await engine.query<R>(text, params as unknown[]);
          return { command: commandOf(text), rowCount: res.affectedRows ?? res.rows.length, rows: res.rows };
        },
        release: unlock,
      };
      return client as PostgresPoolClient;
    },
    async end() {},
  };
}

function commandOf(text: string): PostgresQueryResult<unknown>['command'] {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge)\b/i.exec(text);
  return (m?.[1]?.toUpperCase() as PostgresQueryResult<unknown>['command']) ?? 'SELECT';
}

/** Two processes writing one PGlite folder would corrupt it; a pid lock file refuses the second. */
function lockFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'gehoord.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockPath, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseLockedError(
          `De database in ${dir} is al open in een ander proces (pid ${pid}). ` +
          'Stop dat proces, of gebruik DATABASE_URL met PostgreSQL om meerdere processen te draaien.');
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Kon ${lockPath} niet aanmaken.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ping(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
