import { detectPostcodeAddresses, detectStreetAddresses } from './address.ts';
import { detectBirthDates } from './birthdate.ts';
import type { NameLexicon } from './lexicon.ts';
import { detectNames } from './names.ts';
import { detectBsns, detectEmails, detectIbans, detectPhones, detectUrls } from './structured.ts';
import { tokenize, type Token } from './tokens.ts';
import type { PiiKind, Span } from './types.ts';
import { NOT_PEOPLE_PHRASES } from './vocabulary.ts';

export interface DetectOptions {
  /** Names of organisations (care providers, for instance) that must stay readable. */
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
  const blocked = organisationTokens(tokens, [...NOT_PEOPLE_PHRASES, ...(options.organisations ?? [])]);
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

/** Indexes of tokens that fall inside a known organisation name or saying, matched word by word. */
function organisationTokens(tokens: readonly Token[], organisations: readonly string[]): Set<number> {
  const byFirstWord = new Map<string, string[][]>();
  for (const org of organisations) {
    const words = tokenize(org).map((t) => t.lower);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push(words);
    byFirstWord.set(words[0]!, list);
  }
  const blocked = new Set<number>();
  tokens.forEach((token, i) => {
    for (const words of byFirstWord.get(token.lower) ?? []) {
      if (words.every((w, k) => tokens[i + k]?.lower === w)) {
        for (let k = 0; k < words.length; k++) blocked.add(i + k);
      }
    }
  });
  return blocked;
}
