import { detectPostcodeAddresses, detectStreetAddresses } from './address.ts';
import { detectBirthDates } from './birthdate.ts';
import type { NameLexicon } from './lexicon.ts';
import { detectNames } from './names.ts';
import { detectBsns, detectEmails, detectIbans, detectPhones, detectUrls } from './structured.ts';
import { tokenize, type Token } from './tokens.ts';
import type { PiiKind, Span } from './types.ts';
import { NOT_PEOPLE_PHRASES } from './vocabulary.ts';

export interface DetectOptions {
  /**
   * Names of organisations (care providers, for instance) that must stay readable. Pass the same
   * array for every story: it is indexed once per array.
   */
  organisations?: readonly string[];
}

/** When spans of different kinds overlap, the more specific one wins (an e-mail holds a name). */
const PRIORITY: readonly PiiKind[] = [
  'email', 'url', 'iban', 'phone', 'bsn', 'date_of_birth', 'postcode_address', 'street_address', 'name',
];

const STRUCTURED: readonly ((text: string) => Span[])[] = [
  detectEmails, detectUrls, detectIbans, detectPhones, detectBsns, detectBirthDates,
  detectPostcodeAddresses, detectStreetAddresses,
];

/** Finds personal data in a text. Spans come back sorted and without overlaps. */
export function detectPersonalData(text: string, lexicon: NameLexicon, options: DetectOptions = {}): Span[] {
  const tokens = tokenize(text);
  const blocked = new Set<number>();
  markPhrases(tokens, phraseIndex(NOT_PEOPLE_PHRASES), blocked);
  if (options.organisations) markPhrases(tokens, phraseIndex(options.organisations), blocked);
  const found = [...STRUCTURED.flatMap((detect) => detect(text)), ...detectNames(tokens, lexicon, blocked)];
  return resolveOverlaps(found);
}

/** Keeps the highest-priority span where spans overlap; same-kind overlaps merge. */
export function resolveOverlaps(spans: readonly Span[]): Span[] {
  const rank = (s: Span) => (PRIORITY as readonly string[]).indexOf(s.kind);
  const byPriority = [...spans].sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  const kept: Span[] = [];
  for (const span of byPriority) {
    const clash = kept.find((k) => k.start < span.end && span.start < k.end);
    if (!clash) kept.push({ ...span });
    else if (clash.kind === span.kind) {
      clash.start = Math.min(clash.start, span.start);
      clash.end = Math.max(clash.end, span.end);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Phrases by their first word, as lower-case word lists. */
type PhraseIndex = Map<string, string[][]>;

/** Built once per list: the caller passes the same provider list for every story. */
const phraseIndexes = new WeakMap<readonly string[], PhraseIndex>();

function phraseIndex(phrases: readonly string[]): PhraseIndex {
  let index = phraseIndexes.get(phrases);
  if (!index) {
    index = new Map();
    for (const phrase of phrases) {
      const words = tokenize(phrase).map((t) => t.lower);
      if (words.length === 0) continue;
      index.set(words[0]!, [...(index.get(words[0]!) ?? []), words]);
    }
    phraseIndexes.set(phrases, index);
  }
  return index;
}

/** Adds the indexes of tokens inside a phrase of the index (an organisation, a saying) to `blocked`. */
function markPhrases(tokens: readonly Token[], index: PhraseIndex, blocked: Set<number>): void {
  tokens.forEach((token, i) => {
    for (const words of index.get(token.lower) ?? []) {
      if (words.every((w, k) => tokens[i + k]?.lower === w)) {
        for (let k = 0; k < words.length; k++) blocked.add(i + k);
      }
    }
  });
}
