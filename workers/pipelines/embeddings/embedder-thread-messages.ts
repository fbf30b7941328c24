import type { TextKind } from './model-conventions.ts';

/** The protocol between the host (embedder-thread.ts) and its worker (embedder-thread-worker.ts). */
export type WorkerReady = { type: 'ready'; name: string; dims: number } | { type: 'unavailable'; reason: string };

export type EmbedRequest = { type: 'embed'; id: number; texts: string[]; kind: TextKind } | { type: 'close' };

export type EmbedReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };
