/**
 * Safety signals: stories that mention self-harm, suicide, violence, abuse, sexual abuse,
 * acute danger, running away or not daring to go home are flagged for a human, urgently.
 *
 * Missing one is far worse than a reviewer reading a harmless story, so:
 * - every match counts, also when negated ("ik heb nooit aan zelfmoord gedacht" is still worth
 *   a look; the reviewer sees it was negated), except the mild everyday cues the lexicon marks
 *   `negation: "block"`, whose negation is reassurance ("niemand schreeuwt hier");
 * - besides fixed phrases, cue combinations fire when each of their word groups occurs in one
 *   sentence in any order ("zichzelf … iets aan … schaar"), because families tell the same danger
 *   in many word orders;
 * - only fixed harmless expressions are excluded ("doodmoe", "ik schrok me dood"): a signal
 *   that lies inside a false-friend match is dropped.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { compilePattern, findMatches, matchedText, type CompiledPattern, type PartMatching, type PatternMatch } from './lexicon.ts';
import type { SafetyLexicon } from './schemas.ts';
import { safetySeed } from './seeds.ts';

export interface SafetyMatch {
  category: string;
  /** the lexicon entry that matched (for a combination: its groups' matched entries joined by " + ") */
  term: string;
  /** the words in the story (for a combination: each group's words joined by " … ") */
  text: string;
  negated: boolean;
}

export interface SafetyResult {
  urgent: boolean;
  /** one short Dutch line per category, for the reviewer */
  reasons: string[];
  matches: SafetyMatch[];
}

/** Compound parts count only for specific words ("zelfmoordgedachten"), never for short ones ("doodmoe"). */
const MIN_PART_LENGTH = 6;
const MAX_GAP = 2;
const QUOTED_PER_REASON = 3;

/** One pattern of the lexicon: a term of a category, or a term of one group of a combination. */
interface PatternSource {
  category: number;
  /** a negated occurrence does not count */
  blockNegated: boolean;
  /** the combination and group it belongs to; undefined for a category's own term */
  combination?: number;
  group?: number;
}

interface CompiledSafety {
  patterns: CompiledPattern[];
  sources: PatternSource[];
  /** number of groups per combination */
  groupCounts: number[];
  reasons: Map<string, string>;
  categoryKeys: string[];
  falseFriends: CompiledPattern[];
}

const compiledLexicons = new WeakMap<SafetyLexicon, CompiledSafety>();

function compile(lexicon: SafetyLexicon): CompiledSafety {
  let result = compiledLexicons.get(lexicon);
  if (!result) {
    const patterns: CompiledPattern[] = [];
    const sources: PatternSource[] = [];
    const categoryKeys = lexicon.categories.map((category) => category.key);
    lexicon.categories.forEach((category, index) => {
      for (const entry of category.terms) {
        patterns.push(compilePattern(typeof entry === 'string' ? entry : entry.term));
        sources.push({ category: index, blockNegated: typeof entry !== 'string' && entry.negation === 'block' });
      }
    });
    lexicon.combinations.forEach((combination, index) => {
      const category = categoryKeys.indexOf(combination.category);
      if (category < 0) throw new Error(`safety combination names an unknown category: ${combination.category}`);
      combination.groups.forEach((terms, group) => {
        for (const term of terms) {
          patterns.push(compilePattern(term));
          sources.push({ category, blockNegated: combination.negation === 'block', combination: index, group });
        }
      });
    });
    result = {
      patterns,
      sources,
      groupCounts: lexicon.combinations.map((combination) => combination.groups.length),
      categoryKeys,
      reasons: new Map(lexicon.categories.map((category) => [category.key, category.reason])),
      falseFriends: lexicon.falseFriends.map(compilePattern),
    };
    compiledLexicons.set(lexicon, result);
  }
  return result;
}

export function assessSafety(text: string, options: { lexicon?: SafetyLexicon; analyzed?: AnalyzedText } = {}): SafetyResult {
  const lexicon = compile(options.lexicon ?? safetySeed());
  const analyzed = options.analyzed ?? analyze(text);
  const harmless = new Set(
    findMatches(analyzed, lexicon.falseFriends, { maxGap: 1, parts: 'none' }).flatMap((match) => match.tokens),
  );
  const partsAllowed = (pattern: number): PartMatching => {
    const keys = lexicon.patterns[pattern]!.keys;
    return keys.length === 1 && keys[0]!.length >= MIN_PART_LENGTH ? 'any' : 'none';
  };
  const found: SafetyMatch[] = [];
  // per combination and sentence: the first match of each group
  const combined = new Map<string, Array<PatternMatch | undefined>>();
  for (const match of findMatches(analyzed, lexicon.patterns, { maxGap: MAX_GAP, parts: partsAllowed })) {
    if (match.tokens.some((index) => harmless.has(index))) continue;
    const source = lexicon.sources[match.pattern]!;
    if (match.negated && source.blockNegated) continue;
    if (source.combination === undefined) {
      found.push({
        category: lexicon.categoryKeys[source.category]!,
        term: lexicon.patterns[match.pattern]!.term,
        text: matchedText(text, analyzed, match),
        negated: match.negated,
      });
      continue;
    }
    const key = `${source.combination}:${analyzed.tokens[match.tokens[0]!]!.sentence}`;
    const groups = combined.get(key) ?? new Array<PatternMatch | undefined>(lexicon.groupCounts[source.combination]!).fill(undefined);
    groups[source.group!] ??= match;
    combined.set(key, groups);
  }
  for (const groups of combined.values()) {
    if (groups.some((match) => match === undefined)) continue;
    const matches = (groups as PatternMatch[]).sort((a, b) => a.tokens[0]! - b.tokens[0]!);
    if (new Set(matches.flatMap((match) => match.tokens)).size < matches.reduce((sum, match) => sum + match.tokens.length, 0)) continue;
    const source = lexicon.sources[matches[0]!.pattern]!;
    found.push({
      category: lexicon.categoryKeys[source.category]!,
      term: matches.map((match) => lexicon.patterns[match.pattern]!.term).join(' + '),
      text: matches.map((match) => matchedText(text, analyzed, match)).join(' … '),
      negated: matches.some((match) => match.negated),
    });
  }
  const seen = new Set<string>();
  const matches = found.filter((match) => {
    const key = `${match.category}\u0000${match.text.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { urgent: matches.length > 0, reasons: reasonsFor(matches, lexicon.reasons), matches };
}

/** "Noemt geweld, slaan of bedreiging: ‘sloeg’, ‘bedreigd’", one line per category. */
function reasonsFor(matches: readonly SafetyMatch[], reasons: ReadonlyMap<string, string>): string[] {
  const byCategory = new Map<string, string[]>();
  for (const match of matches) {
    const words = byCategory.get(match.category) ?? [];
    const quoted = match.negated ? `‘${match.text}’ (ontkennend)` : `‘${match.text}’`;
    if (!words.includes(quoted)) words.push(quoted);
    byCategory.set(match.category, words);
  }
  return [...byCategory].map(([category, words]) => `${reasons.get(category)}: ${words.slice(0, QUOTED_PER_REASON).join(', ')}`);
}
