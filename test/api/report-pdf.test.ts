import fs from 'node:fs';
import http from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { staffAgent, type StaffLogin } from '../helpers/staff.ts';
import { insertStoryRow, twoRegions } from '../helpers/fixtures.ts';
import type { System } from '../../system.ts';
import type { Viewer } from '../../models/staff.ts';
import { syncReferenceData } from '../../models/reference.ts';
import { upsertProvider } from '../../models/providers.ts';
import { saveDetected } from '../../models/redactions.ts';
import { createFollowUp } from '../../models/follow-ups.ts';
import { listAudit } from '../../models/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { dutchDay } from '../../services/report-figures.ts';
import { createPdfRenderer } from '../../services/report-pdf.ts';
import { printCss, printHtml, regionReport } from '../../api/routes/report.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';

const hasChromium = fs.existsSync(CHROMIUM);
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
if (!hasChromium) console.log(`  (PDF-tests overgeslagen: geen Chromium op ${CHROMIUM}; installeer met apt-get install chromium)`);

/** Supertest hands binary bodies over as a Buffer only with its own parser. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Pages in the PDF: page objects, not the /Pages tree nodes. Chromium writes these uncompressed. */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

interface Fixture { regionA: string; regionB: string; m1: string; mB: string; provider: string }

/** Region A: 6 public, checked stories of one theme ("Lang wachten") and one follow-up; region B: 2 stories. */
async function prepare(system: System): Promise<Fixture> {
  const db = system.database.db;
  const { regionA, m1, regionB, mB } = await twoRegions(db);
  const provider = (await upsertProvider(db, { name: 'Jeugdhulp PDF (test)', municipalities: [], regions: [], careTypes: [] })).id;
  await db.insertInto('themes').values({ id: 'pdf-wait', label: 'wachten', name: 'Lang wachten', keywords: '[]', status: 'active', locked: false }).execute();
  const at = new Date(Date.now() - 20 * 86_400_000);
  const rows = [
    ...Array.from({ length: 6 }, (_, i) => ({ municipality: m1, text: `PDF-citaat ${i}: we wachtten heel lang op hulp.` })),
    ...Array.from({ length: 2 }, (_, i) => ({ municipality: mB, text: `Andere regio ${i}.` })),
  ];
  for (const r of rows) {
    const id = await insertStoryRow(db, { municipality: r.municipality, provider, text: r.text, createdAt: at });
    await db.insertInto('theme_members').values({ narrative_id: id, theme_id: 'pdf-wait', similarity: 0.5, source: 'cluster', representative: null }).execute();
    await saveDetected(db, id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(r.text), spans: [] }]);
  }
  return { regionA, regionB, m1, mB, provider };
}

