/**
 * Theme discovery over unit vectors, choosing the number of themes itself:
 * 1. put stories in a canonical order (by id), so input order does not matter;
 * 2. over-cluster with spherical k-means (k ≈ 2·√n, capped) into tight micro-clusters;
 * 3. merge micro-clusters by average linkage, cut at the best silhouette (agglomerate.ts);
 * 4. dissolve themes smaller than `minThemeSize` or hardly tighter than the collection as a
 *    whole (see `minExcessCohesion`), then assign every story to its nearest theme centroid and
 *    refine the centroids a few rounds;
 * 5. a story whose cosine to its theme centroid is below `floor` stays unassigned
 *    ("niet ingedeeld").
 * Cost is O(n·k·d) per k-means round; nothing n × n is ever built.
 */
import { agglomerateBySilhouette, type Group } from './agglomerate.ts';
import { sphericalKMeans, type KMeansResult } from './kmeans.ts';
import { nearestRow, normalized, toVectorSet, type VectorSet } from './vectors.ts';

export interface ClusterOptions {
  seed: number;
  /** upper bound on the number of micro-clusters */
  maxMicroClusters: number;
  /**
   * Micro-clusters are fitted on at most this many stories (every m-th in id order), then every
   * story joins its nearest micro-cluster: over-segmentation needs no more, and it keeps
   * 100,000 stories within minutes.
   */
  sampleSize: number;
  /** themes with fewer stories are dissolved; default max(3, ⌈√n / 4⌉) */
  minThemeSize?: number;
  /** minimum cosine between a story and its theme centroid; below it the story is unassigned */
  floor: number;
  /**
   * A theme's average pairwise cosine W must exceed the collection's W₀ by this share of what
   * is left above it: (W − W₀) / (1 − W₀) ≥ minExcessCohesion. Scattered stories that ended up
   * together (W ≈ W₀) are not a theme. Relative, so it holds for any vector space.
   */
  minExcessCohesion: number;
  kMeansIterations: number;
  /** k-means runs from different seeds; the tightest is kept (less dependence on seeding) */
  kMeansRestarts: number;
  refineRounds: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  seed: 7,
  maxMicroClusters: 100,
  sampleSize: 20_000,
  floor: 0.2,
  minExcessCohesion: 0.1,
  kMeansIterations: 10,
  kMeansRestarts: 3,
  refineRounds: 3,
};

export interface ClusterTheme {
  /** indices into the input, ascending */
  members: number[];
  /** cosine of each member to the centroid, same order as members */
  similarity: number[];
  /** unit vector */
  centroid: Float32Array;
}

export interface ClusterResult {
  /** largest first */
  themes: ClusterTheme[];
  /** indices into the input of stories below the floor, ascending */
  unassigned: number[];
  floor: number;
}

