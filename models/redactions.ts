import type { DB } from './db.ts';
import { partsOf } from './media.ts';
import { applyReviewerOverrides, type ReviewerOverride } from '../workers/pipelines/redaction/mask.ts';
import type { StoryTexts } from '../workers/pipelines/redaction/story-texts.ts';
import { PII_KINDS, type Span, type SpanKind } from '../workers/pipelines/redaction/types.ts';

/** What the worker found in one text of a story. */
export interface DetectedText {
  source: string;
  /** redactionTextHash() of the text the spans were found in. */
  textHash: string;
  spans: Span[];
}

/** The spans to mask in one text, with reviewers' overrides applied. */
export interface SourceRedaction {
  textHash: string;
  spans: Span[];
}

export interface NewOverride {
  narrativeId: string;
  source: string;
  /** The hash of the text the reviewer saw: on any other text the override does not apply. */
  textHash: string;
  start: number;
  end: number;
  action: 'unmask' | 'add';
  kind?: SpanKind;
  actor?: string;
}

const SPAN_KINDS: ReadonlySet<string> = new Set([...PII_KINDS, 'other']);
const toKind = (kind: string | null | undefined): SpanKind =>
  kind && SPAN_KINDS.has(kind) ? (kind as SpanKind) : 'other';

/** The texts of one story or a page of them, with one query per table. Withdrawn stories are absent. */
export async function storyTextsOf(db: DB, narrativeIds: string[]): Promise<Map<string, StoryTexts>> {
  if (narrativeIds.length === 0) return new Map();
  const [stories, additions, parts] = await Promise.all([
    db.selectFrom('narratives').select(['id', 'text']).where('id', 'in', narrativeIds).execute(),
    db.selectFrom('narrative_additions').select(['id', 'narrative_id', 'text'])
      .where('narrative_id', 'in', narrativeIds).orderBy('created_at').orderBy('id').execute(),
    partsOf(db, narrativeIds),
  ]);
  const out = new Map(stories.map((s) => [s.id, {
    text: s.text,
    additions: [] as { id: string; text: string }[],
    parts: [] as { id: string; kind: 'audio' | 'image'; text: string | null; caption: string | null }[],
  }]));
  for (const a of additions) out.get(a.narrative_id)?.additions.push({ id: a.id, text: a.text });
  for (const p of parts) out.get(p.narrativeId)?.parts.push({ id: p.id, kind: p.kind, text: p.text, caption: p.caption });
  return out;
}

/** Source → text hash of what is stored for one story, to skip texts that did not change. */
export async function detectedHashes(db: DB, narrativeId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('text_redactions').select(['source', 'text_hash'])
    .where('narrative_id', '=', narrativeId).execute();
  return new Map(rows.map((r) => [r.source, r.text_hash]));
}

/**
 * Stores detected spans per text and removes the rows of texts the story no longer has
 * (`currentSources`, by default the sources of `rows`). Returns false when the story is gone.
 */
export async function saveDetected(
  db: DB,
  narrativeId: string,
  rows: readonly DetectedText[],
  currentSources: readonly string[] = rows.map((r) => r.source),
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    // Holding the story row keeps a withdrawal from racing the insert (it would fail on the foreign key).
    const story = await tx.selectFrom('narratives').select('id').where('id', '=', narrativeId).forShare().executeTakeFirst();
    if (!story) return false;
    let stale = tx.deleteFrom('text_redactions').where('narrative_id', '=', narrativeId);
    if (currentSources.length > 0) stale = stale.where('source', 'not in', [...currentSources]);
    await stale.execute();
    if (rows.length > 0) {
      const now = new Date();
      await tx.insertInto('text_redactions').values(rows.map((r) => ({
        narrative_id: narrativeId,
        source: r.source,
        text_hash: r.textHash,
        spans: JSON.stringify(r.spans.map((s) => ({ start: s.start, end: s.end, kind: s.kind }))),
        detected_at: now,
      }))).onConflict((oc) => oc.columns(['narrative_id', 'source']).doUpdateSet((eb) => ({
        text_hash: eb.ref('excluded.text_hash'),
        spans: eb.ref('excluded.spans'),
        detected_at: eb.ref('excluded.detected_at'),
      }))).execute();
    }
    return true;
  });
}

/**
 * Per story, per source: the spans to mask, with the overrides reviewers made on that same text
 * applied in the order they were made. Two queries for any number of stories.
 */
export async function loadRedactions(db: DB, narrativeIds: string[]): Promise<Map<string, Map<string, SourceRedaction>>> {
  const out = new Map<string, Map<string, SourceRedaction>>();
  if (narrativeIds.length === 0) return out;
  const [detected, overrides] = await Promise.all([
    db.selectFrom('text_redactions').select(['narrative_id', 'source', 'text_hash', 'spans'])
      .where('narrative_id', 'in', narrativeIds).execute(),
    db.selectFrom('redaction_overrides').select(['narrative_id', 'source', 'text_hash', 'start', 'end', 'action', 'kind'])
      .where('narrative_id', 'in', narrativeIds).orderBy('id').execute(),
  ]);
  const bySource = new Map<string, ReviewerOverride[]>();
  const key = (narrativeId: string, source: string, hash: string) => `${narrativeId}\u0000${source}\u0000${hash}`;
  for (const o of overrides) {
    const k = key(o.narrative_id, o.source, o.text_hash);
    bySource.set(k, [...(bySource.get(k) ?? []), { action: o.action, start: o.start, end: o.end, kind: toKind(o.kind) }]);
  }
  for (const row of detected) {
    const spans = row.spans.map((s) => ({ start: s.start, end: s.end, kind: toKind(s.kind) }));
    const applied = applyReviewerOverrides(spans, bySource.get(key(row.narrative_id, row.source, row.text_hash)) ?? []);
    if (!out.has(row.narrative_id)) out.set(row.narrative_id, new Map());
    out.get(row.narrative_id)!.set(row.source, { textHash: row.text_hash, spans: applied });
  }
  return out;
}

/** Records a reviewer's decision; returns its id. */
export async function addOverride(db: DB, o: NewOverride): Promise<number> {
  const row = await db.insertInto('redaction_overrides').values({
    narrative_id: o.narrativeId,
    source: o.source,
    text_hash: o.textHash,
    start: o.start,
    end: o.end,
    action: o.action,
    kind: o.action === 'add' ? o.kind ?? 'other' : null,
    actor: o.actor ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Names of all care providers: they stay readable in stories even when named after a person. */
export async function organisationNames(db: DB): Promise<string[]> {
  const rows = await db.selectFrom('providers').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}
