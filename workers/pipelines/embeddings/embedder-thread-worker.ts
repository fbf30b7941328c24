import { parentPort, workerData } from 'node:worker_threads';
import { loadEmbedder, type EmbedderOptions } from './transformers-embedder.ts';
import type { EmbedReply, EmbedRequest, WorkerReady } from './embedder-thread-messages.ts';
import { errorMessage } from './local-models.ts';

/** Entry point of the embedding thread; started by embedder-thread.ts, never imported. */
if (!parentPort) throw new Error('embedder-thread-worker.ts runs only as a worker thread');
const port = parentPort;

const load = await loadEmbedder(workerData as EmbedderOptions);
if (!load.embedder) {
  port.postMessage({ type: 'unavailable', reason: load.reason } satisfies WorkerReady);
  port.close();
} else {
  const embedder = load.embedder;
  port.postMessage({ type: 'ready', name: embedder.name, dims: embedder.dims } satisfies WorkerReady);
  port.on('message', async (request: EmbedRequest) => {
    if (request.type === 'close') {
      await embedder.close();
      port.close();
      return;
    }
    try {
      const vectors = await embedder.embed(request.texts, { kind: request.kind });
      // Transfer the buffers instead of copying them.
      port.postMessage({ id: request.id, vectors } satisfies EmbedReply, vectors.map((v) => v.buffer as ArrayBuffer));
    } catch (error) {
      port.postMessage({ id: request.id, error: errorMessage(error) } satisfies EmbedReply);
    }
  });
}
