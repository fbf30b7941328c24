/**
 * Tone of a story (positive, negative or mixed) from a curated Dutch sentiment lexicon.
 * - Phrases beat their words ("niemand luisterde" is one strong negative, not a negation of
 *   a positive word).
 * - Negation flips a positive ("niet fijn" is negative) and softens a negative into a mild
 *   positive ("niet slecht").
 * - An intensifier or damper right before a term scales it ("heel fijn", "beetje jammer").
 * - After a contrast word the rest of the sentence weighs more and the part before less
 *   ("het was goed, maar ze luisterden niet" is mostly negative); a sentence that opens with a
 *   contrast word does the same to the sentence before it.
 * - Clear evidence on both sides gives "mixed"; a negation that flips no term is a weak
 *   complaint cue; a story without any evidence counts as negative (see NO_EVIDENCE).
 */
import { analyze, type AnalyzedText, type Token } from '../text/analyze.ts';
import { compilePattern, findMatches, matchedText, matchKey, selectLongest, type CompiledPattern, type PatternMatch } from './lexicon.ts';
import type { SentimentLexicon } from './schemas.ts';
import { sentimentSeed } from './seeds.ts';

export type Tone = 'positive' | 'negative' | 'mixed';

export interface ToneEvidence {
  text: string;
  /** contribution after negation, modifiers and contrast weighting */
  value: number;
}

export interface ToneResult {
  tone: Tone;
  /** total positive and negative weight */
  positive: number;
  negative: number;
  /** (positive − negative) / (positive + negative), 0 when there is no evidence */
  balance: number;
  evidence: ToneEvidence[];
}

/** smaller side / larger side at or above this → mixed */
export const MIXED_RATIO = 0.4;
/**
 * A story without a single sentiment word is mostly a plain account of what went wrong
 * ("ik heb al vijf begeleiders gehad"): people rarely praise without a word of praise.
 */
const NO_EVIDENCE: Tone = 'negative';
const NEGATED_POSITIVE = -0.8;
const NEGATED_NEGATIVE = 0.3;
const NEGATION_CUE = -0.5;
const AFTER_CONTRAST = 1.2;
const BEFORE_CONTRAST = 0.85;
const MODIFIER_REACH = 2;
/** contrast words that only contrast at the start of a clause ("alleen jammer dat ..." but not "ik was alleen") */
const CLAUSE_START_CONTRAST: ReadonlySet<string> = new Set(['alleen', 'toch']);

interface CompiledSentiment {
  patterns: CompiledPattern[];
  polarity: number[];
  modifiers: Map<string, number>;
  contrast: Set<string>;
}

const compiledLexicons = new WeakMap<SentimentLexicon, CompiledSentiment>();

function compile(lexicon: SentimentLexicon): CompiledSentiment {
  let result = compiledLexicons.get(lexicon);
  if (!result) {
    const modifiers = new Map<string, number>();
    for (const [word, factor] of [...Object.entries(lexicon.intensifiers), ...Object.entries(lexicon.dampers)]) {
      const keys = compilePattern(word).keys;
      if (keys.length === 1) modifiers.set(keys[0]!, factor);
    }
    result = {
      patterns: lexicon.terms.map((entry) => compilePattern(entry.term)),
      polarity: lexicon.terms.map((entry) => entry.polarity),
      modifiers,
      contrast: new Set(lexicon.contrast.map((word) => compilePattern(word).keys.join(' '))),
    };
    compiledLexicons.set(lexicon, result);
  }
  return result;
}

