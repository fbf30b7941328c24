import { expect } from 'chai';
import { adjustedRandIndex, normalizedMutualInformation } from '../../../../workers/pipelines/themes/metrics.ts';

describe('NMI and ARI', () => {
  it('are 1 for the same partition under other names', () => {
    const a = ['x', 'x', 'y', 'y', 'z'];
    const b = ['2', '2', '0', '0', '1'];
    expect(normalizedMutualInformation(a, b)).to.be.closeTo(1, 1e-12);
    expect(adjustedRandIndex(a, b)).to.be.closeTo(1, 1e-12);
  });

  it('match known values for a refinement (scikit-learn: NMI 0.8, ARI 0.5714)', () => {
    const truth = ['0', '0', '1', '1'];
    const found = ['0', '0', '1', '2'];
    expect(normalizedMutualInformation(truth, found)).to.be.closeTo(0.8, 1e-9);
    expect(adjustedRandIndex(truth, found)).to.be.closeTo(4 / 7, 1e-9);
  });

  it('give 0 mutual information and a negative ARI for crossed partitions', () => {
    const truth = ['a', 'a', 'b', 'b'];
    const found = ['c', 'd', 'c', 'd'];
    expect(normalizedMutualInformation(truth, found)).to.be.closeTo(0, 1e-12);
    expect(adjustedRandIndex(truth, found)).to.be.closeTo(-0.5, 1e-12);
  });

  it('match a larger worked example (ARI 0.2424, from the Hubert–Arabie formula by hand)', () => {
    const truth = ['a', 'a', 'a', 'b', 'b', 'b'];
    const found = ['a', 'a', 'b', 'b', 'c', 'c'];
    // pairs together in both: 1 (a,a) + 1 (c,c) = 2; rows: 3+3 = 6; columns: 1+1+1 = 3; n pairs 15
    const expected = (2 - (6 * 3) / 15) / ((6 + 3) / 2 - (6 * 3) / 15);
    expect(adjustedRandIndex(truth, found)).to.be.closeTo(expected, 1e-12);
  });

  it('treat a single group on both sides as full agreement, and reject different lengths', () => {
    expect(normalizedMutualInformation(['a', 'a'], ['b', 'b'])).to.equal(1);
    expect(adjustedRandIndex(['a', 'a'], ['b', 'b'])).to.equal(1);
    expect(() => adjustedRandIndex(['a'], ['a', 'b'])).to.throw();
  });
});