export function clusterVectors(
  input: readonly Float32Array[] | VectorSet,
  ids: readonly string[],
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): ClusterResult {
  const source = toVectorSet(input);
  if (ids.length !== source.count) throw new Error(`got ${ids.length} ids for ${source.count} vectors`);
  const n = source.count;
  if (n === 0) return { themes: [], unassigned: [], floor: options.floor };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(ids[a]!, ids[b]!) || a - b);
  const set = permute(source, order);
  const d = set.dimensions;
  const minThemeSize = options.minThemeSize ?? Math.max(3, Math.ceil(Math.sqrt(n) / 4));

  const k = Math.min(options.maxMicroClusters, Math.max(1, Math.round(2 * Math.sqrt(n))));
  const sample = strided(set, options.sampleSize);
  const micro = bestOf(options.kMeansRestarts, (restart) =>
    sphericalKMeans(sample, { k, seed: options.seed + restart, maxIterations: options.kMeansIterations, tolerance: 0.002 }),
  );
  const microSet: VectorSet = { count: micro.k, dimensions: d, data: micro.centroids };
  const groups: Group[] = Array.from({ length: micro.k }, () => ({ sum: new Float64Array(d), size: 0 }));
  for (let i = 0; i < n; i++) addTo(groups[nearestRow(microSet, set.data, i * d).index]!, set, i);
  const nonEmpty = groups.filter((group) => group.size > 0);
  const merged = agglomerateBySilhouette(nonEmpty);
  const themeCount = merged.reduce((max, label) => Math.max(max, label + 1), 0);
  const themeSums: Group[] = Array.from({ length: themeCount }, () => ({ sum: new Float64Array(d), size: 0 }));
  nonEmpty.forEach((group, i) => {
    const target = themeSums[merged[i]!]!;
    for (let c = 0; c < d; c++) target.sum[c] += group.sum[c]!;
    target.size += group.size;
  });
  const total: Group = { sum: addSums(nonEmpty.map((group) => group.sum), d), size: n };
  const baseline = cohesion(total);
  const isTheme = (group: Group): boolean =>
    group.size >= minThemeSize && (cohesion(group) - baseline) / Math.max(1e-9, 1 - baseline) >= options.minExcessCohesion;
  let centroids = themeSums.filter(isTheme).map((theme) => normalized(theme.sum));
  if (centroids.length === 0) centroids = [normalized(total.sum)];

  let labels: Int32Array = new Int32Array(n);
  let similarity: Float32Array = new Float32Array(n);
  for (let round = 0; round <= options.refineRounds; round++) {
    ({ labels, similarity } = assignAll(set, centroids));
    const sums: Group[] = centroids.map(() => ({ sum: new Float64Array(d), size: 0 }));
    for (let i = 0; i < n; i++) if (similarity[i]! >= options.floor) addTo(sums[labels[i]!]!, set, i);
    const kept = sums.filter(isTheme);
    if (kept.length === 0) break;
    centroids = kept.map((theme) => normalized(theme.sum));
  }
  ({ labels, similarity } = assignAll(set, centroids));

  const themes: ClusterTheme[] = centroids.map((centroid) => ({ members: [], similarity: [], centroid }));
  const unassigned: number[] = [];
  const byOriginal = order.map((original, i) => ({ original, i })).sort((a, b) => a.original - b.original);
  for (const { original, i } of byOriginal) {
    if (similarity[i]! < options.floor) unassigned.push(original);
    else {
      themes[labels[i]!]!.members.push(original);
      themes[labels[i]!]!.similarity.push(similarity[i]!);
    }
  }
  const firstId = (theme: ClusterTheme): string => theme.members.map((member) => ids[member]!).reduce((a, b) => (b < a ? b : a));
  const ordered = themes
    .filter((theme) => theme.members.length > 0)
    .sort((a, b) => b.members.length - a.members.length || compare(firstId(a), firstId(b)));
  return { themes: ordered, unassigned, floor: options.floor };
}

/** The run whose points are most similar to their centroids, in total. */
function bestOf(restarts: number, run: (restart: number) => KMeansResult): KMeansResult {
  let best: KMeansResult | undefined;
  let bestTotal = -Infinity;
  for (let restart = 0; restart < Math.max(1, restarts); restart++) {
    const result = run(restart);
    const total = result.similarity.reduce((sum, value) => sum + value, 0);
    if (total > bestTotal) {
      best = result;
      bestTotal = total;
    }
  }
  return best!;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strided(set: VectorSet, size: number): VectorSet {
  if (set.count <= size) return set;
  const step = set.count / size;
  return permute(set, Array.from({ length: size }, (_, i) => Math.floor(i * step)));
}

function permute(set: VectorSet, order: readonly number[]): VectorSet {
  const d = set.dimensions;
  const data = new Float32Array(order.length * d);
  order.forEach((from, to) => data.set(set.data.subarray(from * d, (from + 1) * d), to * d));
  return { count: order.length, dimensions: d, data };
}

function addTo(group: Group, set: VectorSet, index: number): void {
  const d = set.dimensions;
  for (let c = 0; c < d; c++) group.sum[c] += set.data[index * d + c]!;
  group.size++;
}

/** Average pairwise cosine within a group of unit vectors, self-pairs excluded. */
function cohesion(group: Group): number {
  if (group.size < 2) return 1;
  let squared = 0;
  for (let c = 0; c < group.sum.length; c++) squared += group.sum[c]! ** 2;
  return (squared - group.size) / (group.size * (group.size - 1));
}

function addSums(sums: readonly Float64Array[], d: number): Float64Array {
  const total = new Float64Array(d);
  for (const sum of sums) for (let c = 0; c < d; c++) total[c] += sum[c]!;
  return total;
}

function assignAll(set: VectorSet, centroids: readonly Float32Array[]): { labels: Int32Array; similarity: Float32Array } {
  const centroidSet = toVectorSet(centroids);
  const labels = new Int32Array(set.count);
  const similarity = new Float32Array(set.count);
  for (let i = 0; i < set.count; i++) {
    const nearest = nearestRow(centroidSet, set.data, i * set.dimensions);
    labels[i] = nearest.index;
    similarity[i] = nearest.similarity;
  }
  return { labels, similarity };
}
