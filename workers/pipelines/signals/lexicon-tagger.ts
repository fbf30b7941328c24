/**
 * Topic scores from the curated framework lexicons (tagger.ts decides the tags). Each matched
 * entry is independent evidence with its own weight; a topic's score is the noisy-or of its
 * distinct matched entries (1 − Π(1 − weight)), so one strong phrase or a few weaker words reach
 * the threshold, and a word repeated ten times counts once.
 *
 * Each topic is decided at its own threshold (the framework's unless the topic sets one), and a
 * topic that names the tones it can appear in ("what helped" needs a positive or mixed story) is
 * not tagged in a story of another tone.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { compilePattern, findMatches, matchedText, selectLongest, type CompiledPattern } from './lexicon.ts';
import type { Framework, LexiconEntry } from './schemas.ts';
import { frameworkSeed } from './seeds.ts';
import type { Tone } from './tone.ts';

export interface CompiledTopic {
  key: string;
  entries: LexiconEntry[];
  patterns: CompiledPattern[];
  threshold: number;
  tones?: readonly Tone[];
}

export interface CompiledFramework {
  threshold: number;
  topics: CompiledTopic[];
}

const compiled = new WeakMap<Framework, CompiledFramework>();

/** Analyses every entry once; cached per framework object. */
export function compileFramework(framework: Framework): CompiledFramework {
  let result = compiled.get(framework);
  if (!result) {
    result = {
      threshold: framework.threshold,
      topics: framework.topics.map((topic) => ({
        key: topic.key,
        entries: topic.lexicon,
        patterns: topic.lexicon.map((entry) => compilePattern(entry.term)),
        threshold: topic.threshold ?? framework.threshold,
        ...(topic.tones ? { tones: topic.tones } : {}),
      })),
    };
    compiled.set(framework, result);
  }
  return result;
}

export interface TopicScore {
  topic: string;
  score: number;
  /** the score at which this topic is tagged */
  threshold: number;
  evidence: string[];
  /** the lexicon terms that matched (for the classifier to learn which ones to trust) */
  terms: string[];
}

/**
 * Score of every topic (0 when nothing matched), in framework order. With the story's tone, a
 * topic bound to other tones scores 0; without it tones are not checked, which keeps theme
 * concepts (one call per story in bulk) free of a tone pass. Tags always check tones.
 */
export function scoreTopics(
  text: string,
  framework: CompiledFramework = compileFramework(frameworkSeed()),
  analyzed: AnalyzedText = analyze(text),
  tone?: Tone,
): TopicScore[] {
  return framework.topics.map((topic) => {
    if (topic.tones && tone) {
      if (!topic.tones.includes(tone)) return { topic: topic.key, score: 0, threshold: topic.threshold, evidence: [], terms: [] };
    }
    const counted = findMatches(analyzed, topic.patterns).filter(
      (match) => !(match.negated && topic.entries[match.pattern]!.negation === 'block'),
    );
    const kept = selectLongest(counted, (match) => topic.entries[match.pattern]!.weight);
    const best = new Map<number, { weight: number; text: string; term: string }>();
    for (const match of kept) {
      if (!best.has(match.pattern)) {
        const entry = topic.entries[match.pattern]!;
        best.set(match.pattern, { weight: entry.weight, text: matchedText(text, analyzed, match), term: entry.term });
      }
    }
    const evidence = [...best.values()].sort((a, b) => b.weight - a.weight);
    const score = 1 - evidence.reduce((absent, { weight }) => absent * (1 - weight), 1);
    return {
      topic: topic.key,
      score,
      threshold: topic.threshold,
      evidence: [...new Set(evidence.map((e) => e.text))],
      terms: evidence.map((e) => e.term),
    };
  });
}
