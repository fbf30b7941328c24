import { Router, type Request, type Response } from 'express';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { STORY_PERMISSIONS, canRead, isUuid } from '../../models/staff-scope.ts';
import { addNote, markSeen, setReviewStatus } from '../../models/story-review.ts';
import { addOverride } from '../../models/redactions.ts';
import { recordAudit } from '../../models/audit.ts';
import { getPart } from '../../models/media.ts';
import { moveNarrative } from '../../models/theme-curation.ts';
import { recordTagCorrection } from '../../models/tags.ts';
import { listThemes } from '../../models/themes.ts';
import { listFrameworkTopics } from '../../models/framework.ts';
import { listAllProviders } from '../../models/providers.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { StaffStories, StaffStoryView } from '../../services/staff-stories.ts';
import type { MediaStore } from '../../services/media/store.ts';
import { sendMedia } from '../media-response.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { toAppError } from '../middleware/errors.ts';
import {
  filterQueryString, moveForm, noteForm, redactionForm, reviewStatusForm, sortOf, storyListQuery, tagForm, toStoryFilter,
} from '../schemas/review.ts';
import { presentListRow, presentStory, filterOptions } from '../presenters/staff-story.ts';

interface Deps { db: DB; csrf: Csrf; stories: StaffStories; store: MediaStore }

const viewerOf = (req: Request): Viewer => req.staff!.viewer;

