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
import { followUpTallies } from '../../models/follow-ups.ts';
import { dateInAmsterdam } from '../../services/follow-up-states.ts';
import { DASHBOARD_MONTHS, dashboardFigures } from '../../models/dashboard.ts';
import { presentDashboard } from '../presenters/dashboard.ts';
import { hidesSmallCounts } from '../presenters/theme-overview.ts';

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
    const all = await listMunicipalities(db);
    const inScope = all.filter((m) => viewer.scope.municipalities.includes(m.code) || viewer.scope.regions.includes(m.regionCode));
    const regionParam = typeof req.query.region === 'string' && req.query.region !== '' ? req.query.region : undefined;
    const municipalityParam = typeof req.query.municipality === 'string' && req.query.municipality !== '' ? req.query.municipality : undefined;
    // Narrowing stays inside the officer's own places; anything else is not there for them.
    const municipality = municipalityParam ? inScope.find((m) => m.code === municipalityParam) : undefined;
    if (municipalityParam && !municipality) throw errors.notFound();
    const region = !municipality && regionParam ? viewer.scope.regions.find((c) => c === regionParam) : undefined;
    if (regionParam && !municipality && !region) throw errors.notFound();
    const narrowing = municipality ? { municipalityCodes: [municipality.code] } : region ? { regionCodes: [region] } : {};
    const [figures, urgent, tallies] = await Promise.all([
      dashboardFigures(db, viewer, narrowing),
      stories.list(viewer, { urgent: true }, { size: 1 }),
      followUpTallies(db, viewer, dateInAmsterdam(new Date())),
    ]);
    const regionNames = new Map(all.map((m) => [m.regionCode, m.regionName]));
    const places = [...viewer.scope.regions.map((c) => regionNames.get(c) ?? c), ...viewer.scope.municipalities.map((c) => all.find((m) => m.code === c)?.name ?? c)];
    const hideSmall = hidesSmallCounts(viewer.role);
    res.render('staff/municipality-home', {
      title: 'Gemeente: dashboard',
      places,
      showing: municipality?.name ?? (region ? regionNames.get(region) ?? region : null),
      regionOptions: viewer.scope.regions.map((c) => ({ code: c, name: regionNames.get(c) ?? c, selected: c === region })),
      municipalityOptions: inScope.sort((a, b) => a.name.localeCompare(b.name, 'nl'))
        .map((m) => ({ code: m.code, name: m.name, selected: m.code === municipality?.code })),
      urgentTotal: urgent.total,
      months: DASHBOARD_MONTHS,
      dashboard: presentDashboard(figures, hideSmall),
      followUps: {
        open: tallies.reduce((n, t) => n + t.open, 0),
        overdue: tallies.reduce((n, t) => n + t.overdue, 0),
        confirmed: tallies.reduce((n, t) => n + t.confirmed, 0),
        providers: tallies.filter((t) => t.open > 0),
      },
      hideSmall,
    });
  });

  return router;
}
