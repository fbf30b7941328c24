import { createRequire } from 'node:module';

interface SnowballStemmer { stem(word: string): string }
interface SnowballModule { newStemmer(language: string): SnowballStemmer }

const require = createRequire(import.meta.url);
const snowball = (require('snowball-stemmers') as SnowballModule).newStemmer('dutch');

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/**
 * Snowball Dutch stem plus one conflation step Snowball lacks: a final -t/-d after a consonant
 * is dropped, so verb forms meet ("luistert", "luisterde", "luisteren" → "luister";
 * "wacht", "wachten", "wachtte" → "wach"). The rule is applied to every word alike, so nouns
 * stay consistent with their plurals ("nacht"/"nachten" → "nach"). Stems are internal keys;
 * what people see is always a real surface word.
 *
 * Input must already be normalised (lowercase, folded, no apostrophes).
 */
export function stemWord(norm: string): string {
  let stem = cache.get(norm);
  if (stem !== undefined) return stem;
  stem = snowball.stem(norm);
  if (stem.length > 3 && /[^aeiouy][td]$/.test(stem)) stem = stem.slice(0, -1);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(norm, stem);
  return stem;
}
