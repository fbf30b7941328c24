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

/** Dot product of a[aOffset ..] and b[bOffset ..] over d entries (unrolled: the hot loop of clustering). */
export function dotAt(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += a[aOffset + j]! * b[bOffset + j]!;
    s1 += a[aOffset + j + 1]! * b[bOffset + j + 1]!;
    s2 += a[aOffset + j + 2]! * b[bOffset + j + 2]!;
    s3 += a[aOffset + j + 3]! * b[bOffset + j + 3]!;
  }
  for (; j < d; j++) s0 += a[aOffset + j]! * b[bOffset + j]!;
  return s0 + s1 + s2 + s3;
}

/** The row of `candidates` most similar (by dot product) to data[offset .. offset+d). */
export function nearestRow(candidates: VectorSet, data: Float32Array, offset: number): { index: number; similarity: number } {
  const d = candidates.dimensions;
  let index = 0;
  let similarity = -Infinity;
  for (let c = 0; c < candidates.count; c++) {
    const sum = dotAt(data, offset, candidates.data, c * d, d);
    if (sum > similarity) {
      similarity = sum;
      index = c;
    }
  }
  return { index, similarity };
}
