/**
 * Matching curated word-and-phrase lexicons against an analysed story. Topic tags, tone and
 * safety all use it, so a lexicon entry means the same thing everywhere:
 * - an entry is written as people say it ("maanden gewacht") and is analysed by the same text
 *   pipeline as the story, so inflections meet ("wachtlijsten", "gewacht", "wachtte");
 * - words of a phrase must appear in order within one sentence, with at most `maxGap` other
 *   words between them ("maanden op de wachtlijst gestaan" still matches "maanden wachtlijst"),
 *   and a gap never spans a clause boundary ("ze kent iedereen en weet hoe" is no "iedereen weet");
 * - a one-word entry may also match a part of a compound: only its head (last part:
 *   "jeugdzorgwachtlijst" is a wachtlijst, "gezinsvoogd" is no gezin) or any part;
 * - a word written with a leading "=" matches only that exact (normalised) word, for the few
 *   words whose stem collides with another word ("=geweld" must not match "geweldig").
 */
import { analyze, type AnalyzedText, type Token } from '../text/analyze.ts';

export interface CompiledPattern {
  term: string;
  keys: string[];
  /** the entry itself contains a negation ("niet geluisterd"), so negation is its meaning, not a flip */
  negationInside: boolean;
}

export interface PatternMatch {
  /** index into the pattern list given to findMatches */
  pattern: number;
  /** token indices, ascending */
  tokens: number[];
  /** a matched content word is inside a negation scope that the entry itself does not contain */
  negated: boolean;
  /** a one-word entry matched a compound part, not a whole word */
  viaPart: boolean;
}

export type PartMatching = 'none' | 'head' | 'any';

export interface MatchOptions {
  /** most words allowed between two words of a phrase */
  maxGap: number;
  /** which compound parts a one-word pattern may match (for all patterns, or per pattern index) */
  parts: PartMatching | ((pattern: number) => PartMatching);
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { maxGap: 2, parts: 'head' };

/** Articles carry no meaning in an entry: "wachten op een intake" should match "wachten op de intake". */
const ARTICLES: ReadonlySet<string> = new Set(['de', 'het', 'een', 't', 'n']);
const EXACT = '=';

/**
 * Folds a long vowel written double in the last, closed syllable, which the stemmer leaves
 * apart in verb forms ("hoort" meets "horen", "praat" meets "praten").
 */
export function matchKey(stem: string): string {
  return stem.replace(/([aeou])\1([^aeiouy]*)$/, '$1$2');
}

export function compilePattern(term: string): CompiledPattern {
  const tokens = analyze(term.replaceAll(EXACT, ' ')).tokens.filter((token) => token.kind !== 'emoji');
  // "één" (one) is no article, although it folds to "een"
  const meaningful = tokens.length > 1 ? tokens.filter((token) => !ARTICLES.has(token.surface.toLowerCase())) : tokens;
  return {
    term,
    // the numeral "één" keeps its own key: folded like a stem it would meet the conjunction "en"
    keys: meaningful.map((token) => (term[token.start - 1] === EXACT || token.norm === 'een' ? EXACT + token.norm : matchKey(token.stem))),
    negationInside: meaningful.some((token) => token.negation),
  };
}

interface TokenIndex {
  byKey: Map<string, number[]>;
  byPart: Map<string, number[]>;
  byHead: Map<string, number[]>;
}

function indexTokens(tokens: readonly Token[]): TokenIndex {
  const byKey = new Map<string, number[]>();
  const byPart = new Map<string, number[]>();
  const byHead = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number): void => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  for (const token of tokens) {
    const key = matchKey(token.stem);
    add(byKey, key, token.index);
    add(byKey, EXACT + token.norm, token.index);
    for (const part of new Set((token.parts ?? []).map(matchKey))) {
      if (part === key) continue;
      add(byPart, part, token.index);
      if (key.endsWith(part)) add(byHead, part, token.index);
    }
  }
  return { byKey, byPart, byHead };
}

/** All occurrences of all patterns; overlapping matches are all returned (see selectLongest). */
export function findMatches(
  analyzed: AnalyzedText,
  patterns: readonly CompiledPattern[],
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
): PatternMatch[] {
  const { tokens } = analyzed;
  const index = indexTokens(tokens);
  const matches: PatternMatch[] = [];
  patterns.forEach((pattern, patternIndex) => {
    const [first, ...rest] = pattern.keys;
    if (first === undefined) return;
    const starts = index.byKey.get(first) ?? [];
    for (const start of starts) {
      const matched = extend(tokens, index, start, rest, options.maxGap);
      if (matched) matches.push(toMatch(tokens, patternIndex, pattern, matched, false));
    }
    const parts = typeof options.parts === 'function' ? options.parts(patternIndex) : options.parts;
    if (rest.length === 0 && parts !== 'none') {
      const byPart = parts === 'head' ? index.byHead : index.byPart;
      for (const at of byPart.get(first) ?? []) matches.push(toMatch(tokens, patternIndex, pattern, [at], true));
    }
  });
  return matches;
}

function extend(tokens: readonly Token[], index: TokenIndex, start: number, rest: readonly string[], maxGap: number): number[] | undefined {
  const matched = [start];
  let previous = start;
  for (const key of rest) {
    const candidates = index.byKey.get(key) ?? [];
    const next = candidates.find(
      (at) =>
        at > previous &&
        at - previous - 1 <= maxGap &&
        tokens[at]!.sentence === tokens[start]!.sentence &&
        (at === previous + 1 || tokens[at]!.clause === tokens[previous]!.clause),
    );
    if (next === undefined) return undefined;
    matched.push(next);
    previous = next;
  }
  return matched;
}

function toMatch(tokens: readonly Token[], pattern: number, compiled: CompiledPattern, at: number[], viaPart: boolean): PatternMatch {
  const negated = !compiled.negationInside && at.some((i) => tokens[i]!.negated);
  return { pattern, tokens: at, negated, viaPart };
}

/**
 * Keeps matches that do not share a token, preferring more words, then the higher `rank`
 * (e.g. weight), then the earlier position: "maanden gewacht" wins over "gewacht".
 */
export function selectLongest(matches: readonly PatternMatch[], rank: (match: PatternMatch) => number = () => 0): PatternMatch[] {
  const ordered = [...matches].sort(
    (a, b) =>
      b.tokens.length - a.tokens.length ||
      Number(a.viaPart) - Number(b.viaPart) ||
      rank(b) - rank(a) ||
      a.tokens[0]! - b.tokens[0]!,
  );
  const used = new Set<number>();
  const kept: PatternMatch[] = [];
  for (const match of ordered) {
    if (match.tokens.some((i) => used.has(i))) continue;
    for (const i of match.tokens) used.add(i);
    kept.push(match);
  }
  return kept.sort((a, b) => a.tokens[0]! - b.tokens[0]!);
}

/** The words of the story that a match covers, as written (for reviewers). */
export function matchedText(text: string, analyzed: AnalyzedText, match: PatternMatch): string {
  const first = analyzed.tokens[match.tokens[0]!]!;
  const last = analyzed.tokens[match.tokens[match.tokens.length - 1]!]!;
  return text.slice(first.start, last.start + last.surface.length);
}