for (const backend of backendNames()) {
  describe(`Region report as PDF [${backend}]`, function () {
    this.timeout(120_000);
    let system: System;
    let fx: Fixture;
    let officer: StaffLogin;
    let viewer: Viewer;

    before(async () => {
      system = await testSystem(backend);
      fx = await prepare(system);
      officer = await staffAgent(system, 'municipality', { regions: [fx.regionA] });
      const id = (await system.database.db.selectFrom('staff_users').select('id').where('email', '=', officer.email).executeTakeFirstOrThrow()).id;
      viewer = { userId: id, email: officer.email, role: 'municipality', scope: { providers: [], regions: [fx.regionA], municipalities: [] } };
      await createFollowUp(system.database.db, viewer, {
        place: { regionCode: fx.regionA }, providerId: fx.provider, title: 'Wachttijd', ask: 'Wat gaat u doen?',
        dueDate: dutchDay(new Date(Date.now() + 10 * 86_400_000)), source: { kind: 'stories', ids: [] },
      });
    });
    after(async () => {
      await system?.worker?.stop(1000);
      await system?.database.close();
    });

    it('gives the page and the PDF one set of figures, and prints it in a bare layout with the styles inline', async () => {
      const report = await regionReport(system.database.db, viewer, {}, new Date());
      expect(report.view.report.totalShown).to.equal('6');
      expect(report.view.report.followUps.opened).to.equal(1);
      expect(report.view.report.themes.map((t) => t.name)).to.deep.equal(['Lang wachten']);
      const html = await printHtml(system.app!, report.view, printCss());
      expect(html).to.include('Rapportage: wat families vertellen');
      expect(html).to.match(/data-figure="total">6</);
      expect(html).to.match(/data-figure="opened">1</);
      expect(html).to.include('PDF-citaat');
      expect(html).not.to.include('Andere regio');
      expect(html).to.include('.report-section');
      // Nothing for Chromium to fetch, and no navigation on paper.
      expect(html).not.to.match(/<link|<script|<img|src=|url\(/i);
      expect(html).not.to.match(/<nav|<header class="staff-header"/);
    });

    it('prints the real report with every request blocked and nothing it needed blocked', async function () {
      if (!hasChromium) this.skip();
      const report = await regionReport(system.database.db, viewer, {}, new Date());
      const result = await createPdfRenderer({ chromiumPath: CHROMIUM })!.render(await printHtml(system.app!, report.view, printCss()));
      expect(result.blocked).to.deep.equal([]);
      expect(result.pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    });

    it('downloads the PDF of the report on screen, audited like the page', async function () {
      if (!hasChromium) this.skip();
      const from = dutchDay(new Date(Date.now() - 90 * 86_400_000));
      const to = dutchDay(new Date());
      const page = await officer.agent.get(`/municipality/report?from=${from}&to=${to}&region=${fx.regionA}`).expect(200);
      expect(page.text).to.include('Download als PDF');
      const href = /href="(\/municipality\/report\.pdf\?[^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
      expect(href).to.equal(`/municipality/report.pdf?from=${from}&to=${to}&region=${fx.regionA}`);

      const res = await officer.agent.get(href!).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).to.equal('application/pdf');
      expect(res.headers['content-disposition']).to.equal(`attachment; filename="gehoord-rapportage-${from}-${to}.pdf"`);
      expect(res.headers['cache-control']).to.equal('no-store');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
      expect(pdf.length).to.be.greaterThan(10_000);
      expect(pageCount(pdf)).to.be.within(1, 6);
      expect(pdf.toString('latin1').trimEnd()).to.match(/%%EOF$/);

      const audit = await listAudit(system.database.db, { action: 'report_viewed', actorEmail: officer.email, limit: 10 });
      expect(audit[0]!.detail).to.deep.include({ format: 'pdf', from, to, region: fx.regionA, municipality: null });
      expect(audit.some((a) => a.detail.format === 'html')).to.equal(true);
    });

    it('has the report’s words and figures in the PDF text', async function () {
      if (!hasChromium) this.skip();
      if (!hasPdftotext) {
        console.log('      (tekstcontrole overgeslagen: pdftotext ontbreekt; apt-get install poppler-utils)');
        this.skip();
      }
      const res = await officer.agent.get('/municipality/report.pdf').buffer(true).parse(binary).expect(200);
      const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.body as Buffer }).toString();
      expect(text).to.include('Rapportage: wat families vertellen');
      expect(text).to.match(/\b6\s+verhalen in deze periode/);
      expect(text).to.include('Lang wachten');
      expect(text).to.include('PDF-citaat');
      expect(text).not.to.include('Download als PDF');
      expect(text).not.to.include('Uitloggen');
      expect(text).to.match(/Pagina 1 van \d/);
    });

    it('is scoped like the page: other places are not there, other roles are refused', async function () {
      if (!hasChromium) this.skip();
      await officer.agent.get(`/municipality/report.pdf?region=${fx.regionB}`).expect(404);
      await officer.agent.get(`/municipality/report.pdf?municipality=${fx.mB}`).expect(404);
      const provider = await staffAgent(system, 'provider', { providers: [fx.provider] });
      await provider.agent.get('/municipality/report.pdf').expect(404);
      const reviewer = await staffAgent(system, 'reviewer', { regions: [fx.regionA] });
      await reviewer.agent.get('/municipality/report.pdf').expect(404);
    });
  });

  describe(`Region report without Chromium [${backend}]`, function () {
    this.timeout(60_000);
    let system: System;
    let officer: StaffLogin;

    before(async () => {
      system = await testSystem(backend, { CHROMIUM_PATH: '/nonexistent/chromium' });
      await syncReferenceData(system.database.db);
      const region = (await system.database.db.selectFrom('municipalities').select('region_code').executeTakeFirstOrThrow()).region_code;
      officer = await staffAgent(system, 'municipality', { regions: [region] });
    });
    after(async () => {
      await system?.worker?.stop(1000);
      await system?.database.close();
    });

    it('offers the browser’s print to PDF, and the PDF address answers 503 in Dutch', async () => {
      const page = await officer.agent.get('/municipality/report').expect(200);
      expect(page.text).not.to.include('Download als PDF');
      expect(page.text).not.to.include('report.pdf');
      expect(page.text).to.include('Afdrukken als PDF');
      const html = await officer.agent.get('/municipality/report.pdf').expect(503);
      expect(html.text).to.include('Een PDF maken kan op deze server niet. Gebruik in uw browser Afdrukken → Opslaan als PDF.');
      const json = await officer.agent.get('/municipality/report.pdf').set('Accept', 'application/json').expect(503);
      expect(json.body.error.code).to.equal('pdf_unavailable');
    });
  });
}

