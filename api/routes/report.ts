import { Router } from 'express';
import { z } from 'zod';
import type { DB } from '../../models/db.ts';
import { errors } from '../../lib/errors.ts';
import { recordAudit } from '../../models/audit.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { reportFigures, type ReportPeriod } from '../../models/report.ts';
import { dutchDay } from '../../services/report-figures.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { presentReport } from '../presenters/report.ts';
import { hidesSmallCounts } from '../presenters/theme-overview.ts';

interface Deps { db: DB; csrf: Csrf }

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
const reportQuery = z.object({
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  region: z.string().max(20).optional(),
  municipality: z.string().max(20).optional(),
});

const longDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayLabel = (d: string) => longDate.format(new Date(`${d}T12:00:00Z`));

/** Default: the last 12 months up to today (Dutch days). A reversed period is turned around. */
function periodOf(q: z.infer<typeof reportQuery>, now: Date): ReportPeriod {
  const to = q.to ?? dutchDay(now);
  const yearBack = new Date(`${to}T12:00:00Z`);
  yearBack.setUTCFullYear(yearBack.getUTCFullYear() - 1);
  yearBack.setUTCDate(yearBack.getUTCDate() + 1);
  const from = q.from ?? yearBack.toISOString().slice(0, 10);
  return from <= to ? { from, to } : { from: to, to: from };
}

/**
 * The printable region report for municipality officers. PDF: the browser's "Afdrukken als PDF"
 * on this page (print styles hide the navigation); no server-side PDF, because headless Chromium
 * is only a development dependency here.
 */
export function reportRoutes({ db, csrf }: Deps): Router {
  const router = Router();
  const officers = requireStaff({ db, csrf }, 'municipality');

  router.get('/municipality/report', officers, async (req, res) => {
    const viewer = req.staff!.viewer;
    const q = reportQuery.parse(req.query);
    const all = await listMunicipalities(db);
    const inScope = all.filter((m) => viewer.scope.municipalities.includes(m.code) || viewer.scope.regions.includes(m.regionCode));
    // Narrowing stays inside the officer's own places; anything else is not there for them.
    const municipality = q.municipality ? inScope.find((m) => m.code === q.municipality) : undefined;
    if (q.municipality && !municipality) throw errors.notFound();
    const region = !municipality && q.region ? viewer.scope.regions.find((c) => c === q.region) : undefined;
    if (q.region && !municipality && !region) throw errors.notFound();
    const narrowing = municipality ? { municipalityCodes: [municipality.code] } : region ? { regionCodes: [region] } : {};
    const now = new Date();
    const period = periodOf(q, now);
    const figures = await reportFigures(db, viewer, period, narrowing, now);
    await recordAudit(db, {
      actor: viewer, action: 'report_viewed', targetKind: 'report', ip: req.ip ?? null,
      detail: { from: period.from, to: period.to, region: region ?? null, municipality: municipality?.code ?? null },
    });
    const regionNames = new Map(all.map((m) => [m.regionCode, m.regionName]));
    const places = municipality ? [municipality.name] : region ? [regionNames.get(region) ?? region]
      : [...viewer.scope.regions.map((c) => regionNames.get(c) ?? c), ...viewer.scope.municipalities.map((c) => all.find((m) => m.code === c)?.name ?? c)];
    res.render('staff/report', {
      title: 'Rapportage voor de regio',
      places,
      period: { ...period, fromLabel: dayLabel(period.from), toLabel: dayLabel(period.to) },
      madeOn: dayLabel(dutchDay(now)),
      region, municipality: municipality?.code,
      regionOptions: viewer.scope.regions.map((c) => ({ code: c, name: regionNames.get(c) ?? c, selected: c === region })),
      municipalityOptions: [...inScope].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
        .map((m) => ({ code: m.code, name: m.name, selected: m.code === municipality?.code })),
      report: presentReport(figures, hidesSmallCounts(viewer.role)),
    });
  });

  return router;
}
