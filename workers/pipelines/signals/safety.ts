/**
 * Safety signals: stories that mention self-harm, suicide, violence, abuse, sexual abuse,
 * acute danger, running away or not daring to go home are flagged for a human, urgently.
 *
 * Missing one is far worse than a reviewer reading a harmless story, so:
 * - every match counts, also when negated ("ik heb nooit aan zelfmoord gedacht" is still worth
 *   a look; the reviewer sees it was negated);
 * - only fixed harmless expressions are excluded ("doodmoe", "ik schrok me dood"): a signal
 *   that lies inside a false-friend match is dropped.
 */
import { analyze, type AnalyzedText } from '../text/analyze.ts';
import { compilePattern, findMatches, matchedText, type CompiledPattern, type PartMatching } from './lexicon.ts';
import type { SafetyLexicon } from './schemas.ts';
import { safetySeed } from './seeds.ts';

export interface SafetyMatch {
  category: string;
  /** the lexicon entry that matched */
  term: string;
  /** the words in the story */
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

interface CompiledSafety {
  patterns: CompiledPattern[];
  categories: number[];
  reasons: Map<string, string>;
  categoryKeys: string[];
  falseFriends: CompiledPattern[];
}

const compiledLexicons = new WeakMap<SafetyLexicon, CompiledSafety>();

function compile(lexicon: SafetyLexicon): CompiledSafety {
  let result = compiledLexicons.get(lexicon);
  if (!result) {
    const patterns: CompiledPattern[] = [];
    const categories: number[] = [];
    lexicon.categories.forEach((category, index) => {
      for (const term of category.terms) {
        patterns.push(compilePattern(term));
        categories.push(index);
      }
    });
    result = {
      patterns,
      categories,
      categoryKeys: lexicon.categories.map((category) => category.key),
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
  const seen = new Set<string>();
  const matches: SafetyMatch[] = [];
  for (const match of findMatches(analyzed, lexicon.patterns, { maxGap: MAX_GAP, parts: partsAllowed })) {
    if (match.tokens.some((index) => harmless.has(index))) continue;
    const category = lexicon.categoryKeys[lexicon.categories[match.pattern]!]!;
    const found: SafetyMatch = {
      category,
      term: lexicon.patterns[match.pattern]!.term,
      text: matchedText(text, analyzed, match),
      negated: match.negated,
    };
    const key = `${found.category}\u0000${found.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    matches.push(found);
  }
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