describe('PDF renderer', function () {
  this.timeout(60_000);

  it('is not there without a Chromium', () => {
    expect(createPdfRenderer({ chromiumPath: undefined })).to.equal(undefined);
    expect(createPdfRenderer({ chromiumPath: '/nonexistent/chromium' })).to.equal(undefined);
  });

  it('lets no request leave the machine', async function () {
    if (!hasChromium) this.skip();
    let hits = 0;
    const server = http.createServer((_req, res) => { hits++; res.end('body { color: red }'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await createPdfRenderer({ chromiumPath: CHROMIUM })!.render(`<!doctype html><html><head>
        <link rel="stylesheet" href="${base}/a.css"><style>@import "${base}/b.css";</style></head>
        <body><h1>Test</h1><img src="${base}/c.png"><iframe src="${base}/d.html"></iframe>
        <script>fetch("${base}/e"); document.body.append("JS")</script></body></html>`);
      expect(hits).to.equal(0);
      expect(result.blocked).to.include.members([`${base}/a.css`, `${base}/c.png`]);
      expect(result.blocked.some((u) => u.endsWith('/e'))).to.equal(false, 'JavaScript ran');
      expect(result.pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    } finally {
      server.close();
    }
  });

  it('makes one PDF at a time: a request that waits too long is told to try again', async function () {
    if (!hasChromium) this.skip();
    const renderer = createPdfRenderer({ chromiumPath: CHROMIUM, waitTimeoutMs: 200 })!;
    const results = await Promise.allSettled([renderer.render('<p>een</p>'), renderer.render('<p>twee</p>')]);
    expect(results[0]!.status).to.equal('fulfilled');
    const second = results[1]!;
    expect(second.status).to.equal('rejected');
    expect((second as PromiseRejectedResult).reason).to.be.instanceOf(AppError).and.include({ status: 503, code: 'pdf_busy' });
  });

  it('stops a PDF that takes too long, with a clear error, and leaves no Chromium running', async function () {
    if (!hasChromium) this.skip();
    const renderer = createPdfRenderer({ chromiumPath: CHROMIUM, renderTimeoutMs: 100 })!;
    const err = await renderer.render('<p>traag</p>').then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(AppError).and.include({ status: 503, code: 'pdf_timeout' });
    expect((err as AppError).message).to.include('duurde te lang');
    // A Chromium stopped during start-up is killed without waiting for it to exit; give it a moment.
    const chromiumChildren = () => /chrom/i.test(spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)]).stdout.toString());
    for (let i = 0; i < 50 && chromiumChildren(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromiumChildren()).to.equal(false);
  });
});
