import { Router, type Request, type Response } from 'express';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { recordAudit, storyViews } from '../../models/audit.ts';
import { loadRedactions } from '../../models/redactions.ts';
import { lockTheme, mergeThemes, renameTheme, splitTheme, unlockTheme } from '../../models/theme-curation.ts';
import { representativeStories, themeCountsInScope } from '../../models/theme-overview.ts';
import { listThemes, themesByIds, type ThemeSummary } from '../../models/themes.ts';
import { STORY_PERMISSIONS } from '../../models/staff-scope.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { StaffStories } from '../../services/staff-stories.ts';
import { excerpt, projectText } from '../../services/story-projection.ts';
import { NARRATIVE_SOURCE } from '../../workers/pipelines/redaction/story-texts.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { toAppError } from '../middleware/errors.ts';
import { presentListRow } from '../presenters/staff-story.ts';
import { hidesSmallCounts, shownCount, SMALL_COUNT, sparkline, themeName, topKeywords } from '../presenters/theme-overview.ts';
import { FORM_MESSAGES, lockThemeForm, mergeThemeForm, renameThemeForm, splitThemeForm, urgentQuery } from '../schemas/review-themes.ts';

interface Deps { db: DB; csrf: Csrf; stories: StaffStories }

const MONTHS = 12;
const QUOTES = 3;
const SPLIT_LIST = 200;
const viewerOf = (req: Request): Viewer => req.staff!.viewer;

const NOTICES: Record<string, string> = {
  naam: 'De naam is opgeslagen.',
  vast: 'Het thema staat vast: bij een nieuwe indeling houdt het zijn verhalen.',
  los: 'Het thema is weer vrij: de computer mag het opnieuw indelen.',
  samengevoegd: 'De thema’s zijn samengevoegd.',
  gesplitst: 'De gekozen verhalen vormen nu een eigen thema.',
};

