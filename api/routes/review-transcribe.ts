import { Router, type Request, type Response } from 'express';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { canRead, isUuid } from '../../models/staff-scope.ts';
import { partsAwaitingTranscript, savePersonTranscript, TranscriptConflict } from '../../models/story-review.ts';
import { getPart } from '../../models/media.ts';
import { recordAudit } from '../../models/audit.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { transcriptForm } from '../schemas/review.ts';
import type { StaffPartView, StaffStories } from '../../services/staff-stories.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { presentStory } from '../presenters/staff-story.ts';

interface Deps { db: DB; csrf: Csrf; stories: StaffStories }

const viewerOf = (req: Request): Viewer => req.staff!.viewer;

function presentVersions(part: StaffPartView) {
  return part.versions.map((v, i) => ({
    ...v,
    current: i === 0,
    byPerson: v.source === 'person',
  }));
}

/**
 * The listening/typing view for voice notes: the list of notes that wait for a person, and one
 * note with its player and editor. Saving goes to the transcript command in review.ts, which
 * keeps every version and detects a save by someone else in between.
 */
export function transcribeRoutes({ db, csrf, stories }: Deps): Router {
  const router = Router();
  const transcribers = requireStaff({ db, csrf }, 'admin', 'reviewer');

  router.get('/review/transcribe', transcribers, async (req, res) => {
    const items = await partsAwaitingTranscript(db, viewerOf(req));
    res.render('staff/transcribe-list', { title: 'Uitschrijven', items });
  });

  /** The editor page; after a refused save it shows the person's own text and the newest version to build on. */
  async function renderEditor(req: Request, res: Response, overrides: { status?: number; error?: string; text?: string } = {}) {
    const { id, partId } = req.params as { id: string; partId: string };
    // Reading through the staff projection applies scope, consent and the audit log; the editor needs the original words.
    const story = isUuid(id) ? await stories.read(viewerOf(req), id, { showOriginal: true, ip: req.ip ?? null }) : undefined;
    const part = story?.parts.find((p) => p.id === partId && p.kind === 'audio');
    if (!story || !part || !part.media) throw errors.notFound();
    const presented = presentStory(story, { mediaBase: '/review/media' });
    res.status(overrides.status ?? 200).render('staff/transcribe', {
      title: 'Spraakbericht uitschrijven',
      story: presented,
      part: presented.parts.find((p) => p.id === partId),
      text: overrides.text ?? part.text?.plain ?? '',
      error: overrides.error,
      savedAt: part.versions[0]?.createdAt.toISOString() ?? '',
      versions: presentVersions(part),
    });
  }

  router.get('/review/stories/:id/transcript/:partId', transcribers, (req, res) => renderEditor(req, res));

  /**
   * Saving a typed transcript: a form post (303 back to the story) or the editor's autosave
   * (JSON). A save on top of an older version than the newest is refused; the form shows the
   * person's text again next to what changed, so nothing typed is lost.
   */
  router.post('/review/stories/:id/parts/:partId/transcript', transcribers, async (req, res) => {
    const { id, partId } = req.params as { id: string; partId: string };
    const json = req.get('accept')?.includes('application/json') ?? false;
    const viewer = viewerOf(req);
    await csrf.verify(req, res);
    const part = isUuid(partId) ? await getPart(db, partId) : undefined;
    if (!part || part.narrativeId !== id || part.kind !== 'audio' || !(await canRead(db, viewer, id))) {
      await recordAudit(db, { actor: viewer, action: 'story_denied', targetKind: 'narrative', targetId: id.slice(0, 64), ip: req.ip ?? null });
      throw errors.notFound();
    }
    const parsed = transcriptForm.safeParse(req.body);
    try {
      if (!parsed.success) throw new AppError(422, 'invalid_input', parsed.error.issues[0]?.message ?? 'De tekst klopt niet.');
      const transcriptId = await savePersonTranscript(db, { partId, baseId: parsed.data.baseId, text: parsed.data.text, segments: [], author: viewer.email });
      await recordAudit(db, { actor: viewer, action: 'transcript_saved', targetKind: 'narrative', targetId: id, detail: { partId, transcriptId }, ip: req.ip ?? null });
      if (json) return res.json({ transcriptId });
      res.redirect(303, `/review/stories/${id}?klaar=transcriptie#melding`);
    } catch (err) {
      const e = err instanceof TranscriptConflict
        ? new AppError(409, 'transcript_conflict',
          `Iemand anders (${err.current.author ?? 'de computer'}) heeft deze tekst intussen opgeslagen. Je eigen tekst staat hieronder nog: vergelijk en sla opnieuw op.`)
        : err;
      if (json || !(e instanceof AppError)) throw e;
      await renderEditor(req, res, { status: e.status, error: e.message, text: String(req.body?.text ?? '') });
    }
  });

  return router;
}
