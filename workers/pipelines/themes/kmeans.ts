/**
 * Spherical k-means (cosine similarity on unit vectors) with k-means++ seeding from a seeded
 * PRNG: the same vectors in the same order always give the same clusters.
 */
import { seededRandom } from '../text/random.ts';
import { nearestRow, type VectorSet } from './vectors.ts';

export interface KMeansOptions {
  k: number;
  seed: number;
  maxIterations: number;
  /** stop when fewer than this share of points change cluster in an iteration */
  tolerance: number;
}

export interface KMeansResult {
  /** cluster per point */
  labels: Int32Array;
  /** similarity of each point to its centroid */
  similarity: Float32Array;
  /** k × dimensions, unit rows */
  centroids: Float32Array;
  k: number;
}

export function sphericalKMeans(set: VectorSet, options: KMeansOptions): KMeansResult {
  const { count: n, dimensions: d, data } = set;
  const k = Math.max(1, Math.min(options.k, n));
  const centroids = seedCentroids(set, k, options.seed);
  const centroidSet: VectorSet = { count: k, dimensions: d, data: centroids };
  const labels = new Int32Array(n).fill(-1);
  const similarity = new Float32Array(n);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const { index, similarity: best } = nearestRow(centroidSet, data, i * d);
      if (labels[i] !== index) changed++;
      labels[i] = index;
      similarity[i] = best;
    }
    updateCentroids(set, labels, similarity, centroids, k);
    if (changed <= options.tolerance * n) break;
  }
  for (let i = 0; i < n; i++) {
    const { index, similarity: best } = nearestRow(centroidSet, data, i * d);
    labels[i] = index;
    similarity[i] = best;
  }
  return { labels, similarity, centroids, k };
}

/** k-means++ on cosine distance (1 − similarity), sampling proportional to distance². */
function seedCentroids(set: VectorSet, k: number, seed: number): Float32Array {
  const { count: n, dimensions: d, data } = set;
  const random = seededRandom(seed);
  const centroids = new Float32Array(k * d);
  const distance = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(chosen * d, (chosen + 1) * d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += data[i * d + j]! * centroids[c * d + j]!;
      const dist = Math.max(0, 1 - sum) ** 2;
      if (dist < distance[i]!) distance[i] = dist;
      total += distance[i]!;
    }
    if (total === 0) {
      chosen = Math.floor(random() * n);
      continue;
    }
    let target = random() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= distance[i]!;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
  }
  return centroids;
}

/** Mean direction per cluster; an empty cluster takes the point furthest from its centroid. */
function updateCentroids(set: VectorSet, labels: Int32Array, similarity: Float32Array, centroids: Float32Array, k: number): void {
  const { count: n, dimensions: d, data } = set;
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j]!;
  }
  const taken = new Set<number>();
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      let worst = -1;
      for (let i = 0; i < n; i++) if (!taken.has(i) && (worst < 0 || similarity[i]! < similarity[worst]!)) worst = i;
      taken.add(worst);
      for (let j = 0; j < d; j++) sums[c * d + j] = data[worst * d + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += sums[c * d + j]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]! * scale;
  }
}
