/**
 * Theme keywords by class-based TF-IDF (as in BERTopic's c-TF-IDF), counted in stories rather
 * than in occurrences so one long story cannot dominate a theme:
 *   score(t, theme) = df(t, theme) / |theme| · ln(1 + A / df(t, all stories)),
 * with A the average theme size. A word must occur in at least `minStories` stories of the
 * theme and in at least `minShare` of them, so a word from two stories of a big theme is not
 * presented as what the theme is about; only when no word does are the theme's own words used.
 * Only single stems that people actually wrote count (no negation or bigram features, no
 * compound parts that never occur as a word), never a label stop word; each is shown as the
 * surface form it is most often written as.
 */
import { stemWord } from '../text/stem.ts';
import { normalizeWord } from '../text/normalize.ts';
import type { Corpus } from '../text/representation.ts';
import { LABEL_STOP_WORDS } from '../text/stopwords.ts';

export interface Keyword {
  stem: string;
  word: string;
  score: number;
}

export interface KeywordIndex {
  /** keyword term id → stem and display word */
  stems: string[];
  words: string[];
  /** per story (same order as the corpus), distinct keyword term ids */
  storyTerms: Int32Array[];
  /** per keyword term, number of stories containing it */
  documentFrequency: Int32Array;
}

export interface KeywordOptions {
  count: number;
  minStories: number;
  minShare: number;
}

export const DEFAULT_KEYWORD_OPTIONS: KeywordOptions = { count: 10, minStories: 2, minShare: 0.1 };

const LABEL_STOP_STEMS: ReadonlySet<string> = new Set([...LABEL_STOP_WORDS].map(stemWord));

export function isKeywordCandidate(stem: string, word: string | undefined): word is string {
  if (word === undefined || !/^[\p{L}\p{N}]+$/u.test(stem)) return false;
  return !LABEL_STOP_STEMS.has(stem) && !LABEL_STOP_WORDS.has(normalizeWord(word));
}

export function buildKeywordIndex(corpus: Corpus): KeywordIndex {
  const keywordId = new Int32Array(corpus.terms.length).fill(-1);
  const stems: string[] = [];
  const words: string[] = [];
  corpus.terms.forEach((term, id) => {
    const word = corpus.display.get(term);
    if (!isKeywordCandidate(term, word)) return;
    keywordId[id] = stems.length;
    stems.push(term);
    words.push(word);
  });
  const documentFrequency = new Int32Array(stems.length);
  const storyTerms = corpus.features.map((features) => {
    const distinct = new Set<number>();
    for (const id of features) if (keywordId[id]! >= 0) distinct.add(keywordId[id]!);
    const terms = Int32Array.from([...distinct].sort((a, b) => a - b));
    for (const term of terms) documentFrequency[term]++;
    return terms;
  });
  return { stems, words, storyTerms, documentFrequency };
}

/** Keywords for each theme, given its members as story positions in the index. */
export function themeKeywords(index: KeywordIndex, themes: readonly (readonly number[])[], options: KeywordOptions = DEFAULT_KEYWORD_OPTIONS): Keyword[][] {
  const nonEmpty = themes.filter((members) => members.length > 0);
  const averageSize = nonEmpty.reduce((sum, members) => sum + members.length, 0) / Math.max(1, nonEmpty.length);
  const counts = new Int32Array(index.stems.length);
  return themes.map((members) => {
    const touched: number[] = [];
    for (const member of members) {
      for (const term of index.storyTerms[member]!) {
        if (counts[term] === 0) touched.push(term);
        counts[term]++;
      }
    }
    const keyword = (term: number, inTheme: number): Keyword =>
      ({ stem: index.stems[term]!, word: index.words[term]!, score: (inTheme / members.length) * Math.log(1 + averageSize / index.documentFrequency[term]!) });
    const support = Math.min(Math.max(options.minStories, options.minShare * members.length), members.length);
    const found = touched.map((term) => ({ term, inTheme: counts[term]! }));
    for (const term of touched) counts[term] = 0;
    const shared = found.filter(({ inTheme }) => inTheme >= support);
    // A small theme whose stories share no word (two stories split off by hand) still gets words, not "Naamloos thema".
    const keywords = (shared.length > 0 ? shared : found).map(({ term, inTheme }) => keyword(term, inTheme));
    keywords.sort((a, b) => b.score - a.score || (a.stem < b.stem ? -1 : 1));
    return keywords.slice(0, options.count);
  });
}

/** A short Dutch label from the top keywords: "Wachtlijst & wachttijd". */
export function proposeLabel(keywords: readonly Keyword[], words = 2): string {
  const chosen: string[] = [];
  for (const { word } of keywords) {
    if (chosen.some((other) => other.includes(word) || word.includes(other))) continue;
    chosen.push(word);
    if (chosen.length === words) break;
  }
  if (chosen.length === 0) return 'Naamloos thema';
  const [first, ...rest] = chosen;
  const head = first!.charAt(0).toUpperCase() + first!.slice(1);
  return rest.length === 0 ? head : `${head} & ${rest.join(' & ')}`;
}
