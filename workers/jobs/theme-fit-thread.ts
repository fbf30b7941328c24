/**
 * Runs fitThemes (theme-fit.ts) in a worker thread: a run over 10,000 stories computes for
 * tens of seconds, which on the main thread would stall the web server of an embedded install
 * and the other jobs. One thread per engine, started on first use; it keeps the process alive
 * only while it computes.
 */
import { Worker } from 'node:worker_threads';
import type { FitRequest, FitResult } from './theme-fit.ts';

const WORKER_FILE = new URL('./theme-fit-worker.ts', import.meta.url).href;
/** As in embeddings/embedder-thread.ts: Node 20 threads need tsx registered by the thread itself. */
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); })`;

export type FitReply = { id: number; result: FitResult } | { id: number; error: string };

export interface FitThread {
  fit(request: FitRequest): Promise<FitResult>;
  close(): Promise<void>;
}

export function createFitThread(): FitThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: FitResult) => void; reject: (e: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    worker = undefined;
  };

  function start(): Worker {
    const started = new Worker(BOOTSTRAP, { eval: true, execArgv: [] });
    started.on('message', (reply: FitReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.result);
    });
    started.on('error', failAll);
    started.on('exit', (code) => failAll(new Error(`De thema-thread is gestopt (code ${code})`)));
    return started;
  }

  return {
    fit(request) {
      worker ??= start();
      const id = nextId++;
      const target = worker;
      // Keeps the process alive while a run computes, and only then.
      target.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.postMessage({ id, request });
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      await running?.terminate();
    },
  };
}
