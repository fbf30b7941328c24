/**
 * Average-linkage agglomeration of groups of unit vectors (micro-clusters), cut where the
 * size-weighted silhouette is highest, so the number of themes follows from the data and no
 * similarity threshold is needed (which would differ between LSA vectors and neural embeddings).
 *
 * For groups A and B with vector sums S_A and S_B, the average pairwise cosine between their
 * points is exactly S_A·S_B / (|A||B|), so every quantity below comes from running sums.
 */
export interface Group {
  /** sum of the member vectors */
  sum: Float64Array;
  size: number;
}

function dotSum(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Merges the pair with the highest average cosine until two groups remain, and returns the
 * grouping with the best silhouette seen on the way. The silhouette is computed over input
 * groups: for input group i inside merged group g, the average cosine of its points to the
 * other points of g is (S_i·S_g − |i|) / (|i| (|g| − 1)), and to another merged group h it is
 * S_i·S_h / (|i| |h|). O(k³) for k input groups.
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