/** Theme overview and curation, and the urgent inbox. */
export function reviewThemeRoutes({ db, csrf, stories }: Deps): Router {
  const router = Router();
  const readers = requireStaff({ db, csrf }, 'admin', 'reviewer', 'municipality');
  const curators = requireStaff({ db, csrf }, 'admin', 'reviewer');

  /**
   * Up to `QUOTES` short redacted quotes per theme, from the most representative stories this
   * viewer may read. Only texts the worker has checked for personal data are quoted: a quote
   * stands on its own, without the "not yet redacted" warning a story page shows.
   */
  async function quotesFor(viewer: Viewer, themeIds: string[]): Promise<Map<string, { narrativeId: string; text: string }[]>> {
    const out = new Map<string, { narrativeId: string; text: string }[]>(themeIds.map((id) => [id, []]));
    const tried = new Set<string>();
    // First the few representative stories; only themes still short look further down their list.
    for (const [ids, depth] of [[themeIds, QUOTES], [null, QUOTES * 4]] as const) {
      const want = ids ?? themeIds.filter((id) => out.get(id)!.length < QUOTES);
      if (want.length === 0) break;
      const candidates = await representativeStories(db, viewer, want, depth);
      const fresh = [...candidates.values()].flat().filter((c) => !tried.has(c.narrativeId));
      const redactions = await loadRedactions(db, fresh.map((c) => c.narrativeId));
      for (const c of fresh) {
        tried.add(c.narrativeId);
        const quotes = out.get(c.themeId)!;
        if (quotes.length >= QUOTES) continue;
        const projected = projectText(NARRATIVE_SOURCE, c.text, redactions.get(c.narrativeId)?.get(NARRATIVE_SOURCE), 'redacted');
        if (projected.status === 'checked' && projected.plain.trim()) quotes.push({ narrativeId: c.narrativeId, text: excerpt(projected.plain, 200) });
      }
    }
    return out;
  }

  async function presentThemes(viewer: Viewer, themes: ThemeSummary[], chart?: { width: number; height: number }) {
    const hideSmall = hidesSmallCounts(viewer.role);
    const ids = themes.map((t) => t.id);
    const counts = await themeCountsInScope(db, viewer, { months: MONTHS, themeIds: ids });
    const quotable = ids.filter((id) => !hideSmall || (counts.sizes.get(id) ?? 0) >= SMALL_COUNT);
    const quotes = await quotesFor(viewer, quotable);
    return themes.map((t) => {
      const size = counts.sizes.get(t.id) ?? 0;
      return {
        id: t.id, name: themeName(t), label: t.label, renamed: t.name !== null && t.name !== t.label, locked: t.locked,
        size, sizeShown: shownCount(size, hideSmall), small: hideSmall && size < SMALL_COUNT,
        keywords: topKeywords(t), trend: sparkline(counts.periods, counts.monthly.get(t.id), hideSmall, chart),
        quotes: quotes.get(t.id) ?? [],
      };
    }).sort((a, b) => Number(a.small) - Number(b.small) || b.size - a.size || a.name.localeCompare(b.name, 'nl'));
  }

  router.get('/review/themes', readers, async (req, res) => {
    const viewer = viewerOf(req);
    const themes = await presentThemes(viewer, await listThemes(db));
    res.render('staff/themes', {
      title: 'Thema’s', themes, months: MONTHS, hideSmall: hidesSmallCounts(viewer.role),
      canCurate: STORY_PERMISSIONS[viewer.role].curate, base: '/review', themePages: true,
    });
  });

  // A provider's own themes: counted and quoted only over the stories its sharers let it read.
  router.get('/provider/themes', requireStaff({ db, csrf }, 'provider'), async (req, res) => {
    const viewer = viewerOf(req);
    const themes = (await presentThemes(viewer, await listThemes(db))).filter((t) => t.size > 0);
    res.render('staff/themes', {
      title: 'Thema’s', themes, months: MONTHS, hideSmall: true, canCurate: false, base: '/provider', themePages: false,
    });
  });

  async function renderTheme(req: Request, res: Response, id: string, extra: { status?: number; error?: string } = {}) {
    const viewer = viewerOf(req);
    const theme = (await themesByIds(db, [id])).get(id);
    if (!theme) throw errors.notFound();
    const canCurate = STORY_PERMISSIONS[viewer.role].curate;
    const status = extra.status ?? 200;
    if (theme.status !== 'active') {
      const into = theme.mergedInto ? (await themesByIds(db, [theme.mergedInto])).get(theme.mergedInto) : undefined;
      return res.status(status).render('staff/theme', {
        title: themeName(theme), gone: true, theme: { id: theme.id, name: themeName(theme) },
        mergedInto: into ? { id: into.id, name: themeName(into) } : null, ...extra,
      });
    }
    const [[presented], others, members] = await Promise.all([
      presentThemes(viewer, [theme], { width: 360, height: 80 }),
      canCurate ? listThemes(db) : Promise.resolve([]),
      canCurate ? stories.list(viewer, { themeId: id }, { sort: 'newest', size: SPLIT_LIST }) : Promise.resolve(null),
    ]);
    const notice = typeof req.query.klaar === 'string' ? NOTICES[req.query.klaar] : undefined;
    const newThemeId = typeof req.query.nieuw === 'string' ? req.query.nieuw : undefined;
    const newTheme = newThemeId ? (await themesByIds(db, [newThemeId])).get(newThemeId) : undefined;
    res.status(status).render('staff/theme', {
      title: presented!.name, theme: presented, canCurate, notice,
      newTheme: newTheme && { id: newTheme.id, name: themeName(newTheme) },
      others: others.filter((t) => t.id !== id).map((t) => ({ id: t.id, name: `${themeName(t)} (${t.size})` })),
      members: members && {
        items: members.items.map(presentListRow), total: members.total, more: members.total > members.items.length,
      },
      hideSmall: hidesSmallCounts(viewer.role),
      lockedLabel: theme.locked ? 'Vast' : 'Vrij',
      ...extra,
    });
  }

  router.get('/review/themes/:id', readers, async (req, res) => {
    await renderTheme(req, res, req.params.id as string);
  });

  /** Runs one curation command; refusals come back on the theme page as a Dutch message. */
  async function curate(req: Request, res: Response, work: (id: string, viewer: Viewer) => Promise<{ notice: string; detail: Record<string, unknown>; newThemeId?: string }>) {
    await csrf.verify(req, res);
    const id = (req.params.id as string).slice(0, 64);
    const viewer = viewerOf(req);
    try {
      const done = await work(id, viewer);
      await recordAudit(db, { actor: viewer, action: 'theme_curated', targetKind: 'theme', targetId: id, detail: done.detail, ip: req.ip ?? null });
      const query = new URLSearchParams({ klaar: done.notice, ...(done.newThemeId ? { nieuw: done.newThemeId } : {}) });
      res.redirect(303, `/review/themes/${encodeURIComponent(id)}?${query}#melding`);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      const message = e.fields ? Object.values(e.fields).join(' ') : e.message;
      if (e.code === 'theme_not_found' && !(await themesByIds(db, [id])).has(id)) throw errors.notFound();
      await renderTheme(req, res, id, { status: e.status, error: message });
    }
  }

  const formError = (message: string) => new AppError(422, 'invalid_input', message);

  router.post('/review/themes/:id/name', curators, (req, res) => curate(req, res, async (id, viewer) => {
    const parsed = renameThemeForm.safeParse(req.body);
    if (!parsed.success) throw formError(FORM_MESSAGES.fallback);
    const theme = await renameTheme(db, id, parsed.data.name, viewer.email);
    return { notice: 'naam', detail: { op: 'rename', name: theme.name } };
  }));

  router.post('/review/themes/:id/lock', curators, (req, res) => curate(req, res, async (id, viewer) => {
    const parsed = lockThemeForm.safeParse(req.body);
    if (!parsed.success) throw formError(FORM_MESSAGES.fallback);
    const lock = parsed.data.locked === '1';
    await (lock ? lockTheme : unlockTheme)(db, id, viewer.email);
    return { notice: lock ? 'vast' : 'los', detail: { op: lock ? 'lock' : 'unlock' } };
  }));

  router.post('/review/themes/:id/merge', curators, (req, res) => curate(req, res, async (id, viewer) => {
    const parsed = mergeThemeForm.safeParse(req.body);
    if (!parsed.success) throw formError(FORM_MESSAGES.merge);
    await mergeThemes(db, [id, parsed.data.other], viewer.email, id);
    return { notice: 'samengevoegd', detail: { op: 'merge', merged: parsed.data.other } };
  }));

  router.post('/review/themes/:id/split', curators, (req, res) => curate(req, res, async (id, viewer) => {
    const parsed = splitThemeForm.safeParse(req.body);
    if (!parsed.success || parsed.data.stories.length === 0) throw formError(FORM_MESSAGES.split);
    const name = parsed.data.name?.trim() || undefined;
    const { newTheme } = await splitTheme(db, id, { storyIds: parsed.data.stories }, viewer.email, name);
    return { notice: 'gesplitst', newThemeId: newTheme.id, detail: { op: 'split', newThemeId: newTheme.id, stories: parsed.data.stories.length } };
  }));

  router.get('/review/urgent', readers, async (req, res) => {
    const viewer = viewerOf(req);
    const { after } = urgentQuery.parse(req.query);
    const page = await stories.list(viewer, { urgent: true }, { sort: 'newest', after });
    const views = await storyViews(db, page.items.map((i) => i.id));
    const items = page.items.map((row) => {
      const seen = views.get(row.id) ?? [];
      return { ...presentListRow(row), views: seen.map((v) => ({ ...v, iso: v.at.toISOString() })), unseen: seen.length === 0 };
    });
    res.render('staff/urgent', {
      title: 'Dringend', items, total: page.total, totalCapped: page.totalCapped,
      unseenCount: items.filter((i) => i.unseen).length,
      next: page.next ? `/review/urgent?${new URLSearchParams({ after: page.next })}` : null,
    });
  });

  return router;
}
