import { isValidIban, passesElfproef } from './checks.ts';
import type { Span } from './types.ts';

/*
 * Detectors for personal data with a fixed shape. Each takes the whole text and returns spans;
 * overlaps between kinds are settled in detect.ts.
 */

const NOT_AFTER = String.raw`(?<![\p{L}\p{N}+@])`;

/**
 * Dutch phone numbers: 0 plus nine digits (06 mobile, 0xx/0xxx landline), written with any mix of
 * single spaces, hyphens, dots or slashes, or internationally as +31 / 0031 with an optional (0).
 */
const PHONE = new RegExp(
  NOT_AFTER + String.raw`(?:(?:\+\s?|00)31[ \-]?(?:\(0\)[ \-]?)?|\(?0)[1-9](?:(?: ?[\-.\/)] ?| )?\d){8}(?![\p{N}])`, 'gu');
const DATE_PREFIX = /^\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}/;
/** Information and free-call numbers belong to organisations, not people. */
const SERVICE_NUMBER = /^0(?:800|900|906|909)/;

export function detectPhones(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(PHONE)) {
    // "01-02-2024 12" is a date and a number; "06.12.34.56.78" goes on in the same way and is a phone.
    const date = DATE_PREFIX.exec(m[0]);
    if (date && !/^[-/.]/.test(m[0].slice(date[0].length))) continue;
    let digits = m[0].replace(/\(0\)/, '').replace(/\D/g, '');
    if (digits.startsWith('0031')) digits = '0' + digits.slice(4);
    else if (digits.startsWith('31') && /^(\+|00)/.test(m[0])) digits = '0' + digits.slice(2);
    if (!/^0[1-9]\d{8}$/.test(digits) || SERVICE_NUMBER.test(digits)) continue;
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' });
  }
  return spans;
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export function detectEmails(text: string): Span[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'email' as const }));
}

/** Top-level domains common in what Dutch families link to; bare domains need one of these. */
const TLDS = 'nl|com|org|net|be|eu|info|io|app|me|tv|gg|co|de|uk|fr|ly|to|xyz|online|site|nu|link|social';
const URL = new RegExp(
  String.raw`\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+|(?<![\p{L}\p{N}@.\-\/])(?:[\p{L}\p{N}\-_]+\.)+(?:${TLDS})(?:\/[^\s<>"']*)?(?![\p{L}\p{N}\-])`,
  'giu');
const URL_TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»]+$/;

export function detectUrls(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(URL)) {
    const trimmed = m[0].replace(URL_TRAILING_PUNCTUATION, '');
    spans.push({ start: m.index, end: m.index + trimmed.length, kind: 'url' });
  }
  return spans;
}

/** 8 or 9 digits, in at most four groups split by one kind of single separator (space, dot or hyphen). */
const BSN_CANDIDATE = /(?<![\p{L}\p{N}.,\-\/])\d{2,9}(?:([ .\-])\d{2,7})?(?:\1\d{2,7}){0,2}(?![\p{N}]|[.,\-\/]\d)/gu;
const MONEY_BEFORE = /(?:€|eur|euro)\s*$/i;

export function detectBsns(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(BSN_CANDIDATE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 9) continue;
    if (digits.length === 8 && m[0] !== digits && DATE_PREFIX.test(m[0])) continue;
    if (MONEY_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    if (passesElfproef(digits)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'bsn' });
  }
  return spans;
}

/** Country code, check digits, then letters and digits in optional groups; trimmed until mod-97 holds. */
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,34}/gu;

export function detectIbans(text: string): Span[] {
  const spans: Span[] = [];
  const candidates = new RegExp(IBAN_CANDIDATE);
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    // The candidate may run on into the next words ("NL91ABNA0417164300 en"); take the longest valid
    // prefix and search on right after it, so an IBAN in the swallowed words is still found.
    candidates.lastIndex = m.index + 1;
    for (let end = m[0].length; end >= 15; end--) {
      const candidate = m[0].slice(0, end);
      if (/\s$/.test(candidate) || /[\p{L}\p{N}]/u.test(text[m.index + end] ?? '')) continue;
      if (isValidIban(candidate)) {
        spans.push({ start: m.index, end: m.index + end, kind: 'iban' });
        candidates.lastIndex = m.index + end;
        break;
      }
    }
  }
  return spans;
}
