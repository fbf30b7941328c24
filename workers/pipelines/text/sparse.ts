/** Sparse vectors and a compressed-row matrix, the shapes TF-IDF and LSA exchange. */
export interface SparseVector {
  /** feature indices, ascending */
  indices: Int32Array;
  values: Float32Array;
}

/** Rows of sparse vectors in CSR layout: row i is entries rowStart[i] .. rowStart[i+1]-1. */
export interface SparseMatrix {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function toSparseMatrix(rows: readonly SparseVector[], columns: number): SparseMatrix {
  const rowStart = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) rowStart[i + 1] = rowStart[i]! + rows[i]!.indices.length;
  const indices = new Int32Array(rowStart[rows.length]!);
  const values = new Float32Array(rowStart[rows.length]!);
  rows.forEach((row, i) => {
    indices.set(row.indices, rowStart[i]!);
    values.set(row.values, rowStart[i]!);
  });
  return { rows: rows.length, columns, rowStart, indices, values };
}
