import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import type { DB } from '../../models/db.ts';
import type { StaffRole } from '../../models/schema.ts';
import { deleteUserSessions, replaceScope, setActive, setRole, staffUsers, type Scope, type StaffUser, type Viewer } from '../../models/staff.ts';
import { listAudit, recordAudit, type AuditFilter } from '../../models/audit.ts';
import { getProvider, listAllProviders, providersWithStoryCounts, renameProvider } from '../../models/providers.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { listFrameworkTopics, updateFrameworkTopic } from '../../models/framework.ts';
import { failedJobs, retryFailed } from '../../models/jobs.ts';
import { latestClassifierVersion } from '../../models/tags.ts';
import { allLabelledStories } from '../../workers/pipelines/signals/labelled.ts';
import { adminCounts, storyCountsByMunicipality } from '../../models/admin-stats.ts';
import { isUuid } from '../../models/staff-scope.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { INVITE_TTL_MS, SESSION_IDLE_MS, SESSION_MAX_MS, type AccountService } from '../../services/accounts.ts';
import type { HealthProbe } from './health.ts';
import type { Csrf } from '../middleware/csrf.ts';
import type { Mailer } from '../../services/mailer.ts';
import { staffInviteMail } from '../../services/mail-texts.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { toAppError } from '../middleware/errors.ts';
import {
  activeForm, auditQuery, formatLexicon, inviteForm, jobIdParam, parseLexicon, providerForm, providerQuery, roleScopeForm, toScope, topicForm,
  type AuditQuery,
} from '../schemas/admin.ts';
import { ADMIN_LABELS, actionOptions, presentAudit, presentUser, regionsOf, roleOptions, scopeOptions } from '../presenters/admin.ts';

interface Deps { db: DB; csrf: Csrf; accounts: AccountService; health: HealthProbe; mailer: Mailer | undefined }

const AUDIT_PAGE = 100;
const viewerOf = (req: Request): Viewer => req.staff!.viewer;
const ipOf = (req: Request) => req.ip ?? null;

/** Short messages after a change (POST → 303 → page with ?klaar=...). */
const NOTICES: Record<string, string> = {
  rol: 'De rol en het bereik zijn opgeslagen. De gebruiker logt opnieuw in als de rol veranderde.',
  uit: 'Het account staat uit. Alle sessies van deze gebruiker zijn beëindigd.',
  aan: 'Het account staat weer aan.',
  naam: 'De naam is opgeslagen.',
  onderwerp: 'Het onderwerp is opgeslagen. Nieuwe analyses gebruiken de nieuwe woorden.',
  taak: 'De taak staat weer in de wachtrij.',
};
const noticeOf = (req: Request) => (typeof req.query.klaar === 'string' ? NOTICES[req.query.klaar] : undefined);

