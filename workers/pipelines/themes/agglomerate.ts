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
