/**
 * Latent semantic analysis: a truncated SVD of the stories × terms TF-IDF matrix by randomized
 * subspace iteration (Halko, Martinsson & Tropp 2011). Only the sparse matrix and thin dense
 * blocks (terms × l, stories × l, l × l with l ≈ 110) are ever built; the small eigenproblems
 * go to ml-matrix.
 *
 * A story's LSA vector is x·V_k (its coordinates on the top-k right singular vectors),
 * normalised to unit length so cosine similarity is a dot product.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { gaussian, seededRandom } from './random.ts';
import type { SparseMatrix, SparseVector } from './sparse.ts';

export interface LsaOptions {
  /** the most dimensions kept */
  dimensions: number;
  /**
   * Small collections get fewer dimensions: at most one per this many stories (but at least
   * 20), since a rank close to the number of stories reproduces the noise it should remove.
   */
  storiesPerDimension: number;
  oversampling: number;
  powerIterations: number;
  seed: number;
}

export const DEFAULT_LSA_OPTIONS: LsaOptions = { dimensions: 100, storiesPerDimension: 6, oversampling: 10, powerIterations: 2, seed: 20240601 };

const MIN_DIMENSIONS = 20;

export interface LsaModel {
  dimensions: number;
  terms: number;
  /** terms × dimensions, row-major: the right singular vectors */
  components: Float32Array;
  singularValues: Float64Array;
}

export interface LsaFit {
  model: LsaModel;
  /** stories × dimensions, row-major, each row unit length (zero rows stay zero) */
  embeddings: Float32Array;
}

export function fitLsa(matrix: SparseMatrix, options: LsaOptions = DEFAULT_LSA_OPTIONS): LsaFit {
  const maxRank = Math.min(matrix.rows, matrix.columns);
  const bySize = Math.max(MIN_DIMENSIONS, Math.round(matrix.rows / options.storiesPerDimension));
  const k = Math.max(1, Math.min(options.dimensions, bySize, maxRank));
  const l = Math.min(k + options.oversampling, maxRank);
  const random = seededRandom(options.seed);
  let basis: Float64Array = new Float64Array(matrix.columns * l);
  for (let i = 0; i < basis.length; i++) basis[i] = gaussian(random);
  for (let pass = 0; pass <= options.powerIterations; pass++) {
    // Twice, as in CholeskyQR2: one Gram-based pass loses orthogonality when the block is
    // ill-conditioned (which power iteration makes it); the second pass restores it.
    const block = multiplyTransposed(matrix, multiply(matrix, basis, l), l);
    basis = orthonormalize(orthonormalize(block, matrix.columns, l), matrix.columns, l);
  }
  const projected = multiply(matrix, basis, l);
  const { values, vectors } = symmetricEigen(gram(projected, matrix.rows, l), l);
  const components = new Float32Array(matrix.columns * k);
  const embeddings = new Float32Array(matrix.rows * k);
  multiplySmall(basis, matrix.columns, l, vectors, k, components);
  multiplySmall(projected, matrix.rows, l, vectors, k, embeddings);
  normalizeRows(embeddings, matrix.rows, k);
  const singularValues = Float64Array.from(values.slice(0, k), (value) => Math.sqrt(Math.max(0, value)));
  return { model: { dimensions: k, terms: matrix.columns, components, singularValues }, embeddings };
}

/** The unit-length LSA vector of one TF-IDF vector under a fitted model. */
export function projectLsa(model: LsaModel, vector: SparseVector): Float32Array {
  const k = model.dimensions;
  const out = new Float32Array(k);
  for (let e = 0; e < vector.indices.length; e++) {
    const row = vector.indices[e]! * k;
    const value = vector.values[e]!;
    for (let c = 0; c < k; c++) out[c] += value * model.components[row + c]!;
  }
  normalizeRows(out, 1, k);
  return out;
}

/** X · B, with B dense columns × l; result rows × l. */
function multiply(matrix: SparseMatrix, dense: Float64Array, l: number): Float64Array {
  const out = new Float64Array(matrix.rows * l);
  for (let i = 0; i < matrix.rows; i++) {
    const target = i * l;
    for (let e = matrix.rowStart[i]!; e < matrix.rowStart[i + 1]!; e++) {
      const source = matrix.indices[e]! * l;
      const value = matrix.values[e]!;
      for (let c = 0; c < l; c++) out[target + c] += value * dense[source + c]!;
    }
  }
  return out;
}

/** Xᵀ · Y, with Y dense rows × l; result columns × l. */
function multiplyTransposed(matrix: SparseMatrix, dense: Float64Array, l: number): Float64Array {
  const out = new Float64Array(matrix.columns * l);
  for (let i = 0; i < matrix.rows; i++) {
    const source = i * l;
    for (let e = matrix.rowStart[i]!; e < matrix.rowStart[i + 1]!; e++) {
      const target = matrix.indices[e]! * l;
      const value = matrix.values[e]!;
      for (let c = 0; c < l; c++) out[target + c] += value * dense[source + c]!;
    }
  }
  return out;
}

/** Aᵀ A for A rows × l. */
function gram(a: Float64Array, rows: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let r = 0; r < rows; r++) {
    const offset = r * l;
    for (let i = 0; i < l; i++) {
      const ai = a[offset + i]!;
      if (ai === 0) continue;
      for (let j = i; j < l; j++) g[i * l + j] += ai * a[offset + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) g[i * l + j] = g[j * l + i]!;
  return g;
}

/** Eigenpairs of a symmetric l × l matrix, largest first; vectors l × l row-major, one per column. */
function symmetricEigen(g: Float64Array, l: number): { values: number[]; vectors: Float64Array } {
  const rows = Array.from({ length: l }, (_, i) => Array.from(g.subarray(i * l, (i + 1) * l)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value);
  const source = evd.eigenvectorMatrix;
  const vectors = new Float64Array(l * l);
  order.forEach(({ i }, column) => {
    for (let r = 0; r < l; r++) vectors[r * l + column] = source.get(r, i);
  });
  return { values: order.map(({ value }) => value), vectors };
}

/** A · W[:, :k] into out (rows × k), for A rows × l and W l × l row-major. */
function multiplySmall(a: Float64Array, rows: number, l: number, w: Float64Array, k: number, out: Float32Array | Float64Array): void {
  const row = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    row.fill(0);
    for (let i = 0; i < l; i++) {
      const ai = a[r * l + i]!;
      if (ai === 0) continue;
      for (let c = 0; c < k; c++) row[c] += ai * w[i * l + c]!;
    }
    out.set(row, r * k);
  }
}

/** An orthonormal basis of the column space of Z (rows × l), via the eigenvectors of ZᵀZ. */
function orthonormalize(z: Float64Array, rows: number, l: number): Float64Array {
  const { values, vectors } = symmetricEigen(gram(z, rows, l), l);
  const floor = Math.max(values[0]!, 0) * 1e-12;
  for (let c = 0; c < l; c++) {
    const scale = values[c]! > floor ? 1 / Math.sqrt(values[c]!) : 0;
    for (let r = 0; r < l; r++) vectors[r * l + c] *= scale;
  }
  const out = new Float64Array(rows * l);
  multiplySmall(z, rows, l, vectors, l, out);
  return out;
}

function normalizeRows(data: Float32Array, rows: number, dimensions: number): void {
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let c = 0; c < dimensions; c++) norm += data[r * dimensions + c]! ** 2;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let c = 0; c < dimensions; c++) data[r * dimensions + c] *= scale;
  }
}
