import { PLACEHOLDERS, mergeSpans } from '../workers/pipelines/redaction/mask.ts';
import { redactionTextHash } from '../workers/pipelines/redaction/story-texts.ts';
import type { Span, SpanKind } from '../workers/pipelines/redaction/types.ts';
import type { SourceRedaction } from '../models/redactions.ts';
import type { TranscriptSegmentRow } from '../models/schema.ts';

/**
 * How one text of a story reaches one audience. Pure: the caller passes the text, the stored
 * redaction and the audience's mode.
 *
 * - `redacted`: placeholders where personal data was found (reviewers' default, municipalities).
 * - `marked`: the original words, with what would be masked marked (reviewers checking the
 *   redaction; only roles allowed to see originals get this mode).
 * - `provider`: placeholders only, and nothing at all until the worker has checked the text.
 */
export type TextMode = 'redacted' | 'marked' | 'provider';

export interface TextSegment {
  text: string;
  mask?: { kind: SpanKind; placeholder: string; start: number; end: number };
}

export interface ProjectedText {
  source: string;
  /** the hash reviewers' overrides refer to; null when withheld */
  textHash: string | null;
  /** `pending`: the worker has not checked this text yet; `withheld`: not shown to this audience yet */
  status: 'checked' | 'pending' | 'withheld';
  segments: TextSegment[];
  /** the text as this audience may read it, in one string (exports, excerpts) */
  plain: string;
}

export function projectText(source: string, text: string, redaction: SourceRedaction | undefined, mode: TextMode): ProjectedText {
  const hash = redactionTextHash(text);
  const current = redaction && redaction.textHash === hash ? redaction : undefined;
  if (!current) {
    if (mode === 'provider') return { source, textHash: null, status: 'withheld', segments: [], plain: '' };
    return { source, textHash: hash, status: 'pending', segments: [{ text }], plain: text };
  }
  const segments = segmentsOf(text, current.spans, mode === 'marked');
  return {
    source, textHash: mode === 'provider' ? null : hash, status: 'checked', segments,
    plain: segments.map((s) => (s.mask && mode !== 'marked' ? s.mask.placeholder : s.text)).join(''),
  };
}

function segmentsOf(text: string, spans: readonly Span[], keepOriginal: boolean): TextSegment[] {
  const out: TextSegment[] = [];
  let cursor = 0;
  for (const span of mergeSpans(spans, text.length)) {
    if (span.start > cursor) out.push({ text: text.slice(cursor, span.start) });
    const placeholder = PLACEHOLDERS[span.kind];
    out.push({ text: keepOriginal ? text.slice(span.start, span.end) : placeholder, mask: { kind: span.kind, placeholder, start: span.start, end: span.end } });
    cursor = span.end;
  }
  if (cursor < text.length) out.push({ text: text.slice(cursor) });
  return out;
}

export interface ProjectedSegment { start: number; end: number; text: ProjectedText }

/**
 * Timed transcript segments, each redacted like the whole transcript: a segment is found in the
 * transcript text in order, and the spans that fall in it are applied to it. A segment that cannot
 * be found (the text was edited by hand) is not returned, so no unchecked words slip through.
 */
export function projectSegments(source: string, transcript: string, segments: readonly TranscriptSegmentRow[],
  redaction: SourceRedaction | undefined, mode: TextMode): ProjectedSegment[] {
  const whole = projectText(source, transcript, redaction, mode);
  if (whole.status === 'withheld') return [];
  const spans = whole.status === 'checked' ? redaction!.spans : [];
  const out: ProjectedSegment[] = [];
  let cursor = 0;
  for (const seg of segments) {
    const words = seg.text.trim();
    if (!words) continue;
    const at = transcript.indexOf(words, cursor);
    if (at < 0) continue;
    cursor = at + words.length;
    const local = spans
      .filter((s) => s.end > at && s.start < cursor)
      .map((s) => ({ start: Math.max(0, s.start - at), end: Math.min(words.length, s.end - at), kind: s.kind }));
    const text = projectText(source, words, { textHash: redactionTextHash(words), spans: local }, mode);
    out.push({ start: seg.start, end: seg.end, text: { ...text, status: whole.status } });
  }
  return out;
}

/** A short excerpt for lists, cut at a word boundary. */
export function excerpt(plain: string, max = 220): string {
  const flat = plain.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}
