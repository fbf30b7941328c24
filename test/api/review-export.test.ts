import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { staffAgent } from '../helpers/staff.ts';
import { AMSTERDAM, UTRECHT, newIdempotencyKey } from '../helpers/fixtures.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { saveDetected } from '../../models/redactions.ts';
import { listAudit } from '../../models/audit.ts';
import { upsertProvider } from '../../models/providers.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import type { System } from '../../system.ts';

const NAMED = 'Mijn voogd Sandra belt nooit terug. Ik wacht al maanden op hulp.';
const FORMULA = '=HYPERLINK("http://kwaad.example","klik")';
const PENDING = 'Deze tekst is nog niet nagekeken door de computer, Pieter zegt dat ook.';
const CONTACT = 'jongere@example.nl';

/** Reads a binary response body into a Buffer (supertest does not do that for xlsx by itself). */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function submit(system: System, fields: Record<string, unknown>): Promise<string> {
  const input = narrativeSubmission.parse({ role: 'youth', ageBand: '16-17', municipality: UTRECHT, consent: 'reviewers', urgent: false, ...fields });
  return (await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() })).id;
}

/** Marks a text as checked by the redaction worker, with the given words masked as names. */
async function checked(system: System, id: string, text: string, names: string[] = []) {
  const spans = names.map((n) => ({ start: text.indexOf(n), end: text.indexOf(n) + n.length, kind: 'name' as const }));
  await saveDetected(system.database.db, id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(text), spans }]);
}

for (const backend of backendNames()) {
  describe(`story export (${backend})`, function () {
    this.timeout(60_000);
    let system: System;
    let reviewer: request.Agent;
    let provider: string;

    before(async () => {
      system = await testSystem(backend);
      provider = (await upsertProvider(system.database.db, { name: 'Jeugdhulp De Brug', municipalities: [UTRECHT], regions: [], careTypes: [] })).id;
      const named = await submit(system, { text: NAMED, contact: CONTACT, role: 'parent', provider, consent: 'provider' });
      await checked(system, named, NAMED, ['Sandra']);
      const formula = await submit(system, { text: FORMULA });
      await checked(system, formula, FORMULA);
      await submit(system, { text: PENDING });
      const elsewhere = `In Amsterdam wachtte ik ook. ${'Lang verhaal. '.repeat(3)}`.trim();
      await checked(system, await submit(system, { text: elsewhere, municipality: AMSTERDAM }), elsewhere);
      reviewer = (await staffAgent(system, 'reviewer')).agent;
    });
    after(async () => system?.database.close());

    it('exports a CSV with redacted text, Dutch columns and no contact details', async () => {
      const res = await reviewer.get('/review/export.csv').expect(200);
      expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).to.match(/^attachment; filename="gehoord-verhalen-\d{4}-\d{2}-\d{2}\.csv"$/);
      const body = res.text;
      expect(body.charCodeAt(0)).to.equal(0xfeff);
      const header = body.slice(1).split('\r\n')[0]!;
      expect(header.split(';')).to.include.members(['datum', 'wie', 'gemeente', 'zorgaanbieder', 'toestemming', 'thema', 'onderwerpen', 'toon',
        'tekst (afgeschermd)', 'aanvullingen (afgeschermd)', 'afgeschermd']);
      expect(body).to.include('Mijn voogd [naam] belt nooit terug');
      expect(body).not.to.include('Sandra');
      expect(body).not.to.include(CONTACT);
      expect(body).to.include('Ouder;16 of 17;Utrecht;');
      expect(body).to.include('Jeugdhulp De Brug');
    });

    it('leaves out a text the redaction worker has not checked yet, and says so', async () => {
      const body = (await reviewer.get('/review/export.csv').expect(200)).text;
      expect(body).not.to.include('Pieter');
      expect(body).to.include('nee, nog niet nagekeken');
    });

    it('neutralises formulas in the CSV', async () => {
      const body = (await reviewer.get('/review/export.csv').expect(200)).text;
      expect(body).to.include(`'=HYPERLINK(`);
      expect(body).not.to.match(/(^|;|\r\n)"?=HYPERLINK/);
    });

    it('applies the filter of the list', async () => {
      const body = (await reviewer.get(`/review/export.csv?municipality=${AMSTERDAM}`).expect(200)).text;
      const lines = body.slice(1).trim().split('\r\n');
      expect(lines).to.have.length(2);
      expect(body).to.include('In Amsterdam wachtte ik ook');
      expect(body).not.to.include('voogd');
    });

    it('exports an Excel file with the same redacted rows', async () => {
      const res = await reviewer.get('/review/export.xlsx').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-disposition']).to.match(/filename="gehoord-verhalen-\d{4}-\d{2}-\d{2}\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as Parameters<typeof workbook.xlsx.load>[0]);
      const sheet = workbook.getWorksheet('Verhalen')!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).to.include('tekst (afgeschermd)');
      expect(sheet.rowCount).to.equal(5);
      const cells: string[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
      const all = cells.join('\n');
      expect(all).to.include('Mijn voogd [naam] belt nooit terug');
      expect(all).not.to.include('Sandra');
      expect(all).not.to.include('Pieter');
      expect(all).not.to.include(CONTACT);
      expect(cells).to.include(FORMULA);
    });

    it('logs every export with its filter and the number of stories', async () => {
      await reviewer.get(`/review/export.csv?municipality=${AMSTERDAM}&role=youth`).expect(200);
      const ours = async () => (await listAudit(system.database.db, { action: 'stories_exported', limit: 20 }))
        .filter((e) => (e.detail.filter as Record<string, string>).role === 'youth');
      // The closing entry is written just after the last byte has gone out.
      let events = await ours();
      for (let i = 0; i < 50 && events.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        events = await ours();
      }
      const [done, started] = events;
      expect(started!.detail).to.deep.include({ format: 'csv', state: 'started' });
      expect((started!.detail.filter as Record<string, string>).municipality).to.equal(AMSTERDAM);
      expect(done!.detail).to.deep.include({ format: 'csv', state: 'done', rows: 1 });
      expect(done!.actorRole).to.equal('reviewer');
    });

    it('limits a municipality to its own places', async () => {
      const { agent } = await staffAgent(system, 'municipality', { municipalities: [AMSTERDAM] });
      const body = (await agent.get('/review/export.csv').expect(200)).text;
      expect(body).to.include('In Amsterdam wachtte ik ook');
      expect(body).not.to.include('voogd');
    });

    it('is not there for providers', async () => {
      const { agent } = await staffAgent(system, 'provider', { providers: [provider] });
      await agent.get('/review/export.csv').expect(404);
      await agent.get('/review/export.xlsx').expect(404);
    });
  });
}
