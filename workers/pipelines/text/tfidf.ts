/**
 * Sublinear TF-IDF over story features with a fitted vocabulary.
 * weight(t, d) = (1 + ln count(t, d)) · idf(t),  idf(t) = ln((1 + n) / (1 + df(t))) + 1,
 * rows L2-normalised. Terms are kept when they occur in at least `minDf` stories and in at most
 * `maxDfRatio` of them; the vocabulary is sorted, so the same stories give the same model
 * whatever their order.
 */
import { createHash } from 'node:crypto';
import type { SparseVector } from './sparse.ts';

export interface TfidfOptions {
  minDf: number;
  maxDfRatio: number;
  /** keep at most this many terms (those in most stories) */
  maxTerms: number;
}

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = { minDf: 2, maxDfRatio: 0.5, maxTerms: 30_000 };

export interface TfidfModel {
  terms: string[];
  idf: Float64Array;
  /** hash of terms and weights; stored vectors are only comparable within one version */
  version: string;
  index: Map<string, number>;
}

export function fitTfidf(documents: readonly (readonly string[])[], options: TfidfOptions = DEFAULT_TFIDF_OPTIONS): TfidfModel {
  const df = new Map<string, number>();
  for (const features of documents) {
    for (const term of new Set(features)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = documents.length;
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * n));
  let kept = [...df].filter(([, count]) => count >= options.minDf && count <= maxDf);
  if (kept.length > options.maxTerms) {
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    kept = kept.slice(0, options.maxTerms);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const terms = kept.map(([term]) => term);
  const idf = Float64Array.from(kept, ([, count]) => Math.log((1 + n) / (1 + count)) + 1);
  return { terms, idf, version: vocabularyVersion(terms, idf), index: new Map(terms.map((term, i) => [term, i])) };
}

/** Rebuilds a model from stored terms and idf weights. */
export function restoreTfidf(terms: readonly string[], idf: ArrayLike<number>): TfidfModel {
  const weights = Float64Array.from(idf);
  return { terms: [...terms], idf: weights, version: vocabularyVersion(terms, weights), index: new Map(terms.map((term, i) => [term, i])) };
}

export function vocabularyVersion(terms: readonly string[], idf: Float64Array): string {
  const hash = createHash('sha256');
  terms.forEach((term, i) => hash.update(`${term}\t${idf[i]!.toFixed(6)}\n`));
  return hash.digest('hex').slice(0, 16);
}

export function tfidfVector(model: TfidfModel, features: readonly string[]): SparseVector {
  const counts = new Map<number, number>();
  for (const term of features) {
    const index = model.index.get(term);
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((index, i) => {
    const weight = (1 + Math.log(counts.get(index)!)) * model.idf[index]!;
    values[i] = weight;
    norm += weight * weight;
  });
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i] *= scale;
  }
  return { indices, values };
}