export function assessTone(text: string, options: { lexicon?: SentimentLexicon; analyzed?: AnalyzedText } = {}): ToneResult {
  const lexicon = compile(options.lexicon ?? sentimentSeed());
  const analyzed = options.analyzed ?? analyze(text);
  const { tokens } = analyzed;
  const kept = selectLongest(findMatches(analyzed, lexicon.patterns, { maxGap: 1, parts: 'none' }), (match) =>
    Math.abs(lexicon.polarity[match.pattern]!),
  );
  const modifiers = new Map(kept.map((match) => [match, modifiersBefore(match, tokens, lexicon.modifiers)]));
  // A modifier word that is itself in the lexicon ("erg", "vreselijk") modifies when a term follows.
  const modifying = new Set([...modifiers.values()].flatMap((found) => found.map((modifier) => modifier.index)));
  const terms = kept.filter((match) => !(match.tokens.length === 1 && modifying.has(match.tokens[0]!)));
  const weights = contrastWeights(tokens, lexicon.contrast);
  const evidence: ToneEvidence[] = terms.map((match) => ({
    text: matchedText(text, analyzed, match),
    value: termValue(match, lexicon.polarity[match.pattern]!, modifiers.get(match)!) * weights[match.tokens[0]!]!,
  }));
  evidence.push(...negationCues(text, analyzed, terms, weights));
  const positive = evidence.reduce((sum, e) => sum + Math.max(0, e.value), 0);
  const negative = evidence.reduce((sum, e) => sum + Math.max(0, -e.value), 0);
  return { tone: decide(positive, negative), positive, negative, balance: positive + negative > 0 ? (positive - negative) / (positive + negative) : 0, evidence };
}

/**
 * A negation that flips no sentiment term is still a weak sign of complaint in feedback
 * ("niemand vroeg wat ik wilde", "ik mocht niks zeggen").
 */
function negationCues(text: string, analyzed: AnalyzedText, terms: readonly PatternMatch[], weights: readonly number[]): ToneEvidence[] {
  const used = new Set(terms.flatMap((match) => match.tokens));
  const flippingClauses = new Set(terms.filter((match) => match.negated).map((match) => analyzed.tokens[match.tokens[0]!]!.clause));
  return analyzed.tokens
    .filter((token) => token.negation && !used.has(token.index) && !flippingClauses.has(token.clause))
    .map((token) => ({ text: text.slice(token.start, token.start + token.surface.length), value: NEGATION_CUE * weights[token.index]! }));
}

/** The intensifiers and dampers directly before a term, in its clause ("heel erg fijn"). */
function modifiersBefore(match: PatternMatch, tokens: readonly Token[], modifiers: ReadonlyMap<string, number>): { index: number; factor: number }[] {
  const start = match.tokens[0]!;
  const found: { index: number; factor: number }[] = [];
  for (let i = start - 1; i >= start - MODIFIER_REACH && i >= 0; i--) {
    const factor = modifiers.get(matchKey(tokens[i]!.stem));
    if (factor === undefined || tokens[i]!.clause !== tokens[start]!.clause) break;
    found.push({ index: i, factor });
  }
  return found;
}

function termValue(match: PatternMatch, polarity: number, modifiers: readonly { factor: number }[]): number {
  const value = modifiers.reduce((product, modifier) => product * modifier.factor, polarity);
  if (!match.negated) return value;
  return value > 0 ? value * NEGATED_POSITIVE : -value * NEGATED_NEGATIVE;
}

/** Weight of each token position from the contrast words in its sentence and the next one. */
function contrastWeights(tokens: readonly Token[], contrast: ReadonlySet<string>): number[] {
  const weights = tokens.map(() => 1);
  const isContrast = (token: Token): boolean => {
    if (!contrast.has(matchKey(token.stem))) return false;
    if (!CLAUSE_START_CONTRAST.has(token.norm)) return true;
    const previous = tokens[token.index - 1];
    return previous === undefined || previous.clause !== token.clause;
  };
  const sentences = new Map<number, Token[]>();
  for (const token of tokens) sentences.set(token.sentence, [...(sentences.get(token.sentence) ?? []), token]);
  for (const [sentence, members] of sentences) {
    const pivot = members.filter(isContrast).at(-1);
    if (!pivot) continue;
    for (const token of members) weights[token.index] = token.index > pivot.index ? AFTER_CONTRAST : BEFORE_CONTRAST;
    const opensSentence = pivot.index === members[0]!.index;
    const before = sentences.get(sentence - 1);
    if (opensSentence && before && !before.some(isContrast)) for (const token of before) weights[token.index] = BEFORE_CONTRAST;
  }
  return weights;
}

function decide(positive: number, negative: number): Tone {
  const larger = Math.max(positive, negative);
  if (larger === 0) return NO_EVIDENCE;
  if (Math.min(positive, negative) / larger >= MIXED_RATIO) return 'mixed';
  return positive > negative ? 'positive' : 'negative';
}
