import type { StoryListItem } from '../../models/review-stories.ts';
import type { SourceRedaction } from '../../models/redactions.ts';
import type { StoredTag } from '../../models/tags.ts';
import type { StoryTexts } from '../../workers/pipelines/redaction/story-texts.ts';
import {
  NARRATIVE_SOURCE, additionSource, captionSource, ocrSource, transcriptSource,
} from '../../workers/pipelines/redaction/story-texts.ts';
import { projectText } from '../../services/story-projection.ts';
import { LABELS } from './staff-story.ts';

/**
 * The rows of a story export (CSV and Excel), pure: the route loads a batch and streams what
 * this returns. Decisions, so exports stay safe outside Gehoord:
 * - every text goes through the redacted projection; the original words are never read here;
 * - a text the redaction worker has not checked yet is left out (empty), and the column
 *   "afgeschermd" says "nee, nog niet nagekeken" so the reader knows something is missing;
 * - no contact details, no receipt, no ids: nothing that leads back to the sharer.
 */
export const EXPORT_COLUMNS = [
  { key: 'date', header: 'datum', width: 11 },
  { key: 'who', header: 'wie', width: 12 },
  { key: 'age', header: 'leeftijd', width: 12 },
  { key: 'municipality', header: 'gemeente', width: 18 },
  { key: 'region', header: 'regio', width: 20 },
  { key: 'provider', header: 'zorgaanbieder', width: 24 },
  { key: 'consent', header: 'toestemming', width: 30 },
  { key: 'kind', header: 'vorm', width: 14 },
  { key: 'theme', header: 'thema', width: 24 },
  { key: 'topics', header: 'onderwerpen', width: 30 },
  { key: 'tone', header: 'toon', width: 16 },
  { key: 'urgent', header: 'dringend', width: 9 },
  { key: 'safety', header: 'veiligheidssignaal', width: 9 },
  { key: 'status', header: 'status', width: 10 },
  { key: 'redacted', header: 'afgeschermd', width: 14 },
  { key: 'text', header: 'tekst (afgeschermd)', width: 80 },
  { key: 'additions', header: 'aanvullingen (afgeschermd)', width: 60 },
] as const;

export type ExportColumn = typeof EXPORT_COLUMNS[number]['key'];
export type ExportRow = Record<ExportColumn, string>;

export const NOT_CHECKED = 'nee, nog niet nagekeken (tekst weggelaten)';

export interface ExportBatch {
  items: StoryListItem[];
  texts: Map<string, StoryTexts>;
  redactions: Map<string, Map<string, SourceRedaction>>;
  tags: Map<string, StoredTag[]>;
  /** framework topic key → Dutch label */
  topicLabels: Map<string, string>;
  /** municipality name → region name */
  regionOf: Map<string, string>;
}

const yesNo = (v: boolean) => (v ? 'ja' : 'nee');

/** The day a story came in, in Dutch time, as YYYY-MM-DD (sorts well in Excel). */
export function dutchDate(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Characters that are not allowed in an Excel file (XML) and mean nothing in a story. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const clean = (s: string) => s.replace(CONTROL, '');

export function exportRows(batch: ExportBatch): ExportRow[] {
  return batch.items.map((item) => {
    const texts = batch.texts.get(item.id);
    const redactions = batch.redactions.get(item.id);
    let unchecked = false;
    const redacted = (source: string, text: string): string => {
      const projected = projectText(source, text, redactions?.get(source), 'redacted');
      if (projected.status !== 'checked') {
        unchecked = true;
        return '';
      }
      return clean(projected.plain).trim();
    };
    const main: string[] = [];
    const own = redacted(NARRATIVE_SOURCE, texts?.text ?? item.text);
    if (own) main.push(own);
    for (const p of texts?.parts ?? []) {
      if (p.caption?.trim()) push(main, p.kind === 'audio' ? 'Bij spraakbericht' : 'Bij afbeelding', redacted(captionSource(p.id), p.caption));
      if (p.text?.trim()) {
        push(main, p.kind === 'audio' ? 'Spraakbericht' : 'Tekst uit afbeelding', redacted(p.kind === 'audio' ? transcriptSource(p.id) : ocrSource(p.id), p.text));
      }
    }
    const additions = (texts?.additions ?? []).map((a) => redacted(additionSource(a.id), a.text)).filter(Boolean);
    const topics = (batch.tags.get(item.id) ?? []).map((t) => batch.topicLabels.get(t.topic) ?? t.topic);
    return {
      date: dutchDate(new Date(item.createdAt)),
      who: LABELS.role[item.sharerRole],
      age: LABELS.age[item.ageBand],
      municipality: item.municipality,
      region: batch.regionOf.get(item.municipality) ?? '',
      provider: item.providerName ?? '',
      consent: LABELS.consent[item.consent],
      kind: item.hasAudio ? LABELS.kind.voice : item.hasImage ? LABELS.kind.image : LABELS.kind.text,
      theme: item.themeName ?? '',
      topics: topics.join(', '),
      tone: item.tone ? LABELS.tone[item.tone] : '',
      urgent: yesNo(item.urgent),
      safety: yesNo(item.safetyFlag),
      status: LABELS.status[item.reviewStatus],
      redacted: unchecked ? NOT_CHECKED : 'ja',
      text: main.join('\n\n'),
      additions: additions.join('\n\n'),
    };
  });
}

function push(out: string[], label: string, text: string) {
  if (text) out.push(`${label}: ${text}`);
}

/**
 * A cell that starts like a formula (=, +, -, @, tab, return) gets a leading apostrophe, so a
 * spreadsheet opening the CSV shows the text instead of running it (OWASP "CSV injection").
 * Excel files need no such prefix: their cells are typed as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const csvRecord = (row: ExportRow): string[] => EXPORT_COLUMNS.map((c) => neutraliseFormula(row[c.key]));
export const xlsxRecord = (row: ExportRow): string[] => EXPORT_COLUMNS.map((c) => row[c.key]);

/** gehoord-verhalen-2026-11-23.csv */
export const exportFileName = (format: 'csv' | 'xlsx', now = new Date()) => `gehoord-verhalen-${dutchDate(now)}.${format}`;
