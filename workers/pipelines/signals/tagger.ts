/**
 * Topic tags for a story: the curated lexicon, plus a classifier learnt from the labelled stories
 * and reviewers' corrections, plus (when given) the vote of the most similar labelled stories.
 *
 * The classifier does not vote next to the lexicon, it absorbs it: each topic's model gets the
 * lexicon score as a feature and starts from a prior that reproduces the lexicon decision. So
 * an untrained model tags exactly like the lexicon, and corrections teach it both new words
 * (a story the lexicon missed) and when not to trust a lexicon hit (a false alarm a reviewer
 * removed). Once a topic's model is trusted, its probability (blended with the neighbours' vote)
 * decides that topic. A story keeps its two strongest topics.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { weightedStoryFeatures } from '../text/features.ts';
import {
  createClassifier,
  explain,
  predict,
  pruneClassifier,
  train,
  type Classifier,
  type Features,
  type LabelledExample,
  type Prior,
  type TrainOptions,
} from './classifier.ts';
import { compileFramework, scoreTopics, type CompiledFramework, type TopicScore } from './lexicon-tagger.ts';
import { allLabelledStories } from './labelled.ts';
import { buildNeighbourIndex, neighbourVotes, type NeighbourIndex } from './neighbours.ts';
import { frameworkSeed } from './seeds.ts';
import { assessTone, type Tone } from './tone.ts';

export type TagSource = 'lexicon' | 'classifier' | 'both';

export interface Tag {
  topic: string;
  /** the deciding score: the classifier probability (blended with the neighbours' vote when given) when the classifier decided, else the lexicon score */
  score: number;
  source: TagSource;
  lexiconScore: number;
  classifierScore?: number;
  /** words in the story behind the tag, for reviewers */
  evidence: string[];
}

/** A reviewer's decision about one topic on one story. */
export interface Correction {
  text: string;
  topic: string;
  present: boolean;
}

export interface TaggerOptions {
  framework?: CompiledFramework;
  classifier?: Classifier;
  /** a topic's model decides only after this many positive and this many negative examples */
  minExamples?: number;
  analyzed?: AnalyzedText;
  /** the story's tone, when already assessed */
  tone?: Tone;
  /** labelled stories to vote next to the classifier (see neighbours.ts); only with a classifier */
  neighbours?: NeighbourIndex;
}

export const DEFAULT_MIN_EXAMPLES = 5;
const LEXICON_FEATURE = 'lex:';
/** one feature per matched lexicon term, so corrections teach which terms mislead ("lexterm:privacy:dossier") */
const TERM_FEATURE = 'lexterm:';
const TERM_VALUE = 0.5;
const TONE_FEATURE = 'tone:';
/** slope of the prior on the lexicon score: p = sigmoid(slope × (score − threshold)) */
const PRIOR_SLOPE = 8;
const CLASSIFIER_THRESHOLD = 0.5;
/**
 * With similar labelled stories at hand: decide on (1 − w)·probability + w·their vote, at a lower
 * threshold (the vote is spread over each neighbour's tags). Chosen leave-one-set-out on the five
 * labelled sets, where every set gained (TUNING.md, round 3).
 */
const NEIGHBOUR_WEIGHT = 0.4;
const BLENDED_THRESHOLD = 0.4;

/** A topic's learnt score: the classifier's probability blended with the neighbours' vote for it. */
export function blendedScore(probability: number, votes: ReadonlyMap<string, number>, topic: string): number {
  return (1 - NEIGHBOUR_WEIGHT) * probability + NEIGHBOUR_WEIGHT * (votes.get(topic) ?? 0);
}
/** a story's tags are its main topic and at most one beside it (see TUNING.md, round 3) */
const MAX_TAGS = 2;

export function tagStory(text: string, options: TaggerOptions = {}): Tag[] {
  const framework = options.framework ?? compileFramework(frameworkSeed());
  const analyzed = options.analyzed ?? analyze(text);
  const minExamples = options.minExamples ?? DEFAULT_MIN_EXAMPLES;
  const tone = options.tone ?? assessTone(text, { analyzed }).tone;
  const scores = scoreTopics(text, framework, analyzed, tone);
  const features = options.classifier ? classifierFeatures(analyzed, scores, tone) : undefined;
  const probabilities = options.classifier && features ? predict(options.classifier, features) : {};
  const votes = options.neighbours && options.classifier ? neighbourVotes(options.neighbours, analyzed) : undefined;
  const tags: Tag[] = [];
  for (const { topic, score, threshold, evidence } of scores) {
    const lexiconHit = score > 0 && score >= threshold;
    const model = options.classifier?.labels[topic];
    const trusted = model !== undefined && model.positives >= minExamples && model.negatives >= minExamples;
    if (!trusted) {
      if (lexiconHit) tags.push({ topic, score, source: 'lexicon', lexiconScore: score, evidence });
      continue;
    }
    const probability = probabilities[topic]!;
    const decision = votes ? blendedScore(probability, votes, topic) : probability;
    if (decision < (votes ? BLENDED_THRESHOLD : CLASSIFIER_THRESHOLD)) continue;
    const learnt = lexiconHit ? [] : explainInWords(analyzed, explain(options.classifier!, topic, features!));
    tags.push({
      topic,
      score: decision,
      source: lexiconHit ? 'both' : 'classifier',
      lexiconScore: score,
      classifierScore: probability,
      evidence: [...evidence, ...learnt],
    });
  }
  return tags.sort((a, b) => b.score - a.score).slice(0, MAX_TAGS);
}

