import type { MessagePort } from 'node:worker_threads';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type { Database } from './schema.ts';
import type { DatabaseHandle } from './db.ts';

/**
 * The embedded database lives in the main thread, but the worker runs in its own thread so that
 * analysis and models never block the web. This bridge lends the main thread's connection pool
 * to the worker thread over a MessagePort: the worker checks a connection out, runs queries on
 * it (a whole transaction, when it holds it), and hands it back.
 */
type Request =
  | { id: number; op: 'connect' }
  | { id: number; op: 'query'; conn: number; sql: string; params: unknown[] }
  | { id: number; op: 'release'; conn: number };
type Outgoing = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; code?: string; detail?: string; constraint?: string } };

/** Main thread: answers the worker thread's requests with the real pool. Returns a function that frees everything. */
export function servePool(port: MessagePort, pool: PostgresPool): () => Promise<void> {
  const open = new Map<number, PostgresPoolClient>();
  let nextConn = 0;
  port.on('message', async (req: Request) => {
    try {
      let value: unknown = null;
      if (req.op === 'connect') {
        const conn = nextConn++;
        open.set(conn, await pool.connect());
        value = conn;
      } else if (req.op === 'query') {
        const client = open.get(req.conn);
        if (!client) throw new Error('connection already released');
        const res = await client.query(req.sql, req.params);
        value = { command: res.command, rowCount: res.rowCount, rows: res.rows };
      } else {
        open.get(req.conn)?.release();
        open.delete(req.conn);
      }
      port.postMessage({ id: req.id, ok: true, value } satisfies Reply);
    } catch (err) {
      const e = err as { message: string; code?: string; detail?: string; constraint?: string };
      port.postMessage({ id: req.id, ok: false, error: { message: e.message, code: e.code, detail: e.detail, constraint: e.constraint } } satisfies Reply);
    }
  });
  // A worker that died mid-transaction must not leave the database inside it.
  return async () => {
    for (const client of open.values()) {
      await client.query('ROLLBACK', []).catch(() => {});
      client.release();
    }
    open.clear();
    port.close();
  };
}

/** Worker thread: a pool whose connections are the main thread's. */
function proxyPool(port: MessagePort): PostgresPool {
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  port.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  const call = <T>(req: Outgoing): Promise<T> => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    port.postMessage({ ...req, id });
  });
  return {
    async connect() {
      const conn = await call<number>({ op: 'connect' });
      return {
        query: <R>(sql: string, params: ReadonlyArray<unknown>) => call<PostgresQueryResult<R>>({ op: 'query', conn, sql, params: [...params] }),
        release: () => { void call({ op: 'release', conn }); },
      } as PostgresPoolClient;
    },
    async end() { port.close(); },
  };
}

export function openBridgedDatabase(port: MessagePort): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: proxyPool(port) }) });
  return {
    db,
    backend: 'pglite',
    location: 'ingebouwde database (via de hoofdthread)',
    ping: async () => true,
    close: () => db.destroy(),
  };
}
