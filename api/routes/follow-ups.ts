import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { recordAudit } from '../../models/audit.ts';
import { listAllProviders } from '../../models/providers.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { listThemes } from '../../models/themes.ts';
import { listFrameworkTopics } from '../../models/framework.ts';
import {
  EVIDENCE_LIMIT, addMessage, createFollowUp, evidenceByProvider, evidenceIds, eventsOf, getFollowUp, listFollowUps, markRead,
  placeInScope, setPublicResponse, sideOf, threadOf, transition, unreadCount, unreadNotifications,
  type FollowUp, type FollowUpPlace, type FollowUpSource,
} from '../../models/follow-ups.ts';
import {
  ACTION_LABELS, FOLLOW_UP_ACTIONS, STATE_LABELS, actionsFor, dueDateProblem, isOverdue, type FollowUpState,
} from '../../services/follow-up-states.ts';
import { AppError, errors, type FieldErrors } from '../../lib/errors.ts';
import type { StaffStories } from '../../services/staff-stories.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { presentListRow } from '../presenters/staff-story.ts';
import { answersForStaff } from '../../services/family-answers.ts';
import { shownCount } from '../presenters/theme-overview.ts';

interface Deps { db: DB; csrf: Csrf; stories: StaffStories }

const viewerOf = (req: Request): Viewer => req.staff!.viewer;

const text = (max: number) => z.string().trim().max(max);
const sourceQuery = z.object({
  theme: text(64).min(1).optional().catch(undefined),
  topic: text(64).min(1).optional().catch(undefined),
  stories: text(20_000).optional().catch(undefined),
  plaats: text(20).optional().catch(undefined),
});
const newForm = z.object({
  sourceKind: z.enum(['theme', 'topic', 'stories']),
  sourceId: text(20_000).default(''),
  place: text(20),
  provider: z.string().trim(),
  title: text(200),
  ask: text(5000),
  due: text(20),
});
const messageForm = z.object({ text: text(5000).min(1) });
const stateForm = z.object({ action: z.enum(FOLLOW_UP_ACTIONS), version: z.coerce.number().int().min(1) });
const responseForm = z.object({ text: text(5000) });

/** Notices after a redirect: a fixed set of keys, so nothing from the address is echoed back. */
const NOTICES: Record<string, string> = {
  aangemaakt: 'Het opvolgverzoek is verstuurd naar de zorgaanbieder.',
  status: 'De status is veranderd.',
  'al-gedaan': 'Dit was al gedaan. Er is niets veranderd.',
  bericht: 'Je bericht is verstuurd.',
  antwoord: 'Het antwoord voor gezinnen is opgeslagen.',
};

const EVENT_LABELS: Record<string, string> = {
  created: 'Verzoek gemaakt', state: 'Status veranderd', message: 'Bericht geschreven', public_response: 'Antwoord voor gezinnen aangepast',
};

const splitIds = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 500);
const parsePlace = (s: string): FollowUpPlace | undefined =>
  s.startsWith('m:') ? { municipalityCode: s.slice(2) } : s.startsWith('r:') ? { regionCode: s.slice(2) } : undefined;

/**
 * Follow-up requests: the municipality opens them and confirms or reopens; the provider answers,
 * plans and reports. A request that is not the viewer's is "not found", and logged.
 */