/**
 * Bag of stems, compound parts, negated stems and bigrams (log term frequency, unit length),
 * plus each topic's lexicon score, the lexicon terms that matched, and the story's tone.
 */
export function classifierFeatures(analyzed: AnalyzedText, scores: readonly TopicScore[], tone?: Tone): Map<string, number> {
  const features = weightedStoryFeatures(analyzed);
  for (const { topic, score, terms } of scores) {
    if (score <= 0) continue;
    features.set(LEXICON_FEATURE + topic, score);
    for (const term of terms) features.set(`${TERM_FEATURE}${topic}:${term}`, TERM_VALUE);
  }
  if (tone) features.set(TONE_FEATURE + tone, TERM_VALUE);
  return features;
}

/** Priors that make an untrained classifier agree with the lexicon threshold. */
export function lexiconPriors(framework: CompiledFramework): Record<string, Prior> {
  const priors: Record<string, Prior> = {};
  for (const { key, threshold } of framework.topics) {
    priors[key] = { bias: -PRIOR_SLOPE * threshold, weights: { [LEXICON_FEATURE + key]: PRIOR_SLOPE } };
  }
  return priors;
}

export function emptyClassifier(framework: CompiledFramework = compileFramework(frameworkSeed())): Classifier {
  return createClassifier(
    framework.topics.map((topic) => topic.key),
    lexiconPriors(framework),
  );
}

/**
 * Learns from reviewers' corrections. Pass the stored classifier to nudge it with new
 * corrections, or nothing to retrain from scratch on all corrections given.
 */
export function learnFromCorrections(
  corrections: readonly Correction[],
  options: { classifier?: Classifier; framework?: CompiledFramework; train?: Partial<TrainOptions> } = {},
): Classifier {
  const framework = options.framework ?? compileFramework(frameworkSeed());
  const featuresByText = new Map<string, Features>();
  const examples: LabelledExample[] = corrections.map((correction) => {
    let features = featuresByText.get(correction.text);
    if (!features) {
      const analyzed = analyze(correction.text);
      const tone = assessTone(correction.text, { analyzed }).tone;
      features = classifierFeatures(analyzed, scoreTopics(correction.text, framework, analyzed, tone), tone);
      featuresByText.set(correction.text, features);
    }
    return { features, label: correction.topic, present: correction.present };
  });
  return train(options.classifier ?? emptyClassifier(framework), examples, options.train);
}

/** Reviewers' corrections count double next to the labelled stories: they speak for this deployment's own stories and reviewers. */
const CORRECTION_WEIGHT = 2;
/** learnt weights below this cannot change a decision and are not stored (see pruneClassifier) */
const MIN_STORED_WEIGHT = 0.01;

/**
 * The tag classifier as the product learns it, from scratch: the project's labelled stories (for
 * the topics they were labelled with: the seed framework's) plus reviewers' corrections. With no
 * corrections and the seed framework this is the shipped seed (seeds.tagSeed). Nudging the seed
 * with a few corrections instead was measured to make it worse (TUNING.md, round 3).
 */
export function learnWithLabelledStories(corrections: readonly Correction[], framework: CompiledFramework): Classifier {
  const labelledTopics = new Set(frameworkSeed().topics.map((topic) => topic.key));
  const topics = framework.topics.map((topic) => topic.key).filter((key) => labelledTopics.has(key));
  const labelled = labelsAsCorrections(allLabelledStories(), topics);
  const weighted = Array.from({ length: CORRECTION_WEIGHT }, () => corrections).flat();
  return pruneClassifier(learnFromCorrections([...labelled, ...weighted], { framework }), MIN_STORED_WEIGHT);
}

/** Every label of every story, present or absent, as a reviewer's decision on each of `topics`. */
export function labelsAsCorrections(stories: readonly { text: string; tags: readonly string[] }[], topics: readonly string[]): Correction[] {
  return stories.flatMap((story) => topics.map((topic) => ({ text: story.text, topic, present: story.tags.includes(topic) })));
}

let labelledIndex: NeighbourIndex | undefined;

/** The labelled stories as neighbours (built once per process: 1–2 s to analyse them). */
export function labelledNeighbours(): NeighbourIndex {
  labelledIndex ??= buildNeighbourIndex(allLabelledStories());
  return labelledIndex;
}

/** Maps learnt feature names back to the words as the story wrote them. */
function explainInWords(analyzed: AnalyzedText, featureNames: readonly string[]): string[] {
  const surfaces = new Map<string, string>();
  for (const token of analyzed.tokens) {
    if (!surfaces.has(token.stem)) surfaces.set(token.stem, token.surface);
    for (const part of token.parts ?? []) if (!surfaces.has(part)) surfaces.set(part, token.surface);
  }
  const words = featureNames.map((name) => surfaces.get(name)).filter((word): word is string => word !== undefined);
  return [...new Set(words)];
}
