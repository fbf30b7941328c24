/**
 * Average-linkage agglomeration of groups of unit vectors, with a stopping rule that is
 * relative to how tight the groups themselves are, so the same rule works for LSA vectors
 * and for neural embeddings (whose similarity baselines differ a lot).
 *
 * For groups A and B with vector sums S_A, S_B (unit vectors), the average pairwise cosine
 * between them is exactly S_A·S_B / (|A||B|), and the average cosine within A (self-pairs
 * excluded) is (|S_A|² − |A|) / (|A|(|A|−1)). Two groups are merged while
 *   between(A, B) ≥ ratio · sqrt(within(A) · within(B)),
 * always taking the pair with the highest such relative similarity first.
 */
export interface Group {
  /** sum of the member vectors */
  sum: Float64Array;
  size: number;
}

export interface AgglomerateOptions {
  /** merge while between-similarity is at least this share of the groups' own cohesion */
  ratio: number;
}

/** Returns, for each input group, the index of the merged group it ends up in (0..m-1). */
export function agglomerate(groups: readonly Group[], options: AgglomerateOptions): Int32Array {
  const k = groups.length;
  const size = groups.map((group) => group.size);
  const squaredNorm = groups.map((group) => dotSum(group.sum, group.sum));
  const between = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const value = size[a]! > 0 && size[b]! > 0 ? dotSum(groups[a]!.sum, groups[b]!.sum) / (size[a]! * size[b]!) : -Infinity;
      between[a * k + b] = value;
      between[b * k + a] = value;
    }
  }
  const alive = groups.map((group) => group.size > 0);
  const parent = Int32Array.from({ length: k }, (_, i) => i);
  const within = (a: number): number => (size[a]! > 1 ? (squaredNorm[a]! - size[a]!) / (size[a]! * (size[a]! - 1)) : 1);
  for (;;) {
    let bestA = -1;
    let bestB = -1;
    let bestScore = -Infinity;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      const withinA = within(a);
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const cohesion = Math.sqrt(Math.max(withinA, 1e-9) * Math.max(within(b), 1e-9));
        const score = between[a * k + b]! / cohesion;
        if (score > bestScore) {
          bestScore = score;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0 || bestScore < options.ratio) break;
    mergeInto(bestA, bestB);
  }

  function mergeInto(a: number, b: number): void {
    const sa = size[a]!;
    const sb = size[b]!;
    squaredNorm[a] = squaredNorm[a]! + squaredNorm[b]! + 2 * between[a * k + b]! * sa * sb;
    for (let c = 0; c < k; c++) {
      if (!alive[c] || c === a || c === b) continue;
      const value = (sa * between[a * k + c]! + sb * between[b * k + c]!) / (sa + sb);
      between[a * k + c] = value;
      between[c * k + a] = value;
    }
    size[a] = sa + sb;
    alive[b] = false;
    parent[b] = a;
  }

  const root = (i: number): number => (parent[i] === i ? i : root(parent[i]!));
  const labels = new Int32Array(k);
  const renumber = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const r = root(i);
    if (!renumber.has(r)) renumber.set(r, renumber.size);
    labels[i] = renumber.get(r)!;
  }
  return labels;
}

function dotSum(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Average linkage (always merging the pair with the highest average cosine) cut where the
 * size-weighted silhouette is highest. The silhouette is computed exactly over groups of
 * points: for a group i inside merged group g, the average cosine of its points to the other
 * points of g is (S_i·S_g − |i|) / (|i| (|g| − 1)), and to another merged group h it is
 * S_i·S_h / (|i| |h|); all from running sums, O(k³) for k groups.
 */
export function agglomerateBySilhouette(groups: readonly Group[]): Int32Array {
  const k = groups.length;
  const size = groups.map((group) => group.size);
  // toGroup[i * k + g] = S_i · S_g for input group i and merged group g
  const toGroup = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) toGroup[i * k + j] = toGroup[j * k + i] = dotSum(groups[i]!.sum, groups[j]!.sum);
  const between = new Float64Array(toGroup);
  const merged = Int32Array.from({ length: k }, (_, i) => i);
  const alive = groups.map((group) => group.size > 0);
  const mergedSize = [...size];
  let best = { score: silhouette(), labels: merged.slice() };
  for (let remaining = alive.filter(Boolean).length; remaining > 2; remaining--) {
    let bestA = -1;
    let bestB = -1;
    let bestAverage = -Infinity;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        const average = between[a * k + b]! / (mergedSize[a]! * mergedSize[b]!);
        if (average > bestAverage) {
          bestAverage = average;
          bestA = a;
          bestB = b;
        }
      }
    }
    for (let c = 0; c < k; c++) {
      between[bestA * k + c] += between[bestB * k + c]!;
      between[c * k + bestA] = between[bestA * k + c]!;
      toGroup[c * k + bestA] += toGroup[c * k + bestB]!;
    }
    between[bestA * k + bestA] += between[bestB * k + bestA]!;
    mergedSize[bestA] = mergedSize[bestA]! + mergedSize[bestB]!;
    alive[bestB] = false;
    for (let i = 0; i < k; i++) if (merged[i] === bestB) merged[i] = bestA;
    const score = silhouette();
    if (score > best.score) best = { score, labels: merged.slice() };
  }
  return renumber(best.labels);

  function silhouette(): number {
    let total = 0;
    let weight = 0;
    for (let i = 0; i < k; i++) {
      if (size[i] === 0) continue;
      const g = merged[i]!;
      weight += size[i]!;
      if (mergedSize[g]! <= 1) continue;
      const within = (toGroup[i * k + g]! - size[i]!) / (size[i]! * (mergedSize[g]! - 1));
      let nearest = -Infinity;
      for (let h = 0; h < k; h++) {
        if (!alive[h] || h === g) continue;
        nearest = Math.max(nearest, toGroup[i * k + h]! / (size[i]! * mergedSize[h]!));
      }
      if (nearest === -Infinity) continue;
      const a = 1 - within;
      const b = 1 - nearest;
      const denominator = Math.max(a, b);
      if (denominator > 0) total += (size[i]! * (b - a)) / denominator;
    }
    return weight > 0 ? total / weight : 0;
  }
}

function renumber(labels: Int32Array): Int32Array {
  const ids = new Map<number, number>();
  return labels.map((label) => {
    if (!ids.has(label)) ids.set(label, ids.size);
    return ids.get(label)!;
  });
}
