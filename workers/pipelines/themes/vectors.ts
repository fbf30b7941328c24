/**
 * Dense unit vectors in one flat row-major buffer: the clustering input, whatever produced the
 * vectors (LSA now, a sentence-embedding model later).
 */
export interface VectorSet {
  count: number;
  dimensions: number;
  data: Float32Array;
}

export function toVectorSet(vectors: readonly Float32Array[] | VectorSet): VectorSet {
  if (!Array.isArray(vectors)) return vectors as VectorSet;
  const list = vectors as readonly Float32Array[];
  const dimensions = list[0]?.length ?? 0;
  const data = new Float32Array(list.length * dimensions);
  list.forEach((vector, i) => {
    if (vector.length !== dimensions) throw new Error(`vector ${i} has ${vector.length} dimensions, expected ${dimensions}`);
    data.set(vector, i * dimensions);
  });
  return { count: list.length, dimensions, data };
}

export function row(set: VectorSet, index: number): Float32Array {
  return set.data.subarray(index * set.dimensions, (index + 1) * set.dimensions);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Unit-length copy (a zero vector stays zero). */
export function normalized(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  const norm = Math.sqrt(dot(out, out));
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

/** The normalised mean direction of the given rows. */
export function centroidOf(set: VectorSet, members: readonly number[]): Float32Array {
  const sum = new Float64Array(set.dimensions);
  for (const member of members) {
    const offset = member * set.dimensions;
    for (let c = 0; c < set.dimensions; c++) sum[c] += set.data[offset + c]!;
  }
  return normalized(sum);
}

/** The row of `candidates` most similar (by dot product) to data[offset .. offset+d). */
export function nearestRow(candidates: VectorSet, data: Float32Array, offset: number): { index: number; similarity: number } {
  const d = candidates.dimensions;
  const rows = candidates.data;
  let index = 0;
  let similarity = -Infinity;
  for (let c = 0; c < candidates.count; c++) {
    let sum = 0;
    const base = c * d;
    for (let j = 0; j < d; j++) sum += data[offset + j]! * rows[base + j]!;
    if (sum > similarity) {
      similarity = sum;
      index = c;
    }
  }
  return { index, similarity };
}
