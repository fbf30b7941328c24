import { expect } from 'chai';
import { assignVector } from '../../../../workers/pipelines/themes/assign.ts';

const unit = (values: number[]): Float32Array => {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
};

describe('assignVector', () => {
  const themes = [
    { id: 'wachten', centroid: unit([1, 0, 0]) },
    { id: 'school', centroid: unit([0, 1, 0]) },
  ];

  it('puts a story in the most similar theme when it reaches the floor', () => {
    const assignment = assignVector(unit([0.2, 1, 0.1]), themes, 0.3);
    expect(assignment.themeId).to.equal('school');
    expect(assignment.similarity).to.be.closeTo(1 / Math.hypot(0.2, 1, 0.1), 1e-6);
  });

  it('leaves a story unassigned below the floor but reports its best similarity', () => {
    const assignment = assignVector(unit([0.1, 0.1, 1]), themes, 0.3);
    expect(assignment.themeId).to.equal(null);
    expect(assignment.similarity).to.be.closeTo(0.1 / Math.hypot(0.1, 0.1, 1), 1e-6);
  });

  it('breaks ties by theme id and handles no themes', () => {
    expect(assignVector(unit([1, 1, 0]), [...themes].reverse(), 0).themeId).to.equal('school');
    expect(assignVector(unit([1, 0, 0]), [], 0)).to.deep.equal({ themeId: null, similarity: 0 });
  });

  it('rejects a vector from another representation (dimension mismatch)', () => {
    expect(() => assignVector(unit([1, 0]), themes, 0)).to.throw(/dimensions/);
  });
});