/** Admin pages: users and invites, providers, municipalities, topic framework, models and worker, retention, audit log. */
export function adminRoutes({ db, csrf, accounts, health, mailer }: Deps): Router {
  const router = Router();
  const admins = requireStaff({ db, csrf }, 'admin');
  router.use('/admin', admins);

  router.get('/admin', async (_req, res) => {
    const [counts, report] = await Promise.all([adminCounts(db), health()]);
    const queued = Object.values(report.worker.queue).reduce((n, s) => n + (s.queued ?? 0) + (s.running ?? 0), 0);
    res.render('admin/overview', {
      title: 'Beheer', counts, queued, report,
      models: Object.values(report.models),
    });
  });

  // ---------- users ----------

  /**
   * Mails an invite at once when e-mail is on (not through the queue: the link exists only in this
   * request, and only its hash is stored). The page shows the link either way, so a failed mail
   * costs nothing: 'sent', 'failed', or undefined when e-mail is off.
   */
  async function mailInvite(email: string, link: string, req: Request): Promise<'sent' | 'failed' | undefined> {
    if (!mailer) return undefined;
    try {
      await mailer.send({ to: email, ...staffInviteMail(link, INVITE_TTL_MS / 86_400_000) });
      return 'sent';
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'uitnodiging mailen mislukt');
      return 'failed';
    }
  }

  async function scopeChoices() {
    const [providers, municipalities] = await Promise.all([listAllProviders(db), listMunicipalities(db)]);
    return { providers, regions: regionsOf(municipalities) };
  }

  router.get('/admin/users', async (req, res) => {
    const [users, choices] = await Promise.all([staffUsers(db), scopeChoices()]);
    const names = { providers: new Map(choices.providers.map((p) => [p.id, p.name])), regions: new Map(choices.regions.map((r) => [r.code, r.name])) };
    res.render('admin/users', { title: 'Gebruikers', users: users.map((u) => presentUser(u, names)), notice: noticeOf(req) });
  });

  async function renderInviteForm(res: Response, values: { email?: string; name?: string; role?: string; scope?: Scope } = {}, error?: AppError) {
    const choices = await scopeChoices();
    res.status(error?.status ?? 200).render('admin/user-new', {
      title: error ? 'Fout: iemand uitnodigen' : 'Iemand uitnodigen', values, error: error?.message, fieldErrors: error?.fields ?? {},
      roles: roleOptions(values.role ?? 'reviewer'),
      scope: scopeOptions(choices, values.scope ?? { providers: [], regions: [], municipalities: [] }),
    });
  }

  router.get('/admin/users/new', async (_req, res) => {
    await renderInviteForm(res);
  });

  router.post('/admin/users', async (req, res) => {
    await csrf.verify(req, res);
    const parsed = inviteForm.safeParse(req.body ?? {});
    if (!parsed.success) return renderInviteForm(res, {}, new AppError(422, 'invalid_input', 'Kies een rol en vul een e-mailadres in.'));
    const f = parsed.data;
    const scope = scopeForRole(f.role, toScope(f));
    try {
      const created = await accounts.createUser({ email: f.email, name: f.name, role: f.role, scope, createdBy: viewerOf(req) });
      const email = f.email.trim().toLowerCase();
      res.status(201).render('admin/invite-link', {
        title: 'Uitnodiging gemaakt', link: created.inviteLink, email, userId: created.id, validDays: INVITE_TTL_MS / 86_400_000,
        mailed: created.inviteLink && await mailInvite(email, created.inviteLink, req),
      });
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      await renderInviteForm(res, { email: f.email, name: f.name, role: f.role, scope }, e);
    }
  });

  async function userOr404(id: string): Promise<StaffUser> {
    const [user] = isUuid(id) ? await staffUsers(db, [id]) : [];
    if (!user) throw errors.notFound();
    return user;
  }

  async function renderUser(req: Request, res: Response, user: StaffUser, error?: AppError, values?: { role: string; scope: Scope }) {
    const choices = await scopeChoices();
    const names = { providers: new Map(choices.providers.map((p) => [p.id, p.name])), regions: new Map(choices.regions.map((r) => [r.code, r.name])) };
    res.status(error?.status ?? 200).render('admin/user', {
      title: error ? `Fout: ${user.email}` : user.email, user: presentUser(user, names), isSelf: user.id === viewerOf(req).userId,
      roles: roleOptions(values?.role ?? user.role), scope: scopeOptions(choices, values?.scope ?? user.scope),
      error: error?.message, notice: noticeOf(req), auditLink: `/admin/audit?actor=${encodeURIComponent(user.email)}`,
    });
  }

  router.get('/admin/users/:id', async (req, res) => {
    await renderUser(req, res, await userOr404(req.params.id as string));
  });

  router.post('/admin/users/:id', async (req, res) => {
    await csrf.verify(req, res);
    const user = await userOr404(req.params.id as string);
    const viewer = viewerOf(req);
    const parsed = roleScopeForm.safeParse(req.body ?? {});
    if (!parsed.success) return renderUser(req, res, user, new AppError(422, 'invalid_input', 'Kies een rol.'));
    const role = parsed.data.role;
    const scope = scopeForRole(role, toScope(parsed.data));
    try {
      if (user.id === viewer.userId && role !== user.role) throw new AppError(422, 'own_role', 'Je kunt je eigen rol niet veranderen. Vraag een andere beheerder.');
      await accounts.validateScope(role, scope);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      return renderUser(req, res, user, e, { role, scope });
    }
    await setRole(db, user.id, role);
    await replaceScope(db, user.id, scope);
    // A new role may need the authenticator code: signing in again asks for it.
    if (role !== user.role) await deleteUserSessions(db, user.id);
    await recordAudit(db, {
      actor: viewer, action: 'user_changed', targetKind: 'user', targetId: user.id,
      detail: { email: user.email, role: { from: user.role, to: role }, scope }, ip: ipOf(req),
    });
    res.redirect(303, `/admin/users/${user.id}?klaar=rol`);
  });

  router.post('/admin/users/:id/active', async (req, res) => {
    await csrf.verify(req, res);
    const user = await userOr404(req.params.id as string);
    const viewer = viewerOf(req);
    const parsed = activeForm.safeParse(req.body ?? {});
    if (!parsed.success) throw errors.malformed();
    const active = parsed.data.active === '1';
    if (user.id === viewer.userId && !active) {
      return renderUser(req, res, user, new AppError(422, 'own_account', 'Je kunt je eigen account niet uitzetten. Vraag een andere beheerder.'));
    }
    await setActive(db, user.id, active);
    await recordAudit(db, { actor: viewer, action: 'user_changed', targetKind: 'user', targetId: user.id, detail: { email: user.email, active }, ip: ipOf(req) });
    res.redirect(303, `/admin/users/${user.id}?klaar=${active ? 'aan' : 'uit'}`);
  });

  router.post('/admin/users/:id/invite', async (req, res) => {
    await csrf.verify(req, res);
    const user = await userOr404(req.params.id as string);
    if (!user.active) return renderUser(req, res, user, new AppError(422, 'inactive', 'Zet het account eerst aan; een uitgezet account kan de uitnodiging niet gebruiken.'));
    const link = await accounts.reinvite(user.id, viewerOf(req));
    res.render('admin/invite-link', {
      title: 'Nieuwe uitnodiging', link, email: user.email, userId: user.id, validDays: INVITE_TTL_MS / 86_400_000, again: true,
      mailed: await mailInvite(user.email, link, req),
    });
  });

  // ---------- providers ----------

  router.get('/admin/providers', async (req, res) => {
    const query = providerQuery.parse(req.query);
    const providers = await providersWithStoryCounts(db, { q: query.q, limit: 200 });
    res.render('admin/providers', { title: 'Zorgaanbieders', query, providers, capped: providers.length === 200, notice: noticeOf(req) });
  });

  async function providerOr404(id: string) {
    const provider = await getProvider(db, id);
    if (!provider) throw errors.notFound();
    return provider;
  }

  router.get('/admin/providers/:id', async (req, res) => {
    const provider = await providerOr404(req.params.id as string);
    res.render('admin/provider', { title: provider.name, provider, name: provider.name, notice: noticeOf(req) });
  });

  router.post('/admin/providers/:id', async (req, res) => {
    await csrf.verify(req, res);
    const provider = await providerOr404(req.params.id as string);
    const parsed = providerForm.safeParse(req.body ?? {});
    const typed = typeof req.body?.name === 'string' ? req.body.name as string : '';
    const fail = (message: string) => res.status(422).render('admin/provider', { title: `Fout: ${provider.name}`, provider, name: typed, error: message });
    if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'Deze naam klopt niet.');
    if (!(await renameProvider(db, provider.id, parsed.data.name))) return fail('Er is al een zorgaanbieder met deze naam.');
    await recordAudit(db, {
      actor: viewerOf(req), action: 'provider_changed', targetKind: 'provider', targetId: provider.id,
      detail: { name: { from: provider.name, to: parsed.data.name } }, ip: ipOf(req),
    });
    res.redirect(303, `/admin/providers/${provider.id}?klaar=naam`);
  });

  // ---------- municipalities and regions ----------

  router.get('/admin/municipalities', async (_req, res) => {
    const [municipalities, counts] = await Promise.all([listMunicipalities(db), storyCountsByMunicipality(db)]);
    const regions = new Map<string, { code: string; name: string; stories: number; municipalities: { code: string; name: string; stories: number }[] }>();
    for (const m of municipalities) {
      const region = regions.get(m.regionCode) ?? { code: m.regionCode, name: m.regionName, stories: 0, municipalities: [] };
      const stories = counts.get(m.code) ?? 0;
      region.stories += stories;
      region.municipalities.push({ code: m.code, name: m.name, stories });
      regions.set(m.regionCode, region);
    }
    const list = [...regions.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    res.render('admin/municipalities', { title: "Gemeenten en jeugdregio's", regions: list, municipalityCount: municipalities.length });
  });

  // ---------- framework topics ----------

  router.get('/admin/topics', async (req, res) => {
    const topics = await listFrameworkTopics(db);
    res.render('admin/topics', {
      title: 'Onderwerpen',
      topics: topics.map((t) => ({ ...t, termCount: t.lexicon.length, examples: t.lexicon.slice(0, 6).map((e) => e.term).join(', ') })),
      notice: noticeOf(req),
    });
  });

  async function topicOr404(key: string) {
    const topic = (await listFrameworkTopics(db)).find((t) => t.key === key);
    if (!topic) throw errors.notFound();
    return topic;
  }

  router.get('/admin/topics/:key', async (req, res) => {
    const topic = await topicOr404(req.params.key as string);
    res.render('admin/topic', {
      title: topic.label, topic, values: { label: topic.label, description: topic.description, lexicon: formatLexicon(topic.lexicon), active: topic.active },
      notice: noticeOf(req),
    });
  });

  router.post('/admin/topics/:key', async (req, res) => {
    await csrf.verify(req, res);
    const topic = await topicOr404(req.params.key as string);
    const parsed = topicForm.safeParse(req.body ?? {});
    if (!parsed.success) throw errors.malformed();
    const f = parsed.data;
    try {
      if (!f.label || !f.description) throw new AppError(422, 'invalid_input', 'Vul een naam en een uitleg in.');
      await updateFrameworkTopic(db, topic.key, { label: f.label, description: f.description, lexicon: parseLexicon(f.lexicon), active: f.active === '1' }, viewerOf(req).email);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) throw err;
      return res.status(e.status).render('admin/topic', {
        title: `Fout: ${topic.label}`, topic, values: { label: f.label, description: f.description, lexicon: f.lexicon, active: f.active === '1' },
        error: e.fields ? Object.values(e.fields)[0] ?? e.message : e.message,
      });
    }
    await recordAudit(db, {
      actor: viewerOf(req), action: 'topic_changed', targetKind: 'topic', targetId: topic.key,
      detail: { label: f.label, active: f.active === '1', terms: f.lexicon.split('\n').filter((l) => l.trim()).length }, ip: ipOf(req),
    });
    res.redirect(303, `/admin/topics/${encodeURIComponent(topic.key)}?klaar=onderwerp`);
  });

  // ---------- models and worker ----------

  router.get('/admin/worker', async (req, res) => {
    const [report, failed, classifier] = await Promise.all([health(), failedJobs(db, 50), latestClassifierVersion(db)]);
    const queue = Object.entries(report.worker.queue).sort(([a], [b]) => a.localeCompare(b)).map(([kind, counts]) => ({
      kind, label: ADMIN_LABELS.jobKind[kind] ?? kind, queued: counts.queued ?? 0, running: counts.running ?? 0, failed: counts.failed ?? 0,
    }));
    res.render('admin/worker', {
      title: 'Modellen en verwerking', report, models: Object.values(report.models), queue,
      tagging: { labelledStories: allLabelledStories().length, corrections: classifier?.examples ?? 0, trainedAt: classifier?.trainedAt },
      failed: failed.map((j) => ({ ...j, label: ADMIN_LABELS.jobKind[j.kind] ?? j.kind })), notice: noticeOf(req),
    });
  });

  router.post('/admin/worker/jobs/:id/retry', async (req, res) => {
    await csrf.verify(req, res);
    const id = jobIdParam.safeParse(req.params.id);
    if (!id.success || !(await retryFailed(db, id.data))) throw errors.conflict('Deze taak is niet (meer) mislukt. Kijk de lijst opnieuw na.');
    await recordAudit(db, { actor: viewerOf(req), action: 'job_retried', targetKind: 'job', targetId: String(id.data), ip: ipOf(req) });
    res.redirect(303, '/admin/worker?klaar=taak');
  });

  // ---------- retention ----------

  router.get('/admin/retention', (_req, res) => {
    res.render('admin/retention', {
      title: 'Bewaren en verwijderen',
      sessionIdleHours: SESSION_IDLE_MS / 3_600_000, sessionMaxHours: SESSION_MAX_MS / 3_600_000, inviteDays: INVITE_TTL_MS / 86_400_000,
    });
  });

  // ---------- audit log ----------

  const auditFilter = (q: AuditQuery): AuditFilter => ({ action: q.action, actorEmail: q.actor, targetId: q.story });

  router.get('/admin/audit', async (req, res) => {
    const query = auditQuery.parse(req.query);
    const events = await listAudit(db, { ...auditFilter(query), before: query.before, limit: AUDIT_PAGE });
    const params = (extra: Record<string, string | number | undefined>) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ action: query.action, actor: query.actor, story: query.story, ...extra })) if (v !== undefined) p.set(k, String(v));
      return p.toString();
    };
    res.render('admin/audit', {
      title: 'Logboek', query, events: events.map(presentAudit), actions: actionOptions(query.action),
      older: events.length === AUDIT_PAGE ? `/admin/audit?${params({ before: events.at(-1)!.id })}` : null,
      exportQuery: params({}), paged: !!query.before,
    });
  });

  router.get('/admin/audit.csv', async (req, res) => {
    const query = auditQuery.parse(req.query);
    const filter = auditFilter(query);
    await recordAudit(db, { actor: viewerOf(req), action: 'audit_exported', detail: { ...filter }, ip: ipOf(req) });
    const stamp = new Date().toISOString().slice(0, 10);
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="gehoord-logboek-${stamp}.csv"` });
    const csv = stringify({
      header: true, bom: true,
      columns: ['id', 'tijdstip', 'wie', 'rol', 'actie', 'soort', 'waarover', 'details', 'ip-adres'],
    });
    csv.pipe(res);
    // A download the browser gave up on stops the reading too.
    const gone = once(res, 'close').catch(() => undefined);
    let before: number | undefined;
    while (!res.destroyed) {
      const page = await listAudit(db, { ...filter, before, limit: 1000 });
      for (const e of page) {
        const row = [e.id, e.at.toISOString(), e.actorEmail, e.actorRole, e.action, e.targetKind, e.targetId, JSON.stringify(e.detail ?? {}), e.ip].map(cell);
        if (!csv.write(row)) await Promise.race([once(csv, 'drain'), gone]);
      }
      if (page.length < 1000) break;
      before = page.at(-1)!.id;
    }
    csv.end();
  });

  return router;
}

/** Spreadsheet programs run a cell that starts with = + - @ as a formula; a quote in front keeps it text. */
function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Only the parts of the form that fit the role count (a form can carry a hidden provider choice). */
function scopeForRole(role: StaffRole, scope: Scope): Scope {
  if (role === 'provider') return { providers: scope.providers, regions: [], municipalities: [] };
  if (role === 'municipality') return { providers: [], regions: scope.regions, municipalities: scope.municipalities };
  if (role === 'reviewer') return scope;
  return { providers: [], regions: [], municipalities: [] };
}

