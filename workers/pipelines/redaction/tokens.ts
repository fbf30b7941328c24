import { normalizeName } from './lexicon.ts';

export interface Token {
  text: string;
  /** Normalised lower case, for list look-ups. */
  lower: string;
  start: number;
  end: number;
  /** Starts with a capital letter. */
  capitalised: boolean;
  /** Written in capitals throughout (two letters or more): "GGZ", "SANNE". */
  shouting: boolean;
  /** First word of a sentence, a line, or a quote: a capital there says little about names. */
  sentenceStart: boolean;
  /** Followed by a full stop that belongs to the word: "dhr.", "Burg.", an initial "J.". */
  abbreviation: boolean;
  /** The characters between the previous token and this one. */
  gapBefore: string;
}

/** Words, including hyphenated names (Anne-Marie), and the particles 't and 's. */
const WORD = /['’][ts](?![\p{L}])|[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*/gu;
/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'dhr', 'mw', 'mevr', 'mr', 'mrs', 'dr', 'drs', 'ir', 'ing', 'prof', 'burg', 'st', 'geb', 'bijv', 'bv',
  'evt', 'ca', 'nr', 'tel', 'mej', 'zr', 'br', 'ds', 'gen', 'kon', 'pr', 'jhr', 'mgr', 'ma', 'vd', 'v',
]);
const SENTENCE_BREAK = /[.!?:;"“”„«»()\[\]\n]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let previousAbbreviation = false;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    const end = start + word.length;
    const gapBefore = text.slice(previousEnd, start);
    const lower = normalizeName(word);
    const first = word.charAt(0) === "'" || word.charAt(0) === '’' ? word.charAt(1) : word.charAt(0);
    const capitalised = first !== first.toLowerCase();
    const abbreviation = text.charAt(end) === '.' && (ABBREVIATIONS.has(lower) || (word.length === 1 && capitalised));
    // A full stop after an abbreviation does not start a new sentence; any other break does.
    const gapForBreaks = previousAbbreviation ? gapBefore.replace(/^\./, '') : gapBefore;
    tokens.push({
      text: word,
      lower,
      start,
      end,
      capitalised,
      shouting: word.length > 1 && word === word.toUpperCase() && capitalised,
      sentenceStart: tokens.length === 0 || SENTENCE_BREAK.test(gapForBreaks),
      abbreviation,
      gapBefore,
    });
    previousEnd = end;
    previousAbbreviation = abbreviation;
  }
  return tokens;
}
