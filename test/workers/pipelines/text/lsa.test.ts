import { expect } from 'chai';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { fitLsa, projectLsa } from '../../../../workers/pipelines/text/lsa.ts';
import { seededRandom } from '../../../../workers/pipelines/text/random.ts';
import { toSparseMatrix, type SparseVector } from '../../../../workers/pipelines/text/sparse.ts';

/** A sparse stories × terms matrix with three topics over 60 terms. */
function topicalRows(count: number): SparseVector[] {
  const random = seededRandom(3);
  return Array.from({ length: count }, (_, i) => {
    const topic = i % 3;
    const terms = new Map<number, number>();
    for (let k = 0; k < 6; k++) terms.set(topic * 20 + Math.floor(random() * 20), 1 + random());
    terms.set(Math.floor(random() * 60), 0.5);
    const indices = Int32Array.from([...terms.keys()].sort((a, b) => a - b));
    return { indices, values: Float32Array.from(indices, (index) => terms.get(index)!) };
  });
}

function dense(rows: SparseVector[], columns: number): Matrix {
  const matrix = Matrix.zeros(rows.length, columns);
  rows.forEach((row, i) => row.indices.forEach((index, e) => matrix.set(i, index, row.values[e]!)));
  return matrix;
}

describe('LSA (randomized truncated SVD)', () => {
  const rows = topicalRows(90);
  const matrix = toSparseMatrix(rows, 60);
  const options = { dimensions: 5, storiesPerDimension: 1, oversampling: 10, powerIterations: 3, seed: 1 };

  it('finds the leading singular values of the exact SVD', () => {
    const exact = new SingularValueDecomposition(dense(rows, 60)).diagonal;
    const { model } = fitLsa(matrix, options);
    // the three topic directions stand out and are found almost exactly; the noise directions
    // after them have small gaps, where a randomized SVD is only approximately right
    for (let i = 0; i < 3; i++) expect(model.singularValues[i]!).to.be.closeTo(exact[i]!, exact[i]! * 1e-4);
    for (let i = 3; i < 5; i++) expect(model.singularValues[i]!).to.be.closeTo(exact[i]!, exact[i]! * 1e-2);
    // with a sampled subspace as large as the matrix, the result is exact
    const full = fitLsa(matrix, { ...options, oversampling: 60, powerIterations: 0 });
    for (let i = 0; i < 5; i++) expect(full.model.singularValues[i]!).to.be.closeTo(exact[i]!, exact[i]! * 1e-9);
  });

  it('gives unit story vectors that projectLsa reproduces for the same rows', () => {
    const { model, embeddings } = fitLsa(matrix, options);
    for (const i of [0, 17, 89]) {
      const fitted = embeddings.subarray(i * 5, (i + 1) * 5);
      expect(Math.hypot(...fitted)).to.be.closeTo(1, 1e-5);
      const projected = projectLsa(model, rows[i]!);
      for (let c = 0; c < 5; c++) expect(projected[c]!).to.be.closeTo(fitted[c]!, 1e-4);
    }
  });

  it('puts stories of the same topic closer together than stories of different topics', () => {
    const { embeddings } = fitLsa(matrix, options);
    const cosine = (a: number, b: number): number => {
      let sum = 0;
      for (let c = 0; c < 5; c++) sum += embeddings[a * 5 + c]! * embeddings[b * 5 + c]!;
      return sum;
    };
    let same = 0;
    let different = 0;
    for (let i = 0; i < 30; i++) {
      same += cosine(i, i + 3);
      different += cosine(i, i + 1);
    }
    expect(same / 30).to.be.greaterThan(different / 30 + 0.3);
  });

  it('is deterministic for a seed and caps the rank for small collections', () => {
    const a = fitLsa(matrix, options);
    const b = fitLsa(matrix, options);
    expect(b.embeddings).to.deep.equal(a.embeddings);
    const small = fitLsa(toSparseMatrix(rows.slice(0, 4), 60), { ...options, dimensions: 100 });
    expect(small.model.dimensions).to.equal(4);
  });
});
