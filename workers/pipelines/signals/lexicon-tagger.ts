/**
 * Topic tags from the curated framework lexicons. Each matched entry is independent evidence
 * with its own weight; a topic's score is the noisy-or of its distinct matched entries
 * (1 − Π(1 − weight)), so one strong phrase or a few weaker words reach the threshold, and a
 * word repeated ten times counts once.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { compilePattern, findMatches, matchedText, selectLongest, type CompiledPattern } from './lexicon.ts';
import type { Framework, LexiconEntry } from './schemas.ts';
import { frameworkSeed } from './seeds.ts';

export interface LexiconTag {
  topic: string;
  score: number;
  source: 'lexicon';
  /** the words in the story that gave the tag, strongest first */
  evidence: string[];
}

export interface CompiledTopic {
  key: string;
  entries: LexiconEntry[];
  patterns: CompiledPattern[];
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
      })),
    };
    compiled.set(framework, result);
  }
  return result;
}

export interface TopicScore {
  topic: string;
  score: number;
  evidence: string[];
}

/** Score of every topic (0 when nothing matched), in framework order. */
export function scoreTopics(
  text: string,
  framework: CompiledFramework = compileFramework(frameworkSeed()),
  analyzed: AnalyzedText = analyze(text),
): TopicScore[] {
  return framework.topics.map((topic) => {
    const counted = findMatches(analyzed, topic.patterns).filter(
      (match) => !(match.negated && topic.entries[match.pattern]!.negation === 'block'),
    );
    const kept = selectLongest(counted, (match) => topic.entries[match.pattern]!.weight);
    const best = new Map<number, { weight: number; text: string }>();
    for (const match of kept) {
      if (!best.has(match.pattern)) {
        best.set(match.pattern, { weight: topic.entries[match.pattern]!.weight, text: matchedText(text, analyzed, match) });
      }
    }
    const evidence = [...best.values()].sort((a, b) => b.weight - a.weight);
    const score = 1 - evidence.reduce((absent, { weight }) => absent * (1 - weight), 1);
    return { topic: topic.key, score, evidence: [...new Set(evidence.map((e) => e.text))] };
  });
}

export function tagWithLexicon(
  text: string,
  framework: CompiledFramework = compileFramework(frameworkSeed()),
  analyzed: AnalyzedText = analyze(text),
): LexiconTag[] {
  return scoreTopics(text, framework, analyzed)
    .filter((topic) => topic.score >= framework.threshold)
    .map((topic) => ({ ...topic, source: 'lexicon' as const }));
}
