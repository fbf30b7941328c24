import { parentPort } from 'node:worker_threads';
import { fitThemes, type FitRequest } from './theme-fit.ts';
import type { FitReply } from './theme-fit-thread.ts';

/** Entry point of the theme thread; started by theme-fit-thread.ts, never imported. */
if (!parentPort) throw new Error('theme-fit-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', ({ id, request }: { id: number; request: FitRequest }) => {
  try {
    const result = fitThemes(request);
    port.postMessage({ id, result } satisfies FitReply, [result.vectors.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies FitReply);
  }
});
