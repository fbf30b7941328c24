/**
 * Character-level normalisation shared by the tokeniser, stemmer and lexicons.
 *
 * Decision: ALL diacritics are folded (é→e, ë→e, ï→i). The Dutch diaeresis only marks a
 * syllable break (ideeën, geïrriteerd); youths often type without it, and the Snowball Dutch
 * stemmer removes it anyway, so keeping it would split one word into two features.
 * The ĳ ligature becomes the two letters "ij".
 */
const APOSTROPHES = /['’‘`´]/g;

export function foldDiacritics(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Lowercased, folded, apostrophes and hyphens removed: "Auto's" → "autos", "jeugd-GGZ" → "jeugdggz". */
export function normalizeWord(surface: string): string {
  return foldDiacritics(surface.toLowerCase()).replace(APOSTROPHES, '').replace(/-/g, '');
}

/**
 * The part of a word that carries its meaning for stemming: the head before a possessive or
 * plural apostrophe ("auto's" → "auto", "Anna's" → "anna"), so "auto's" and "auto" share a stem.
 */
export function stemBase(surface: string): string {
  const lower = foldDiacritics(surface.toLowerCase());
  const apostrophe = lower.search(/['’‘`´]s$/);
  const head = apostrophe > 0 ? lower.slice(0, apostrophe) : lower;
  return head.replace(APOSTROPHES, '').replace(/-/g, '');
}

/**
 * Chat and speech spellings common in stories of youths, mapped to the standard word so that
 * stop words, negation and stems see them ("nie" is a negation, "gwn" a filler).
 */
const STANDARD_SPELLING: ReadonlyMap<string, string> = new Map([
  ['nie', 'niet'], ['nt', 'niet'], ['nix', 'niks'], ['niz', 'niks'], ['gwn', 'gewoon'], ['gewn', 'gewoon'],
  ['egt', 'echt'], ['eg', 'echt'], ['ff', 'even'], ['wrm', 'waarom'], ['mn', 'mijn'], ['zn', 'zijn'],
  ['mss', 'misschien'], ['wss', 'waarschijnlijk'], ['idd', 'inderdaad'], ['tog', 'toch'],
  ['ma', 'maar'], ['da', 'dat'], ['wa', 'wat'], ['ni', 'niet'], ['nooot', 'nooit'], ['kweet', 'weet'],
  ['kheb', 'heb'], ['kben', 'ben'], ['kga', 'ga'], ['kwil', 'wil'], ['tis', 'is'],
  ['okee', 'oke'], ['okay', 'oke'], ['vd', 'van'], ['ipv', 'in'],
  ['nx', 'niks'], ['gn', 'geen'], ['neit', 'niet'], ['nit', 'niet'], ['noit', 'nooit'],
  ['nieman', 'niemand'], ['niemant', 'niemand'], ['niemnd', 'niemand'], ['nrgns', 'nergens'],
  ['wnt', 'want'],
]);

/** Letters typed three or more times for emphasis ("nooooit", "echttt"); no Dutch word has three in a row. */
const ELONGATION = /(\p{L})\1{2,}/gu;

export function standardSpelling(norm: string): string {
  const known = STANDARD_SPELLING.get(norm);
  if (known !== undefined) return known;
  if (!norm.match(ELONGATION)) return norm;
  const doubled = norm.replace(ELONGATION, '$1$1');
  const single = norm.replace(ELONGATION, '$1');
  return STANDARD_SPELLING.get(doubled) ?? STANDARD_SPELLING.get(single) ?? (SINGLE_FIRST.has(single) ? single : doubled);
}

/** Elongated words whose plain form has a single letter where the typist repeated it ("niet", "echt"). */
const SINGLE_FIRST: ReadonlySet<string> = new Set(['niet', 'echt', 'nee', 'wel', 'heel', 'zo', 'stom', 'fijn', 'top', 'super']);
