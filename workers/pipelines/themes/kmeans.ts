/**
 * Spherical k-means (cosine similarity on unit vectors) with k-means++ seeding from a seeded
 * PRNG: the same vectors in the same order always give the same clusters.
 */
import { seededRandom } from '../text/random.ts';
import { dotAt, type VectorSet } from './vectors.ts';

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
  const labels = new Int32Array(n);
  const similarity = new Float32Array(n);
  // Hamerly's bounds on Euclidean distance (|x − c|² = 2 − 2·cos for unit vectors): upper[i]
  // bounds the distance to the own centroid, lower[i] the distance to any other. A point whose
  // upper bound is below max(lower bound, half the gap to the nearest other centroid) cannot
  // change cluster, so most points skip the k dot products once the clusters settle.
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nearest = nearestTwo(data, i * d, centroids, k, d);
    labels[i] = nearest.index;
    upper[i] = distance(nearest.similarity);
    lower[i] = distance(nearest.secondSimilarity);
  }
  const halfGap = new Float64Array(k);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const movement = updateCentroids(set, labels, upper, centroids, k);
    let largest = 0;
    let secondLargest = 0;
    for (let c = 0; c < k; c++) {
      if (movement[c]! > largest) [largest, secondLargest] = [movement[c]!, largest];
      else if (movement[c]! > secondLargest) secondLargest = movement[c]!;
    }
    for (let i = 0; i < n; i++) {
      upper[i] += movement[labels[i]!]!;
      lower[i] -= movement[labels[i]!] === largest ? secondLargest : largest;
    }
    nearestCentroidGaps(centroids, k, d, halfGap);
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i]!;
      const bound = Math.max(halfGap[own]!, lower[i]!);
      if (upper[i]! <= bound) continue;
      upper[i] = distance(dotAt(data, i * d, centroids, own * d, d));
      if (upper[i]! <= bound) continue;
      const nearest = nearestTwo(data, i * d, centroids, k, d);
      if (nearest.index !== own) changed++;
      labels[i] = nearest.index;
      upper[i] = distance(nearest.similarity);
      lower[i] = distance(nearest.secondSimilarity);
    }
    if (changed <= options.tolerance * n) break;
  }
  updateCentroids(set, labels, upper, centroids, k);
  for (let i = 0; i < n; i++) {
    const nearest = nearestTwo(data, i * d, centroids, k, d);
    labels[i] = nearest.index;
    similarity[i] = nearest.similarity;
  }
  return { labels, similarity, centroids, k };
}

function distance(similarity: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * similarity));
}

function nearestTwo(data: Float32Array, offset: number, centroids: Float32Array, k: number, d: number): { index: number; similarity: number; secondSimilarity: number } {
  let index = 0;
  let similarity = -Infinity;
  let secondSimilarity = -Infinity;
  for (let c = 0; c < k; c++) {
    const value = dotAt(data, offset, centroids, c * d, d);
    if (value > similarity) {
      secondSimilarity = similarity;
      similarity = value;
      index = c;
    } else if (value > secondSimilarity) secondSimilarity = value;
  }
  return { index, similarity, secondSimilarity: k > 1 ? secondSimilarity : -1 };
}

/** Half the distance from each centroid to its nearest other centroid. */
function nearestCentroidGaps(centroids: Float32Array, k: number, d: number, out: Float64Array): void {
  out.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const half = distance(dotAt(centroids, a * d, centroids, b * d, d)) / 2;
      if (half < out[a]!) out[a] = half;
      if (half < out[b]!) out[b] = half;
    }
  }
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
      const dist = Math.max(0, 1 - dotAt(data, i * d, centroids, c * d, d)) ** 2;
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

/**
 * Mean direction per cluster; returns how far each centroid moved. An empty cluster takes the
 * point furthest from its own centroid (largest upper bound).
 */
function updateCentroids(set: VectorSet, labels: Int32Array, upper: Float64Array, centroids: Float32Array, k: number): Float64Array {
  const { count: n, dimensions: d, data } = set;
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j]!;
  }
  const movement = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      let worst = 0;
      for (let i = 1; i < n; i++) if (upper[i]! > upper[worst]!) worst = i;
      upper[worst] = 0;
      for (let j = 0; j < d; j++) sums[c * d + j] = data[worst * d + j]!;
      // bounds no longer hold for anyone once a centroid jumps like this
      movement[c] = 2;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += sums[c * d + j]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let moved = 0;
    for (let j = 0; j < d; j++) {
      const value = sums[c * d + j]! * scale;
      moved += (value - centroids[c * d + j]!) ** 2;
      centroids[c * d + j] = value;
    }
    movement[c] = Math.max(movement[c]!, Math.sqrt(moved));
  }
  return movement;
}
