import type { TextKind } from './model-conventions.ts';

export type { TextKind };

/** A sentence-embedding model; vectors are L2-normalised, so a dot product is the cosine. */
export interface Embedder {
  readonly name: string;
  readonly dims: number;
  embed(texts: readonly string[], options: { kind: TextKind }): Promise<Float32Array[]>;
  /** Frees the model (and its thread, if it runs in one). */
  close(): Promise<void>;
}

/** Either a working embedder, or the reason there is none (shown to the operator). */
export type EmbedderLoad = { embedder: Embedder; reason?: undefined } | { embedder: null; reason: string };

/** Vectors of many passages packed row after row in one array, as the theme fit takes them. */
export async function embedPassages(embedder: Embedder, texts: readonly string[]): Promise<{ model: string; dimensions: number; data: Float32Array }> {
  const vectors = await embedder.embed(texts, { kind: 'passage' });
  const data = new Float32Array(vectors.length * embedder.dims);
  vectors.forEach((vector, i) => data.set(vector, i * embedder.dims));
  return { model: embedder.name, dimensions: embedder.dims, data };
}
