import { expect } from 'chai';
import { agglomerateBySilhouette, type Group } from '../../../../workers/pipelines/themes/agglomerate.ts';
import { clusterVectors, DEFAULT_CLUSTER_OPTIONS } from '../../../../workers/pipelines/themes/cluster.ts';
import { adjustedRandIndex } from '../../../../workers/pipelines/themes/metrics.ts';
import { seededRandom } from '../../../../workers/pipelines/text/random.ts';
import { labelsFrom, syntheticSet } from './synthetic.ts';

describe('clusterVectors', () => {
  // 256 dimensions: a scattered vector has cosine ≈ N(0, 1/16) to any centroid, far below the floor
  const set = syntheticSet({ groups: 5, perGroup: 60, outliers: 12, dimensions: 256, noise: 0.08 });

  it('finds the number of themes itself and recovers well-separated groups', () => {
    const result = clusterVectors(set.vectors, set.ids);
    expect(result.themes.length).to.equal(5);
    const labels = labelsFrom(result.themes, set.vectors.length);
    const inGroups = set.groups.map((group, i) => [group, labels[i]!] as const).filter(([group]) => group !== 'outlier');
    expect(adjustedRandIndex(inGroups.map(([group]) => group), inGroups.map(([, label]) => label))).to.equal(1);
  });

  it('leaves stories below the similarity floor unassigned', () => {
    const result = clusterVectors(set.vectors, set.ids);
    const outliers = set.groups.map((group, i) => (group === 'outlier' ? i : -1)).filter((i) => i >= 0);
    expect(result.unassigned).to.have.members(outliers);
    for (const theme of result.themes) for (const similarity of theme.similarity) expect(similarity).to.be.at.least(result.floor);
  });

  it('assigns everyone when the floor is at the bottom', () => {
    const result = clusterVectors(set.vectors, set.ids, { ...DEFAULT_CLUSTER_OPTIONS, floor: -1 });
    expect(result.unassigned).to.deep.equal([]);
  });

  it('gives identical output for identical input', () => {
    expect(clusterVectors(set.vectors, set.ids)).to.deep.equal(clusterVectors(set.vectors, set.ids));
  });

  it('gives the same themes for shuffled input with the same ids', () => {
    const random = seededRandom(5);
    const order = set.ids.map((_, i) => i).sort(() => random() - 0.5);
    const base = clusterVectors(set.vectors, set.ids);
    const shuffled = clusterVectors(order.map((i) => set.vectors[i]!), order.map((i) => set.ids[i]!));
    const memberIds = (result: typeof base, ids: string[]): string[][] => result.themes.map((theme) => theme.members.map((m) => ids[m]!).sort());
    expect(memberIds(shuffled, order.map((i) => set.ids[i]!))).to.deep.equal(memberIds(base, set.ids));
  });

  it('stays close (ARI ≥ 0.9) when the order changes and ids do not help', () => {
    const noisy = syntheticSet({ groups: 6, perGroup: 50, noise: 0.25, seed: 2 });
    const random = seededRandom(9);
    const order = noisy.ids.map((_, i) => i).sort(() => random() - 0.5);
    const base = labelsFrom(clusterVectors(noisy.vectors, noisy.ids).themes, noisy.ids.length);
    const shuffledResult = clusterVectors(order.map((i) => noisy.vectors[i]!), noisy.ids);
    const shuffledLabels = labelsFrom(shuffledResult.themes, noisy.ids.length);
    const back = new Array<string>(noisy.ids.length);
    order.forEach((original, position) => (back[original] = shuffledLabels[position]!));
    expect(adjustedRandIndex(base, back)).to.be.at.least(0.9);
  });

  it('handles empty input, a single story and mismatched ids', () => {
    expect(clusterVectors([], []).themes).to.deep.equal([]);
    const one = clusterVectors([Float32Array.from([1, 0])], ['a']);
    expect(one.themes.length + one.unassigned.length).to.equal(1);
    expect(() => clusterVectors([Float32Array.from([1, 0])], [])).to.throw();
  });
});

describe('agglomerateBySilhouette', () => {
  it('joins micro-clusters of the same group and keeps groups apart', () => {
    const set = syntheticSet({ groups: 3, perGroup: 40, dimensions: 64, noise: 0.1, seed: 4 });
    // four micro-clusters per group: every tenth vector of a group together
    const groups: Group[] = Array.from({ length: 12 }, () => ({ sum: new Float64Array(64), size: 0 }));
    set.vectors.forEach((vector, i) => {
      const group = groups[Math.floor(i / 40) * 4 + (i % 4)]!;
      vector.forEach((value, c) => (group.sum[c] += value));
      group.size++;
    });
    const labels = agglomerateBySilhouette(groups);
    expect(new Set(labels).size).to.equal(3);
    for (let g = 0; g < 3; g++) expect(new Set(labels.slice(g * 4, g * 4 + 4)).size).to.equal(1);
  });
});
