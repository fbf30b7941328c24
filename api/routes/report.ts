import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Application, type Request } from 'express';
import { z } from 'zod';
import type { DB } from '../../models/db.ts';
import type { Viewer } from '../../models/staff.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { recordAudit } from '../../models/audit.ts';
import { listMunicipalities } from '../../models/reference.ts';
import { reportFigures, type ReportPeriod } from '../../models/report.ts';
import { dutchDay } from '../../services/report-figures.ts';
import { createPdfRenderer } from '../../services/report-pdf.ts';
import type { Csrf } from '../middleware/csrf.ts';
import { requireStaff } from '../middleware/staff-auth.ts';
import { presentReport, type PresentedReport } from '../presenters/report.ts';
import { hidesSmallCounts } from '../presenters/theme-overview.ts';

interface Deps { db: DB; csrf: Csrf; log: Logger; chromiumPath: string | undefined }

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

export interface RegionReport {
  period: ReportPeriod;
  region: string | undefined;
  municipality: string | undefined;
  /** what views/staff/report.hbs shows, for the page and the PDF alike */
  view: {
    title: string;
    places: string[];
    period: ReportPeriod & { fromLabel: string; toLabel: string };
    madeOn: string;
    region: string | undefined;
    municipality: string | undefined;
    regionOptions: { code: string; name: string; selected: boolean }[];
    municipalityOptions: { code: string; name: string; selected: boolean }[];
    report: PresentedReport;
  };
}

/**
 * The report one officer asked for, scoped to their own places. A place outside the scope is a
 * 404, not an empty report: it is not there for them.
 */
export async function regionReport(db: DB, viewer: Viewer, query: unknown, now: Date): Promise<RegionReport> {
  const q = reportQuery.parse(query);
  const all = await listMunicipalities(db);
  const inScope = all.filter((m) => viewer.scope.municipalities.includes(m.code) || viewer.scope.regions.includes(m.regionCode));
  const municipality = q.municipality ? inScope.find((m) => m.code === q.municipality) : undefined;
  if (q.municipality && !municipality) throw errors.notFound();
  const region = !municipality && q.region ? viewer.scope.regions.find((c) => c === q.region) : undefined;
  if (q.region && !municipality && !region) throw errors.notFound();
  const narrowing = municipality ? { municipalityCodes: [municipality.code] } : region ? { regionCodes: [region] } : {};
  const period = periodOf(q, now);
  const figures = await reportFigures(db, viewer, period, narrowing, now);
  const regionNames = new Map(all.map((m) => [m.regionCode, m.regionName]));
  const places = municipality ? [municipality.name] : region ? [regionNames.get(region) ?? region]
    : [...viewer.scope.regions.map((c) => regionNames.get(c) ?? c), ...viewer.scope.municipalities.map((c) => all.find((m) => m.code === c)?.name ?? c)];
  return {
    period, region, municipality: municipality?.code,
    view: {
      title: 'Rapportage voor de regio',
      places,
      period: { ...period, fromLabel: dayLabel(period.from), toLabel: dayLabel(period.to) },
      madeOn: dayLabel(dutchDay(now)),
      region, municipality: municipality?.code,
      regionOptions: viewer.scope.regions.map((c) => ({ code: c, name: regionNames.get(c) ?? c, selected: c === region })),
      municipalityOptions: [...inScope].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
        .map((m) => ({ code: m.code, name: m.name, selected: m.code === municipality?.code })),
      report: presentReport(figures, hidesSmallCounts(viewer.role)),
    },
  };
}

/** The PDF's address for the report on screen: the resolved period, so both show the same days. */
const pdfHref = (r: RegionReport) => `/municipality/report.pdf?${new URLSearchParams({
  from: r.period.from, to: r.period.to, ...(r.region ? { region: r.region } : {}), ...(r.municipality ? { municipality: r.municipality } : {}),
})}`;

const pdfUnavailable = () =>
  new AppError(503, 'pdf_unavailable', 'Een PDF maken kan op deze server niet. Gebruik in uw browser Afdrukken → Opslaan als PDF.');

const cssDir = path.join(path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url)))), 'public/css');

/** The staff stylesheets as one string, for a page that may load nothing. */
export const printCss = () => ['site.css', 'staff.css'].map((f) => readFileSync(path.join(cssDir, f), 'utf8')).join('\n');

/** The report page in the bare print layout, styles inline: what Chromium turns into the PDF. */
export const printHtml = (app: Pick<Application, 'render'>, view: RegionReport['view'], inlineCss: string) =>
  new Promise<string>((resolve, reject) =>
    app.render('staff/report', { ...view, layout: 'print', inlineCss }, (err, html) => (err ? reject(err) : resolve(html))));

/**
 * The printable region report for municipality officers, as a page and as a PDF. The PDF is the
 * same view in a bare layout (views/layouts/print.hbs) with the stylesheets inlined, printed by
 * headless Chromium with every request blocked. Without Chromium the page points to the browser's
 * own "Afdrukken als PDF" (print styles hide the navigation) and the PDF address answers 503.
 */
export function reportRoutes({ db, csrf, log, chromiumPath }: Deps): Router {
  const router = Router();
  const officers = requireStaff({ db, csrf }, 'municipality');
  const pdf = createPdfRenderer({ chromiumPath });
  if (chromiumPath && !pdf) log.warn({ chromiumPath }, 'CHROMIUM_PATH bestaat niet: de rapportage biedt geen PDF aan');
  const inlineCss = pdf ? printCss() : '';

  const audit = (req: Request, r: RegionReport, format: 'html' | 'pdf') => recordAudit(db, {
    actor: req.staff!.viewer, action: 'report_viewed', targetKind: 'report', ip: req.ip ?? null,
    detail: { from: r.period.from, to: r.period.to, region: r.region ?? null, municipality: r.municipality ?? null, format },
  });

  router.get('/municipality/report', officers, async (req, res) => {
    const report = await regionReport(db, req.staff!.viewer, req.query, new Date());
    await audit(req, report, 'html');
    res.render('staff/report', { ...report.view, pdfHref: pdf ? pdfHref(report) : undefined });
  });

  router.get('/municipality/report.pdf', officers, async (req, res) => {
    if (!pdf) throw pdfUnavailable();
    const report = await regionReport(db, req.staff!.viewer, req.query, new Date());
    const html = await printHtml(req.app, report.view, inlineCss);
    const { pdf: bytes, blocked } = await pdf.render(html);
    // The print layout carries everything inline; a blocked address means a view began to link something.
    if (blocked.length > 0) log.warn({ blocked: blocked.length }, 'report PDF: the page asked for addresses that were blocked');
    await audit(req, report, 'pdf');
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="gehoord-rapportage-${report.period.from}-${report.period.to}.pdf"`,
      'Cache-Control': 'no-store',
    }).send(bytes);
  });

  return router;
}
