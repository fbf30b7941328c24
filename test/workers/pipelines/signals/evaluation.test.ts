import { expect } from 'chai';
import { addSets, assignFolds, emptyCounts, scores } from '../../../../workers/pipelines/signals/evaluation.ts';

describe('signals/evaluation', () => {
  it('counts micro precision, recall and F1 over label sets', () => {
    const counts = emptyCounts();
    addSets(counts, new Set(['a', 'b']), new Set(['a']));
    addSets(counts, new Set(['c']), new Set(['c', 'd']));
    expect(counts).to.deep.equal({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    const result = scores(counts);
    expect(result.precision).to.be.closeTo(2 / 3, 1e-9);
    expect(result.recall).to.be.closeTo(2 / 3, 1e-9);
    expect(result.f1).to.be.closeTo(2 / 3, 1e-9);
  });

  it('has nothing wrong when there was nothing to find', () => {
    expect(scores(emptyCounts())).to.deep.equal({ precision: 1, recall: 1, f1: 1 });
  });

  it('assigns balanced, repeatable folds', () => {
    const folds = assignFolds(23, 5, 42);
    expect(folds).to.have.length(23);
    const sizes = [0, 1, 2, 3, 4].map((fold) => folds.filter((f) => f === fold).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
    expect(assignFolds(23, 5, 42)).to.deep.equal(folds);
    expect(assignFolds(23, 5, 7)).to.not.deep.equal(folds);
  });
});
