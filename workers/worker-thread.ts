import { MessageChannel, Worker } from 'node:worker_threads';
import type { DatabaseHandle } from '../models/db.ts';
import { servePool } from '../models/db-bridge.ts';
import type { Logger } from '../lib/logger.ts';

const ENTRY = new URL('./thread-entry.ts', import.meta.url).href;
/** Node 20 threads ignore an inherited `--import tsx`, so the thread registers tsx itself first. */
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); })`;

export interface WorkerThread { stop(graceMs?: number): Promise<void> }

/** Starts the job worker in a thread of this process; with PGlite it borrows this thread's database. */
export async function startWorkerThread(database: DatabaseHandle, log: Logger): Promise<WorkerThread> {
  const channel = database.pool ? new MessageChannel() : undefined;
  const freeBridge = channel ? servePool(channel.port1, database.pool!) : undefined;
  const thread = new Worker(BOOTSTRAP, {
    eval: true, execArgv: [],
    workerData: { dbPort: channel?.port2 },
    transferList: channel ? [channel.port2] : [],
  });
  let stopping = false;
  const exited = new Promise<number>((resolve) => thread.on('exit', resolve));
  thread.on('error', (err) => log.error({ err: err.message }, 'worker thread failed'));
  void exited.then((code) => {
    if (!stopping) log.error({ code }, 'worker thread stopped unexpectedly; jobs wait until the next start');
    return freeBridge?.();
  });
  await new Promise<void>((resolve, reject) => {
    thread.once('message', () => resolve());
    thread.once('error', reject);
  });
  return {
    async stop(graceMs = 10_000) {
      stopping = true;
      const stopped = new Promise<void>((resolve) => thread.on('message', (m: { type: string }) => m.type === 'stopped' && resolve()));
      thread.postMessage({ type: 'stop', graceMs });
      await Promise.race([stopped, exited]);
      await thread.terminate();
      await freeBridge?.();
    },
  };
}
