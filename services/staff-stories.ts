import type { DB } from '../models/db.ts';
import type { Viewer } from '../models/staff.ts';
import { STORY_PERMISSIONS } from '../models/staff-scope.ts';
import { listStories, type StoryFilter, type StoryListItem, type StorySort } from '../models/review-stories.ts';
import { storyRecord, type StoryRecord } from '../models/story-review.ts';
import { loadRedactions, type SourceRedaction } from '../models/redactions.ts';
import { signalsOf, type NarrativeSignals } from '../models/signals.ts';
import { tagsOf, type StoredTag } from '../models/tags.ts';
import { membershipsOf, themesByIds } from '../models/themes.ts';
import { recordAudit } from '../models/audit.ts';
import {
  NARRATIVE_SOURCE, additionSource, captionSource, ocrSource, transcriptSource,
} from '../workers/pipelines/redaction/story-texts.ts';
import { excerpt, projectSegments, projectText, type ProjectedSegment, type ProjectedText, type TextMode } from './story-projection.ts';

/**
 * The projections of a story per audience, declared once. Routes, exports and tests ask for a
 * story through here; what a role may not see is never put in the object.
 */
export interface StoryListRow extends Omit<StoryListItem, 'text'> { excerpt: string; textStatus: ProjectedText['status'] }

export interface StaffPartView {
  id: string;
  kind: 'audio' | 'image';
  durationSec: number | null;
  status: string;
  /** only for roles that may play or see media */
  media: boolean;
  caption: ProjectedText | null;
  text: ProjectedText | null;
  textSource: string | null;
  segments: ProjectedSegment[];
  transcriptId: number | null;
  versions: StoryRecord['parts'][number]['versions'];
}

export interface StaffStoryView {
  id: string;
  createdAt: Date;
  sharerRole: StoryRecord['sharerRole'];
  ageBand: StoryRecord['ageBand'];
  municipality: StoryRecord['municipality'];
  provider: StoryRecord['provider'];
  careTypeLabel: string | null;
  feeling: number | null;
  consent: StoryRecord['consent'];
  urgent: boolean;
  mode: TextMode;
  text: ProjectedText;
  additions: { id: string; createdAt: Date; text: ProjectedText }[];
  parts: StaffPartView[];
  theme: { id: string; name: string; source: string } | null;
  tags: StoredTag[];
  signals: Pick<NarrativeSignals, 'tone' | 'safetyFlag'> & { safetyReasons?: string[] } | null;
  /** internal review work: not for providers */
  review?: StoryRecord['review'];
  notes?: StoryRecord['notes'];
  consentChanges: StoryRecord['consentChanges'];
}

export function textModeFor(viewer: Viewer, showOriginal: boolean): TextMode {
  if (viewer.role === 'provider') return 'provider';
  return showOriginal && STORY_PERMISSIONS[viewer.role].unredacted ? 'marked' : 'redacted';
}

export function createStaffStories(db: DB) {
  return {
    async list(viewer: Viewer, filter: StoryFilter, page: { sort?: StorySort; after?: string; size?: number } = {}) {
      const permissions = STORY_PERMISSIONS[viewer.role];
      const result = await listStories(db, viewer, permissions.search ? filter : { ...filter, q: undefined }, page);
      const redactions = await loadRedactions(db, result.items.map((i) => i.id));
      const mode = textModeFor(viewer, false);
      const rows: StoryListRow[] = result.items.map(({ text, ...item }) => {
        const projected = projectText(NARRATIVE_SOURCE, text, redactions.get(item.id)?.get(NARRATIVE_SOURCE), mode);
        return { ...item, excerpt: excerpt(projected.plain), textStatus: projected.status };
      });
      return { ...result, items: rows };
    },

    /**
     * One story for one viewer, or undefined when it does not exist or is not theirs to read.
     * Both outcomes look the same to the viewer; the audit log tells them apart.
     */
    async read(viewer: Viewer, id: string, opts: { showOriginal?: boolean; ip?: string | null } = {}): Promise<StaffStoryView | undefined> {
      const record = await storyRecord(db, viewer, id);
      await recordAudit(db, {
        actor: viewer, action: record ? 'story_viewed' : 'story_denied', targetKind: 'narrative', targetId: id.slice(0, 64),
        detail: opts.showOriginal && record ? { original: true } : {}, ip: opts.ip ?? null,
      });
      return record && project(viewer, record, opts.showOriginal ?? false);
    },

    /** The same story for a command that records its own audit event (it is not a view). */
    async forCommand(viewer: Viewer, id: string, opts: { showOriginal?: boolean } = {}): Promise<StaffStoryView | undefined> {
      const record = await storyRecord(db, viewer, id);
      return record && project(viewer, record, opts.showOriginal ?? false);
    },
  };

  async function project(viewer: Viewer, record: StoryRecord, showOriginal: boolean): Promise<StaffStoryView> {
    const id = record.id;
    const mode = textModeFor(viewer, showOriginal);
    const [redactions, signals, tags, memberships] = await Promise.all([
      loadRedactions(db, [id]), signalsOf(db, [id]), tagsOf(db, [id]), membershipsOf(db, [id]),
    ]);
    const r = redactions.get(id) ?? new Map<string, SourceRedaction>();
    const membership = memberships.get(id);
    const theme = membership ? (await themesByIds(db, [membership.themeId])).get(membership.themeId) : undefined;
    const permissions = STORY_PERMISSIONS[viewer.role];
    const signal = signals.get(id);
    return {
      id: record.id, createdAt: record.createdAt, sharerRole: record.sharerRole, ageBand: record.ageBand,
      municipality: record.municipality, provider: record.provider, careTypeLabel: record.careTypeLabel,
      feeling: record.feeling, consent: record.consent, urgent: record.urgent, mode,
      text: projectText(NARRATIVE_SOURCE, record.text, r.get(NARRATIVE_SOURCE), mode),
      additions: record.additions.map((a) => ({ id: a.id, createdAt: a.createdAt, text: projectText(additionSource(a.id), a.text, r.get(additionSource(a.id)), mode) })),
      parts: record.parts.map((p) => {
        const source = p.kind === 'audio' ? transcriptSource(p.id) : ocrSource(p.id);
        return {
          id: p.id, kind: p.kind, durationSec: p.durationSec, status: p.status, media: permissions.media,
          caption: p.caption ? projectText(captionSource(p.id), p.caption, r.get(captionSource(p.id)), mode) : null,
          text: p.text ? projectText(source, p.text, r.get(source), mode) : null,
          textSource: p.textSource,
          segments: p.kind === 'audio' && p.text && permissions.media ? projectSegments(source, p.text, p.segments, r.get(source), mode) : [],
          transcriptId: p.transcriptId,
          versions: permissions.transcribe ? p.versions : [],
        };
      }),
      theme: theme ? { id: theme.id, name: theme.name ?? theme.label, source: membership!.source } : null,
      tags: tags.get(id) ?? [],
      signals: signal ? { tone: signal.tone, safetyFlag: signal.safetyFlag, ...(permissions.notes ? { safetyReasons: signal.safetyReasons } : {}) } : null,
      ...(permissions.notes ? { review: record.review, notes: record.notes } : {}),
      consentChanges: record.consentChanges,
    };
  }
}
export type StaffStories = ReturnType<typeof createStaffStories>;
