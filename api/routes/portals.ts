import { Router, type Request } from 'express';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { errors } from '../../lib/errors.ts';
import type { StaffStories } from '../../services/staff-stories.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { filterQueryString, sortOf, storyListQuery, toStoryFilter } from '../schemas/review.ts';
import { presentListRow, presentStory } from '../presenters/staff-story.ts';
import { STORY_PERMISSIONS } from '../../models/staff-scope.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { listAllProviders } from '../../models/providers.ts';

interface Deps { db: DB; csrf: Csrf; stories: StaffStories }

const viewerOf = (req: Request): Viewer => req.staff!.viewer;

/**
 * The starting pages of provider and municipality accounts. Providers read only what their
 * sharers allowed, redacted, without voice or photos; the data layer enforces it, these pages
 * only ask.
 */
export function portalRoutes({ db, csrf, stories }: Deps): Router {
  const router = Router();
  const providers = requireStaff({ db, csrf }, 'provider');
  const municipalities = requireStaff({ db, csrf }, 'municipality');

  router.get('/provider', providers, async (req, res) => {
    const viewer = viewerOf(req);
    const query = storyListQuery.parse(req.query);
    const [page, all] = await Promise.all([
      stories.list(viewer, { ...toStoryFilter(query), q: undefined }, { sort: sortOf({ ...query, q: undefined }), after: query.after }),
      listAllProviders(db),
    ]);
    res.render('staff/provider-home', {
      title: 'Verhalen over jullie organisatie',
      organisation: all.find((p) => p.id === viewer.scope.providers[0])?.name ?? '',
      items: page.items.map(presentListRow), total: page.total, totalCapped: page.totalCapped,
      next: page.next ? `/provider?${filterQueryString(query, { after: page.next })}` : null,
    });
  });

  router.get('/provider/stories/:id', providers, async (req, res) => {
    const story = await stories.read(viewerOf(req), req.params.id as string, { ip: req.ip ?? null });
    if (!story) throw errors.notFound();
    res.render('staff/story', {
      title: 'Verhaal', story: presentStory(story, { mediaBase: '/provider/media' }), permissions: STORY_PERMISSIONS.provider,
      themes: [], topics: [],
    });
  });

  router.get('/municipality', municipalities, async (req, res) => {
    const viewer = viewerOf(req);
    const [page, urgent, all] = await Promise.all([
      stories.list(viewer, {}, { size: 5 }),
      stories.list(viewer, { urgent: true }, { size: 5 }),
      listMunicipalities(db),
    ]);
    const regions = new Map(all.map((m) => [m.regionCode, m.regionName]));
    res.render('staff/municipality-home', {
      title: 'Gemeente',
      places: [...viewer.scope.regions.map((c) => regions.get(c) ?? c), ...viewer.scope.municipalities.map((c) => all.find((m) => m.code === c)?.name ?? c)],
      total: page.total, totalCapped: page.totalCapped, latest: page.items.map(presentListRow),
      urgentTotal: urgent.total,
    });
  });

  return router;
}
