/** Counting agreement between predicted and labelled signals, for the measuring script. */

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export function emptyCounts(): Counts {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
}

/** Adds one item's predicted and expected label sets to the counts (in place). */
export function addSets(counts: Counts, predicted: ReadonlySet<string>, expected: ReadonlySet<string>): void {
  for (const label of predicted) {
    if (expected.has(label)) counts.truePositives++;
    else counts.falsePositives++;
  }
  for (const label of expected) if (!predicted.has(label)) counts.falseNegatives++;
}

/** Precision and recall are 1 when there was nothing to get wrong (no predictions, no labels). */
export function scores(counts: Counts): Scores {
  const predicted = counts.truePositives + counts.falsePositives;
  const expected = counts.truePositives + counts.falseNegatives;
  const precision = predicted === 0 ? 1 : counts.truePositives / predicted;
  const recall = expected === 0 ? 1 : counts.truePositives / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Item i goes to fold i mod k after a seeded shuffle, so folds are balanced and repeatable. */
export function assignFolds(count: number, k: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const folds = new Array<number>(count);
  order.forEach((item, position) => (folds[item] = position % k));
  return folds;
}