export function followUpRoutes({ db, csrf, stories }: Deps): Router {
  const router = Router();
  const municipalities = requireStaff({ db, csrf }, 'municipality');
  const providers = requireStaff({ db, csrf }, 'provider');

  // The unread count in the header of every municipality and provider page.
  router.use(['/provider', '/municipality'], async (req, res, next) => {
    const viewer = req.staff?.secondFactorDone ? req.staff.viewer : undefined;
    if (viewer && (viewer.role === 'provider' || viewer.role === 'municipality')) res.locals.followUpUnread = await unreadCount(db, viewer);
    next();
  });

  async function denied(req: Request, id: string): Promise<never> {
    await recordAudit(db, { actor: viewerOf(req), action: 'follow_up_denied', targetKind: 'follow_up', targetId: id.slice(0, 64), ip: req.ip ?? null });
    throw errors.notFound();
  }

  const baseOf = (viewer: Viewer) => (viewer.role === 'provider' ? '/provider/follow-ups' : '/municipality/follow-ups');

  function present(f: FollowUp, now: Date) {
    return { ...f, stateLabel: STATE_LABELS[f.state], overdue: isOverdue(f, now), finished: f.state === 'confirmed' };
  }

  async function list(req: Request, res: Response) {
    const viewer = viewerOf(req);
    const now = new Date();
    const [items, notifications] = await Promise.all([listFollowUps(db, viewer), unreadNotifications(db, viewer)]);
    const shown = items.map((f) => present(f, now));
    res.render('staff/follow-ups', {
      title: 'Opvolgverzoeken', base: baseOf(viewer), isProvider: viewer.role === 'provider',
      items: shown, overdueCount: shown.filter((f) => f.overdue).length, notifications,
    });
  }

  async function detail(req: Request, res: Response, extra: { status?: number; error?: string } = {}) {
    const viewer = viewerOf(req);
    const id = req.params.id as string;
    const f = await getFollowUp(db, viewer, id);
    if (!f) return denied(req, id);
    const ids = await evidenceIds(db, id);
    // Reading the evidence goes through the viewer's story scope: a story withdrawn or narrowed
    // to "reviewers only" is simply not in the answer any more.
    const [evidence, thread, events, familyAnswers] = await Promise.all([
      ids.length ? stories.list(viewer, { ids, minConsent: 'provider' }, { size: EVIDENCE_LIMIT }) : Promise.resolve({ items: [] }),
      threadOf(db, id), eventsOf(db, id),
      sideOf(viewer) === 'municipality' ? answersForStaff(db, id) : Promise.resolve(undefined),
    ]);
    await markRead(db, viewer, id);
    const side = sideOf(viewer);
    const notice = typeof req.query.klaar === 'string' ? NOTICES[req.query.klaar] : undefined;
    res.status(extra.status ?? 200).render('staff/follow-ups-detail', {
      title: f.title, base: baseOf(viewer), isProvider: side === 'provider', followUp: present(f, new Date()),
      storyBase: side === 'provider' ? '/provider/stories' : '/review/stories',
      evidence: evidence.items.map(presentListRow),
      thread: thread.map((m) => ({ ...m, mine: m.side === side, sideLabel: m.side === 'provider' ? f.providerName : 'Gemeente' })),
      events: events.map((e) => ({
        ...e, label: EVENT_LABELS[e.kind] ?? e.kind,
        fromLabel: e.fromState ? STATE_LABELS[e.fromState as FollowUpState] : null, toLabel: e.toState ? STATE_LABELS[e.toState as FollowUpState] : null,
      })),
      actions: actionsFor(f.state, side).map((a) => ({ action: a, label: ACTION_LABELS[a], secondary: a === 'reopen' })),
      // Asked by e-mail: "< 5" below five, like every small count a municipality sees.
      familyAnswers: familyAnswers && { ...familyAnswers, mailed: familyAnswers.mailed ? shownCount(familyAnswers.mailed, true) : '' },
      notice, error: extra.error,
    });
  }

  /** Runs a command on a request the viewer may see; refusals re-render the page with the Dutch message. */
  async function onFollowUp(req: Request, res: Response, work: (id: string, viewer: Viewer) => Promise<string>) {
    await csrf.verify(req, res);
    const viewer = viewerOf(req);
    const id = req.params.id as string;
    if (!(await getFollowUp(db, viewer, id))) return denied(req, id);
    try {
      const notice = await work(id, viewer);
      res.redirect(303, `${baseOf(viewer)}/${id}?klaar=${notice}#melding`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await detail(req, res, { status: err.status, error: err.message });
    }
  }

  const postMessage = (req: Request, res: Response) => onFollowUp(req, res, async (id, viewer) => {
    const parsed = messageForm.safeParse(req.body);
    if (!parsed.success) throw new AppError(422, 'invalid_input', 'Schrijf eerst een bericht (hoogstens 5000 tekens).');
    await addMessage(db, viewer, id, parsed.data.text);
    await recordAudit(db, { actor: viewer, action: 'follow_up_message', targetKind: 'follow_up', targetId: id, ip: req.ip ?? null });
    return 'bericht';
  });

  const postState = (req: Request, res: Response) => onFollowUp(req, res, async (id, viewer) => {
    const parsed = stateForm.safeParse(req.body);
    if (!parsed.success) throw new AppError(422, 'invalid_input', 'Kies wat je wilt doen met dit verzoek.');
    const outcome = await transition(db, viewer, id, parsed.data.action, parsed.data.version);
    switch (outcome.kind) {
      case 'moved':
        await recordAudit(db, {
          actor: viewer, action: 'follow_up_state_changed', targetKind: 'follow_up', targetId: id,
          detail: { action: parsed.data.action, from: outcome.from, to: outcome.to }, ip: req.ip ?? null,
        });
        return 'status';
      case 'same': return 'al-gedaan';
      case 'refused': throw errors.conflict(outcome.message);
      case 'stale': throw errors.conflict('Iemand anders heeft dit verzoek net veranderd. Bekijk hieronder de nieuwe stand en kies opnieuw.');
      case 'not_found': return denied(req, id);
    }
  });

  // Municipality side.
  router.get('/municipality/follow-ups', municipalities, list);

  async function renderNew(req: Request, res: Response, input: {
    source: FollowUpSource; placeKey: string; values?: Record<string, string>; fields?: FieldErrors; status?: number;
  }) {
    const viewer = viewerOf(req);
    const [allMunicipalities, allProviders, themes, topics] = await Promise.all([listMunicipalities(db), listAllProviders(db), listThemes(db), listFrameworkTopics(db)]);
    const places = [
      ...viewer.scope.municipalities.map((c) => ({ key: `m:${c}`, name: allMunicipalities.find((m) => m.code === c)?.name ?? c })),
      ...viewer.scope.regions.map((c) => ({ key: `r:${c}`, name: `Regio ${allMunicipalities.find((m) => m.regionCode === c)?.regionName ?? c}` })),
    ];
    const placeKey = places.some((p) => p.key === input.placeKey) ? input.placeKey : places[0]?.key ?? '';
    const place = parsePlace(placeKey);
    const counts = place ? await evidenceByProvider(db, viewer, place, input.source) : new Map<string, number>();
    const chosen = input.values?.provider;
    const providerOptions = allProviders
      .map((p) => ({ id: p.id, name: p.name, count: counts.get(p.id) ?? 0, selected: p.id === chosen }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'nl'));
    const source = input.source;
    let sourceLabel: string;
    if (source.kind === 'stories') {
      sourceLabel = `${source.ids.length} gekozen ${source.ids.length === 1 ? 'verhaal' : 'verhalen'}`;
    } else if (source.kind === 'theme') {
      const theme = themes.find((t) => t.id === source.id);
      sourceLabel = `Thema: ${theme ? theme.name ?? theme.label : source.id}`;
    } else {
      sourceLabel = `Onderwerp: ${topics.find((t) => t.key === source.id)?.label ?? source.id}`;
    }
    const fields = input.fields ?? {};
    res.status(input.status ?? 200).render('staff/follow-ups-new', {
      title: 'Opvolgverzoek maken', places: places.map((p) => ({ ...p, selected: p.key === placeKey })), multiplePlaces: places.length > 1,
      providers: providerOptions, anyEvidence: [...counts.values()].some((n) => n > 0), sourceLabel,
      sourceKind: source.kind, sourceId: source.kind === 'stories' ? source.ids.join(',') : source.id,
      sourceQueryKey: source.kind === 'stories' ? 'stories' : source.kind,
      values: input.values ?? {}, fields,
      errorList: Object.entries(fields).map(([field, message]) => ({ field, message })),
    });
  }

  router.get('/municipality/follow-ups/new', municipalities, async (req, res) => {
    const q = sourceQuery.parse(req.query);
    const source: FollowUpSource | undefined = q.theme ? { kind: 'theme', id: q.theme } : q.topic ? { kind: 'topic', id: q.topic }
      : q.stories ? { kind: 'stories', ids: splitIds(q.stories) } : undefined;
    if (!source) throw new AppError(400, 'no_source', 'Open een opvolgverzoek vanuit een thema, een onderwerp of gekozen verhalen.');
    await renderNew(req, res, { source, placeKey: q.plaats ?? '' });
  });

  router.post('/municipality/follow-ups/new', municipalities, async (req, res) => {
    await csrf.verify(req, res);
    const viewer = viewerOf(req);
    const parsed = newForm.safeParse(req.body);
    if (!parsed.success) throw errors.malformed();
    const f = parsed.data;
    const source: FollowUpSource = f.sourceKind === 'stories' ? { kind: 'stories', ids: splitIds(f.sourceId) } : { kind: f.sourceKind, id: f.sourceId };
    const fields: FieldErrors = {};
    const place = parsePlace(f.place);
    if (!place || !placeInScope(viewer, place)) fields.place = 'Kies een gemeente of regio waar jij over gaat.';
    const providerKnown = (await listAllProviders(db)).some((p) => p.id === f.provider);
    if (!providerKnown) fields.provider = 'Kies de zorgaanbieder aan wie je dit vraagt.';
    if (f.title.length < 3) fields.title = 'Geef het verzoek een korte titel.';
    if (f.ask.length < 10) fields.ask = 'Schrijf op wat je van de zorgaanbieder vraagt.';
    const dueProblem = dueDateProblem(f.due, new Date());
    if (dueProblem) fields.due = dueProblem;
    if (Object.keys(fields).length) {
      return renderNew(req, res, { source, placeKey: f.place, values: f, fields, status: 422 });
    }
    const created = await createFollowUp(db, viewer, { place: place!, providerId: f.provider, title: f.title, ask: f.ask, dueDate: f.due, source });
    await recordAudit(db, {
      actor: viewer, action: 'follow_up_created', targetKind: 'follow_up', targetId: created.id,
      detail: { provider: f.provider, source: f.sourceKind, evidence: created.evidence }, ip: req.ip ?? null,
    });
    res.redirect(303, `/municipality/follow-ups/${created.id}?klaar=aangemaakt#melding`);
  });

  router.get('/municipality/follow-ups/:id', municipalities, (req, res) => detail(req, res));
  router.post('/municipality/follow-ups/:id/messages', municipalities, postMessage);
  router.post('/municipality/follow-ups/:id/state', municipalities, postState);

  // Provider side.
  router.get('/provider/follow-ups', providers, list);
  router.get('/provider/follow-ups/:id', providers, (req, res) => detail(req, res));
  router.post('/provider/follow-ups/:id/messages', providers, postMessage);
  router.post('/provider/follow-ups/:id/state', providers, postState);
  router.post('/provider/follow-ups/:id/public-response', providers, (req, res) => onFollowUp(req, res, async (id, viewer) => {
    const parsed = responseForm.safeParse(req.body);
    if (!parsed.success) throw new AppError(422, 'invalid_input', 'Het antwoord is te lang (hoogstens 5000 tekens).');
    await setPublicResponse(db, viewer, id, parsed.data.text);
    await recordAudit(db, { actor: viewer, action: 'follow_up_response', targetKind: 'follow_up', targetId: id, ip: req.ip ?? null });
    return 'antwoord';
  }));

  return router;
}
