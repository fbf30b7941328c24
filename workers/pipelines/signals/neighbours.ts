/**
 * "Stories like this one were tagged …": the k labelled stories most similar to a new one (TF-IDF
 * cosine over the classifier's bag of words) vote for their tags, each with its similarity. A
 * memory of whole stories catches combinations of words that a per-word model weighs one by one;
 * blended with the classifier it tagged every labelled set better, the blind ones most
 * (TUNING.md, round 3). Pure: the caller decides which stories the index holds.
 */
import type { AnalyzedText } from '../text/analyze.ts';
import { analyze } from '../text/analyze.ts';
import { weightedStoryFeatures } from '../text/features.ts';

export interface NeighbourIndex {
  idf: ReadonlyMap<string, number>;
  stories: readonly { vector: ReadonlyMap<string, number>; tags: readonly string[] }[];
  k: number;
}

export const DEFAULT_NEIGHBOURS = 15;

type Bag = ReadonlyMap<string, number>;

export function buildNeighbourIndex(
  stories: readonly { text: string; tags: readonly string[]; analyzed?: AnalyzedText }[],
  k = DEFAULT_NEIGHBOURS,
): NeighbourIndex {
  const bags = stories.map((story) => weightedStoryFeatures(story.analyzed ?? analyze(story.text)));
  const documentFrequency = new Map<string, number>();
  for (const bag of bags) for (const feature of bag.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  const idf = new Map([...documentFrequency].map(([feature, df]) => [feature, Math.log((bags.length + 1) / (df + 1))]));
  return { idf, k, stories: bags.map((bag, i) => ({ vector: weigh(bag, idf), tags: stories[i]!.tags })) };
}

/** Per topic, the share of the k nearest stories' similarity that voted for it (0..1). */
export function neighbourVotes(index: NeighbourIndex, analyzed: AnalyzedText): Map<string, number> {
  const vector = weigh(weightedStoryFeatures(analyzed), index.idf);
  const nearest = index.stories
    .map((story) => ({ similarity: cosine(vector, story.vector), tags: story.tags }))
    .filter((neighbour) => neighbour.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, index.k);
  const total = nearest.reduce((sum, neighbour) => sum + neighbour.similarity, 0);
  const votes = new Map<string, number>();
  if (total === 0) return votes;
  for (const { similarity, tags } of nearest) for (const tag of tags) votes.set(tag, (votes.get(tag) ?? 0) + similarity / total);
  return votes;
}

/** TF-IDF weights at unit length; a feature no indexed story has carries no weight. */
function weigh(bag: Bag, idf: ReadonlyMap<string, number>): Map<string, number> {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [feature, value] of bag) {
    const weight = value * (idf.get(feature) ?? 0);
    if (weight === 0) continue;
    vector.set(feature, weight);
    norm += weight * weight;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [feature, weight] of vector) vector.set(feature, weight * scale);
  return vector;
}

function cosine(a: Bag, b: Bag): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [feature, weight] of small) sum += weight * (large.get(feature) ?? 0);
  return sum;
}
