import type { Span, SpanKind } from './types.ts';

/** What a reader sees instead of the personal data (Dutch, plain). */
export const PLACEHOLDERS: Readonly<Record<SpanKind, string>> = {
  name: '[naam]',
  phone: '[telefoonnummer]',
  email: '[e-mail]',
  bsn: '[BSN]',
  iban: '[IBAN]',
  postcode_address: '[adres]',
  street_address: '[adres]',
  date_of_birth: '[geboortedatum]',
  url: '[link]',
  other: '[weggelaten]',
};

/** A placeholder in the redacted text, with where it came from in the original. */
export interface MaskedSpan {
  /** Position of the placeholder in the redacted text (end exclusive). */
  start: number;
  end: number;
  kind: SpanKind;
  /** The masked stretch of the original text. */
  original: { start: number; end: number };
}

export interface Redaction {
  text: string;
  spans: MaskedSpan[];
}

/**
 * Sorts spans, drops empty ones and merges overlaps (and same-kind spans that touch). A merged
 * span keeps the kind of its longest part, so one placeholder stands for the whole stretch.
 */
export function mergeSpans(spans: readonly Span[], textLength = Infinity): Span[] {
  const clamped = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(textLength, s.end), kind: s.kind }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let longest = 0;
  for (const span of clamped) {
    const last = merged.at(-1);
    if (last && (span.start < last.end || (span.start === last.end && span.kind === last.kind))) {
      if (span.end - span.start > longest) {
        last.kind = span.kind;
        longest = span.end - span.start;
      }
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
      longest = span.end - span.start;
    }
  }
  return merged;
}

/** Replaces each span with its placeholder and reports where the placeholders ended up. */
export function redact(text: string, spans: readonly Span[]): Redaction {
  let out = '';
  let cursor = 0;
  const masked: MaskedSpan[] = [];
  for (const span of mergeSpans(spans, text.length)) {
    out += text.slice(cursor, span.start);
    const placeholder = PLACEHOLDERS[span.kind];
    masked.push({ start: out.length, end: out.length + placeholder.length, kind: span.kind, original: { start: span.start, end: span.end } });
    out += placeholder;
    cursor = span.end;
  }
  return { text: out + text.slice(cursor), spans: masked };
}

/** A reviewer's decision on the original text: show a detected stretch after all, or mask one more. */
export interface ReviewerOverride {
  action: 'unmask' | 'add';
  start: number;
  end: number;
  /** For 'add'; without one the stretch is masked as 'other'. */
  kind?: SpanKind;
}

/**
 * Applies reviewers' overrides in order, so a later decision wins. 'unmask' drops every span that
 * overlaps its stretch (reviewers unmask whole marks); 'add' masks a stretch.
 */
export function applyReviewerOverrides(spans: readonly Span[], overrides: readonly ReviewerOverride[]): Span[] {
  let result = spans.map((s) => ({ ...s }));
  for (const o of overrides) {
    if (o.end <= o.start) continue;
    if (o.action === 'unmask') result = result.filter((s) => s.end <= o.start || s.start >= o.end);
    else result.push({ start: o.start, end: o.end, kind: o.kind ?? 'other' });
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end);
}
