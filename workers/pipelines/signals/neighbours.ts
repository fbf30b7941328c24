/**
 * "Stories like this one were tagged …": the k labelled stories most similar to a new one (TF-IDF
 * cosine over the classifier's bag of words) vote for their tags, each with its similarity. A
 * memory of whole stories catches combinations of words that a per-word model weighs one by one;
 * blended with the classifier it tagged every labelled set better, the blind ones most
 * (TUNING.md, round 3). Pure: the caller decides which stories the index holds.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { weightedStoryFeatures } from '../text/features.ts';

export interface NeighbourIndex {
  idf: ReadonlyMap<string, number>;
  /**
   * per feature, the stories that have it and its weight there: an inverted index, so a new story
   * is compared only with the stories it shares a word with
   */
  postings: ReadonlyMap<string, readonly { story: number; weight: number }[]>;
  tags: readonly (readonly string[])[];
  k: number;
}

export const DEFAULT_NEIGHBOURS = 15;

export function buildNeighbourIndex(
  stories: readonly { text: string; tags: readonly string[]; analyzed?: AnalyzedText }[],
  k = DEFAULT_NEIGHBOURS,
): NeighbourIndex {
  const bags = stories.map((story) => weightedStoryFeatures(story.analyzed ?? analyze(story.text)));
  const documentFrequency = new Map<string, number>();
  for (const bag of bags) for (const feature of bag.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  const idf = new Map([...documentFrequency].map(([feature, df]) => [feature, Math.log((bags.length + 1) / (df + 1))]));
  const postings = new Map<string, { story: number; weight: number }[]>();
  bags.forEach((bag, story) => {
    for (const [feature, weight] of weigh(bag, idf)) {
      const list = postings.get(feature);
      if (list) list.push({ story, weight });
      else postings.set(feature, [{ story, weight }]);
    }
  });
  return { idf, postings, k, tags: stories.map((story) => story.tags) };
}

/** Per topic, the share of the k nearest stories' similarity that voted for it (0..1). */
export function neighbourVotes(index: NeighbourIndex, analyzed: AnalyzedText): Map<string, number> {
  const similarity = new Map<number, number>();
  for (const [feature, weight] of weigh(weightedStoryFeatures(analyzed), index.idf)) {
    for (const posting of index.postings.get(feature) ?? []) similarity.set(posting.story, (similarity.get(posting.story) ?? 0) + weight * posting.weight);
  }
  const nearest = [...similarity]
    .filter(([, value]) => value > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, index.k)
    .map(([story, value]) => ({ similarity: value, tags: index.tags[story]! }));
  const total = nearest.reduce((sum, neighbour) => sum + neighbour.similarity, 0);
  const votes = new Map<string, number>();
  if (total === 0) return votes;
  for (const { similarity, tags } of nearest) for (const tag of tags) votes.set(tag, (votes.get(tag) ?? 0) + similarity / total);
  return votes;
}

/** TF-IDF weights at unit length; a feature no indexed story has carries no weight. */
function weigh(bag: ReadonlyMap<string, number>, idf: ReadonlyMap<string, number>): Map<string, number> {
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
