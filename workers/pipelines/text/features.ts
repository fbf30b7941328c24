/**
 * Bag-of-words features of an analysed story, the input of TF-IDF.
 * - every content token (word or number, not a stop word unless asked for) gives its stem;
 * - a negated token also gives "NEG_<stem>", so "niet geholpen" keeps its topic (geholp) and
 *   adds its polarity (NEG_geholp);
 * - compound parts add their stems, so "wachtlijst" meets "wachten" and "lijst";
 * - optionally, adjacent content stems within a clause give a bigram "a_b".
 */
import type { AnalyzedText } from './analyze.ts';

export interface FeatureOptions {
  negation: boolean;
  parts: boolean;
  bigrams: boolean;
  /** keep stop words too: for safety the pronouns matter ("hij … mij", "ik … mezelf") */
  stopWords?: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { negation: true, parts: true, bigrams: true };

export const NEGATION_PREFIX = 'NEG_';

export function storyFeatures(analyzed: AnalyzedText, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): string[] {
  const features: string[] = [];
  let previous: { stem: string; clause: number } | undefined;
  for (const token of analyzed.tokens) {
    if (token.kind === 'emoji' || (token.stop && !options.stopWords)) continue;
    features.push(token.stem);
    if (options.negation && token.negated) features.push(NEGATION_PREFIX + token.stem);
    if (options.parts && token.parts) for (const part of token.parts) if (part !== token.stem) features.push(part);
    if (options.bigrams && previous && previous.clause === token.clause) features.push(`${previous.stem}_${token.stem}`);
    previous = { stem: token.stem, clause: token.clause };
  }
  return features;
}

/** The story's features as a bag: log term frequency, scaled to unit length. */
export function weightedStoryFeatures(analyzed: AnalyzedText, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Map<string, number> {
  const counts = new Map<string, number>();
  for (const feature of storyFeatures(analyzed, options)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  let norm = 0;
  for (const [name, count] of counts) {
    const value = 1 + Math.log(count);
    counts.set(name, value);
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [name, value] of counts) counts.set(name, value * scale);
  return counts;
}
