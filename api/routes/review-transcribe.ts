import { Router, type Request } from 'express';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { isUuid } from '../../models/staff-scope.ts';
import { partsAwaitingTranscript } from '../../models/story-review.ts';
import { errors } from '../../lib/errors.ts';
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

  router.get('/review/stories/:id/transcript/:partId', transcribers, async (req, res) => {
    const { id, partId } = req.params as { id: string; partId: string };
    // Reading through the staff projection applies scope, consent and the audit log; the editor needs the original words.
    const story = isUuid(id) ? await stories.read(viewerOf(req), id, { showOriginal: true, ip: req.ip ?? null }) : undefined;
    const part = story?.parts.find((p) => p.id === partId && p.kind === 'audio');
    if (!story || !part || !part.media) throw errors.notFound();
    const presented = presentStory(story, { mediaBase: '/review/media' });
    res.render('staff/transcribe', {
      title: 'Spraakbericht uitschrijven',
      story: presented,
      part: presented.parts.find((p) => p.id === partId),
      text: part.text?.plain ?? '',
      savedAt: part.versions[0]?.createdAt.toISOString() ?? '',
      versions: presentVersions(part),
    });
  });

  return router;
}
