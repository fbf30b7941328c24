/**
 * Agreement between two labelings of the same items: normalised mutual information
 * (arithmetic-mean normalisation, as scikit-learn's default) and the adjusted Rand index.
 * Labels are any strings; "unassigned" is simply one more label for the caller to choose.
 */
function contingency(a: readonly string[], b: readonly string[]): { table: Map<string, number>; rows: Map<string, number>; columns: Map<string, number>; n: number } {
  if (a.length !== b.length) throw new Error(`labelings differ in length: ${a.length} vs ${b.length}`);
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const columns = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    columns.set(b[i]!, (columns.get(b[i]!) ?? 0) + 1);
  }
  return { table, rows, columns, n: a.length };
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const count of counts) if (count > 0) h -= (count / n) * Math.log(count / n);
  return h;
}

export function normalizedMutualInformation(a: readonly string[], b: readonly string[]): number {
  const { table, rows, columns, n } = contingency(a, b);
  if (n === 0) return 1;
  const ha = entropy(rows.values(), n);
  const hb = entropy(columns.values(), n);
  if (ha === 0 && hb === 0) return 1;
  let mutual = 0;
  for (const [key, count] of table) {
    const [x, y] = JSON.parse(key) as [string, string];
    mutual += (count / n) * Math.log((n * count) / (rows.get(x)! * columns.get(y)!));
  }
  return Math.max(0, mutual / ((ha + hb) / 2));
}

const pairs = (count: number): number => (count * (count - 1)) / 2;

export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const { table, rows, columns, n } = contingency(a, b);
  if (n < 2) return 1;
  let index = 0;
  for (const count of table.values()) index += pairs(count);
  let sumRows = 0;
  for (const count of rows.values()) sumRows += pairs(count);
  let sumColumns = 0;
  for (const count of columns.values()) sumColumns += pairs(count);
  const expected = (sumRows * sumColumns) / pairs(n);
  const maximum = (sumRows + sumColumns) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
