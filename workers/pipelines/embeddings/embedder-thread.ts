import { Worker } from 'node:worker_threads';
import type { Embedder, EmbedderLoad } from './embedder.ts';
import type { EmbedderOptions } from './transformers-embedder.ts';
import type { EmbedReply, EmbedRequest, WorkerReady } from './embedder-thread-messages.ts';

const WORKER_FILE = new URL('./embedder-thread-worker.ts', import.meta.url).href;

/**
 * The worker is a .ts file. On Node 20 a thread does not apply an inherited `--import tsx`
 * to its entry file, so the thread starts from a one-line bootstrap that registers tsx's
 * loader itself and then imports the worker (verified on Node 20.20).
 */
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); })`;

/**
 * Same contract as loadEmbedder, but the model runs in its own thread, so tokenising and
 * pooling long batches never block the web server's event loop.
 */
export async function loadEmbedderInThread(options: EmbedderOptions): Promise<EmbedderLoad> {
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: options, execArgv: [] });
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`De embedding-thread is gestopt (code ${code})`)));

  const ready = await new Promise<WorkerReady>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (error) => resolve({ type: 'unavailable', reason: `De embedding-thread kon niet starten: ${error.message}` }));
    worker.once('exit', (code) => resolve({ type: 'unavailable', reason: `De embedding-thread stopte bij het laden (code ${code})` }));
  });
  if (ready.type === 'unavailable') {
    await worker.terminate();
    return { embedder: null, reason: ready.reason };
  }

  worker.on('message', (reply: EmbedReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.vectors);
  });

  let nextId = 0;
  const send = (request: EmbedRequest) => worker.postMessage(request);
  const embedder: Embedder = {
    name: ready.name,
    dims: ready.dims,
    embed(texts, { kind }) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ type: 'embed', id, texts: [...texts], kind });
      });
    },
    async close() {
      if (failure) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      send({ type: 'close' });
      await exited;
    },
  };
  return { embedder };
}