/** The reviewer workspace: story list, story page and the commands on a story. */
export function reviewRoutes({ db, csrf, stories, store }: Deps): Router {
  const router = Router();
  const readers = requireStaff({ db, csrf }, 'admin', 'reviewer', 'municipality');
  const curators = requireStaff({ db, csrf }, 'admin', 'reviewer');

  router.get('/review', readers, async (req, res) => {
    const viewer = viewerOf(req);
    const query = storyListQuery.parse(req.query);
    const [page, themes, topics, providers, municipalities] = await Promise.all([
      stories.list(viewer, toStoryFilter(query), { sort: sortOf(query), after: query.after }),
      listThemes(db), listFrameworkTopics(db), listAllProviders(db), listMunicipalities(db),
    ]);
    res.render('staff/stories', {
      title: 'Verhalen', query, filtersActive: Object.entries(query).some(([k, v]) => v && !['q', 'sort', 'after'].includes(k)), items: page.items.map(presentListRow), total: page.total, totalCapped: page.totalCapped,
      next: page.next ? `/review?${filterQueryString(query, { after: page.next })}` : null,
      exportQuery: filterQueryString(query),
      canExport: STORY_PERMISSIONS[viewer.role].export,
      options: filterOptions(query, { themes: themes.filter((t) => t.status === 'active'), topics, providers, municipalities }),
    });
  });

  async function renderStory(req: Request, res: Response, id: string, extra: Record<string, unknown> = {}) {
    const viewer = viewerOf(req);
    const showOriginal = req.query.origineel === '1';
    const story = await stories.read(viewer, id, { showOriginal, ip: req.ip ?? null });
    if (!story) throw errors.notFound();
    if (STORY_PERMISSIONS[viewer.role].notes) await markSeen(db, id, viewer.userId);
    const permissions = STORY_PERMISSIONS[viewer.role];
    const [themes, topics] = permissions.curate ? await Promise.all([listThemes(db), listFrameworkTopics(db)]) : [[], []];
    res.status((extra.status as number | undefined) ?? 200).render('staff/story', {
      title: 'Verhaal', story: presentStory(story, { mediaBase: '/review/media' }), permissions, showOriginal, done: !!req.query.klaar,
      themes: themes.filter((t) => t.status === 'active').map((t) => ({ id: t.id, name: t.name ?? t.label, selected: t.id === story.theme?.id })),
      topics: topics.filter((t) => t.active).map((t) => ({ key: t.key, label: t.label, present: story.tags.some((tag) => tag.topic === t.key) })),
      ...extra,
    });
  }

  router.get('/review/stories/:id', readers, async (req, res) => {
    await renderStory(req, res, req.params.id as string);
  });

  /** Runs a command on a story the viewer may read; any other id is "not found" (and logged). */
  async function onStory(req: Request, res: Response, work: (id: string, viewer: Viewer) => Promise<string | void>) {
    await csrf.verify(req, res);
    const id = req.params.id as string;
    const viewer = viewerOf(req);
    if (!(await canRead(db, viewer, id))) {
      await recordAudit(db, { actor: viewer, action: 'story_denied', targetKind: 'narrative', targetId: id.slice(0, 64), ip: req.ip ?? null });
      throw errors.notFound();
    }
    try {
      const notice = await work(id, viewer);
      res.redirect(303, `/review/stories/${id}${notice ? `?klaar=${encodeURIComponent(notice)}` : ''}#${notice ? 'melding' : 'inhoud'}`);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      await renderStory(req, res, id, { status: e.status, error: e.message });
    }
  }

  router.post('/review/stories/:id/status', readers, (req, res) => onStory(req, res, async (id, viewer) => {
    if (!STORY_PERMISSIONS[viewer.role].notes) throw errors.forbidden();
    const { status } = reviewStatusForm.parse(req.body);
    await setReviewStatus(db, id, status, viewer.userId);
    await recordAudit(db, { actor: viewer, action: 'review_status_changed', targetKind: 'narrative', targetId: id, detail: { status }, ip: req.ip ?? null });
    return 'status';
  }));

  router.post('/review/stories/:id/notes', curators, (req, res) => onStory(req, res, async (id, viewer) => {
    const parsed = noteForm.safeParse(req.body);
    if (!parsed.success) throw new AppError(422, 'invalid_input', 'Schrijf eerst een notitie.');
    await addNote(db, id, viewer.userId, parsed.data.text);
    await recordAudit(db, { actor: viewer, action: 'note_added', targetKind: 'narrative', targetId: id, ip: req.ip ?? null });
    return 'notitie';
  }));

  router.post('/review/stories/:id/theme', curators, (req, res) => onStory(req, res, async (id, viewer) => {
    const { theme } = moveForm.parse(req.body);
    await moveNarrative(db, id, theme === 'none' ? null : theme, viewer.email);
    await recordAudit(db, { actor: viewer, action: 'theme_changed', targetKind: 'narrative', targetId: id, detail: { theme }, ip: req.ip ?? null });
    return 'thema';
  }));

  router.post('/review/stories/:id/tags', curators, (req, res) => onStory(req, res, async (id, viewer) => {
    const { topic, present } = tagForm.parse(req.body);
    await recordTagCorrection(db, id, topic, present === '1', viewer.email);
    await recordAudit(db, { actor: viewer, action: 'tags_changed', targetKind: 'narrative', targetId: id, detail: { topic, present: present === '1' }, ip: req.ip ?? null });
    return 'onderwerp';
  }));

  router.post('/review/stories/:id/redaction', curators, (req, res) => onStory(req, res, async (id, viewer) => {
    const parsed = redactionForm.safeParse(req.body);
    if (!parsed.success) throw new AppError(422, 'invalid_input', 'Kies wat je wilt tonen, of typ de woorden die je wilt verbergen.');
    const f = parsed.data;
    const story = await stories.forCommand(viewer, id, { showOriginal: true });
    const text = story && sourceText(story, f.source);
    if (!text || text.textHash !== f.textHash) throw errors.conflict('Deze tekst is intussen veranderd. Kijk hem opnieuw na.');
    const original = text.segments.map((s) => s.text).join('');
    const places = f.action === 'unmask' ? [{ start: f.start!, end: f.end! }] : occurrences(original, f.words!);
    if (places.length === 0) throw new AppError(422, 'not_found_in_text', `"${f.words}" staat niet in deze tekst.`);
    for (const p of places) {
      await addOverride(db, { narrativeId: id, source: f.source, textHash: f.textHash, start: p.start, end: p.end, action: f.action, kind: 'other', actor: viewer.email });
    }
    await recordAudit(db, { actor: viewer, action: 'redaction_changed', targetKind: 'narrative', targetId: id, detail: { source: f.source, action: f.action, places: places.length }, ip: req.ip ?? null });
    return 'afscherming';
  }));

  router.get('/review/media/:partId/:variant', readers, async (req, res) => {
    const viewer = viewerOf(req);
    const { partId, variant } = req.params as { partId: string; variant: string };
    const part = isUuid(partId) ? await getPart(db, partId) : undefined;
    if (!part || !STORY_PERMISSIONS[viewer.role].media || !(await canRead(db, viewer, part.narrativeId))) {
      await recordAudit(db, { actor: viewer, action: 'story_denied', targetKind: 'part', targetId: partId.slice(0, 64), ip: req.ip ?? null });
      throw errors.notFound();
    }
    const key = variant === 'thumb' ? part.thumbKey : variant === 'display' ? part.displayKey : variant === 'audio' ? part.mediaKey : null;
    if (!key || (variant === 'audio') !== (part.kind === 'audio')) throw errors.notFound();
    // One entry per listen, not per range request the player makes while seeking.
    if (!req.get('range') || /^bytes=0-/.test(req.get('range') ?? '')) {
      await recordAudit(db, { actor: viewer, action: 'media_played', targetKind: 'narrative', targetId: part.narrativeId, detail: { partId, variant }, ip: req.ip ?? null });
    }
    await sendMedia(req, res, store, key, part.mime);
  });

  return router;
}

function sourceText(story: StaffStoryView, source: string) {
  if (story.text.source === source) return story.text;
  for (const a of story.additions) if (a.text.source === source) return a.text;
  for (const p of story.parts) {
    if (p.text?.source === source) return p.text;
    if (p.caption?.source === source) return p.caption;
  }
  return undefined;
}

/** Every place the words occur, ignoring case. */
function occurrences(text: string, words: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const hay = text.toLocaleLowerCase('nl');
  const needle = words.toLocaleLowerCase('nl');
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) out.push({ start: at, end: at + needle.length });
  return out;
}
