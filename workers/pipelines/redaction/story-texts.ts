import { createHash } from 'node:crypto';

/*
 * The texts of one story, each under a stable source key, so detected spans (offsets into one
 * text) and reviewers' overrides can be stored per text. Used by the redaction worker and by
 * the screens that show a redacted story.
 */

/** What a story says, as the data layer reads it. */
export interface StoryTexts {
  text: string;
  additions: readonly { id: string; text: string }[];
  /** Voice notes carry their current transcript, images the text read from them; both may have a caption. */
  parts: readonly { id: string; kind: 'audio' | 'image'; text: string | null; caption: string | null }[];
}

export interface SourceText {
  /** `narrative`, `addition:<id>`, `transcript:<partId>`, `ocr:<partId>` or `caption:<partId>`. */
  source: string;
  text: string;
}

export const NARRATIVE_SOURCE = 'narrative';
export const additionSource = (additionId: string) => `addition:${additionId}`;
export const transcriptSource = (partId: string) => `transcript:${partId}`;
export const ocrSource = (partId: string) => `ocr:${partId}`;
export const captionSource = (partId: string) => `caption:${partId}`;

/** Every non-empty text of a story under its source key, in reading order. */
export function storySources(story: StoryTexts): SourceText[] {
  const out: SourceText[] = [{ source: NARRATIVE_SOURCE, text: story.text }];
  for (const a of story.additions) out.push({ source: additionSource(a.id), text: a.text });
  for (const p of story.parts) {
    if (p.caption !== null) out.push({ source: captionSource(p.id), text: p.caption });
    if (p.text !== null) out.push({ source: p.kind === 'audio' ? transcriptSource(p.id) : ocrSource(p.id), text: p.text });
  }
  return out.filter((s) => s.text.trim() !== '');
}

/** Fingerprint of one text: spans and overrides apply only to the text with this hash. */
export function redactionTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Fingerprint of all texts of a story together: the same texts need no new detection. */
export function sourcesHash(sources: readonly SourceText[]): string {
  return redactionTextHash(sources.map((s) => `${s.source}\u0000${redactionTextHash(s.text)}`).join('\u0000'));
}
