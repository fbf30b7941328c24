import { pipeline, type Tensor } from '@huggingface/transformers';
import type { Embedder, EmbedderLoad } from './embedder.ts';
import { conventionFor, prepareTexts } from './model-conventions.ts';
import { errorMessage, findLocalModel, type ModelDtype } from './local-models.ts';

export interface EmbedderOptions {
  modelsDir: string;
  /** Folder name under modelsDir, e.g. "Xenova/multilingual-e5-small". */
  modelName: string;
  device?: 'cpu' | 'auto';
  /** Texts per inference call; bounds memory on long narratives. */
  batchSize?: number;
  /** Which weights to use; by default the first complete set (fp32, q8, fp16, q4). */
  dtype?: ModelDtype;
}

const DEFAULT_BATCH_SIZE = 16;

/**
 * Loads a sentence-embedding model from the local models folder through transformers.js.
 * Never downloads: an absent or broken model gives `{ embedder: null, reason }`.
 */
export async function loadEmbedder(options: EmbedderOptions): Promise<EmbedderLoad> {
  const { modelsDir, modelName, device = 'cpu', batchSize = DEFAULT_BATCH_SIZE } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize moet een positief geheel getal zijn');
  const local = await findLocalModel(modelsDir, modelName, 'feature-extraction', options.dtype);
  if (!local.ok) return { embedder: null, reason: local.reason };

  try {
    const extractor = await pipeline('feature-extraction', local.folder, { device, dtype: local.dtype });
    const convention = conventionFor(modelName);
    const run = async (texts: string[]) =>
      tensorRows(await extractor(texts, { pooling: convention.pooling, normalize: true }));

    // One probe inference proves the model runs and tells its width.
    const [probe] = await run(prepareTexts(['test'], 'query', convention));
    const embedder: Embedder = {
      name: modelName,
      dims: probe!.length,
      async embed(texts, { kind }) {
        const prepared = prepareTexts(texts, kind, convention);
        const vectors: Float32Array[] = [];
        for (let start = 0; start < prepared.length; start += batchSize) {
          vectors.push(...await run(prepared.slice(start, start + batchSize)));
        }
        return vectors;
      },
      close: () => extractor.dispose(),
    };
    return { embedder };
  } catch (error) {
    return { embedder: null, reason: `Model "${modelName}" kon niet laden: ${errorMessage(error)}` };
  }
}

/** Splits a pooled [rows, dims] tensor into one independent vector per text. */
function tensorRows(tensor: Tensor): Float32Array[] {
  const [rows, dims] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: rows }, (_, row) => data.slice(row * dims, (row + 1) * dims));
}
