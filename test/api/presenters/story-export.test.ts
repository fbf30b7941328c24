import { expect } from 'chai';
import {
  EXPORT_COLUMNS, NOT_CHECKED, csvRecord, dutchDate, exportFileName, exportRows, neutraliseFormula, xlsxRecord, type ExportBatch,
} from '../../../api/presenters/story-export.ts';
import type { StoryListItem } from '../../../models/review-stories.ts';
import { redactionTextHash } from '../../../workers/pipelines/redaction/story-texts.ts';

const TEXT = 'Ik heet Noor en mijn mentor Bas luistert niet.';
const item = (over: Partial<StoryListItem> = {}): StoryListItem => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001', createdAt: new Date('2026-03-31T23:30:00Z'), text: TEXT, sharerRole: 'youth',
  ageBand: '16-17', municipality: 'Utrecht', providerName: 'De Brug', consent: 'provider', urgent: true, safetyFlag: false,
  tone: 'negative', themeId: 't1', themeName: 'Niet gehoord worden', reviewStatus: 'follow_up', hasAudio: true, hasImage: false, ...over,
});
const span = (text: string, word: string) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length, kind: 'name' as const });

function batch(over: Partial<ExportBatch> = {}): ExportBatch {
  const id = item().id;
  const addition = 'Later: Bas is weg, nu Fatima.';
  const transcript = 'Op de opname zeg ik dat Bas niet luistert.';
  return {
    items: [item()],
    texts: new Map([[id, {
      text: TEXT,
      additions: [{ id: 'ad1', text: addition }],
      parts: [{ id: 'p1', kind: 'audio', text: transcript, caption: null }],
    }]]),
    redactions: new Map([[id, new Map([
      ['narrative', { textHash: redactionTextHash(TEXT), spans: [span(TEXT, 'Noor'), span(TEXT, 'Bas')] }],
      ['addition:ad1', { textHash: redactionTextHash(addition), spans: [span(addition, 'Bas'), span(addition, 'Fatima')] }],
      ['transcript:p1', { textHash: redactionTextHash(transcript), spans: [span(transcript, 'Bas')] }],
    ])]]),
    tags: new Map([[id, [{ topic: 'listening', score: 0.9, source: 'lexicon', lexiconScore: 0.9, classifierScore: null, evidence: [] }]]]),
    topicLabels: new Map([['listening', 'Gehoord worden en meebeslissen']]),
    regionOf: new Map([['Utrecht', 'Utrecht Stad']]),
    ...over,
  };
}

describe('story export rows', () => {
  it('fills every Dutch column from the redacted texts', () => {
    const [row] = exportRows(batch());
    expect(row).to.deep.equal({
      date: '2026-04-01', who: 'Jongere', age: '16 of 17', municipality: 'Utrecht', region: 'Utrecht Stad', provider: 'De Brug',
      consent: 'Ook de zorgaanbieder (zonder naam)', kind: 'Spraakbericht', theme: 'Niet gehoord worden',
      topics: 'Gehoord worden en meebeslissen', tone: 'Vooral negatief', urgent: 'ja', safety: 'nee', status: 'Opvolgen', redacted: 'ja',
      text: 'Ik heet [naam] en mijn mentor [naam] luistert niet.\n\nSpraakbericht: Op de opname zeg ik dat [naam] niet luistert.',
      additions: 'Later: [naam] is weg, nu [naam].',
    });
  });

  it('leaves out a text that was not checked, and says so', () => {
    const b = batch();
    b.redactions.get(item().id)!.delete('addition:ad1');
    const [row] = exportRows(b);
    expect(row!.additions).to.equal('');
    expect(row!.redacted).to.equal(NOT_CHECKED);
    expect(JSON.stringify(row)).not.to.include('Fatima');
  });

  it('does not use spans found in an older version of a text', () => {
    const b = batch();
    b.redactions.get(item().id)!.set('narrative', { textHash: redactionTextHash('een andere tekst'), spans: [] });
    const [row] = exportRows(b);
    expect(row!.text).not.to.include('Noor');
    expect(row!.redacted).to.equal(NOT_CHECKED);
  });

  it('has no ids or contact details in any column', () => {
    const [row] = exportRows(batch());
    expect(Object.keys(row!)).to.deep.equal(EXPORT_COLUMNS.map((c) => c.key));
    expect(JSON.stringify(row)).not.to.include(item().id);
  });

  it('strips control characters Excel cannot store', () => {
    const text = 'Hallo\u0007 daar\u0000';
    const [row] = exportRows(batch({
      items: [item({ text })], texts: new Map(),
      redactions: new Map([[item().id, new Map([['narrative', { textHash: redactionTextHash(text), spans: [] }]])]]),
    }));
    expect(row!.text).to.equal('Hallo daar');
  });

  it('neutralises cells that start like a formula, in CSV only', () => {
    for (const v of ['=1+1', '+31 6', '-2', '@SUM(A1)', '\tx']) expect(neutraliseFormula(v)).to.equal(`'${v}`);
    expect(neutraliseFormula('Gewoon een zin = prima')).to.equal('Gewoon een zin = prima');
    const [row] = exportRows(batch());
    const formula = { ...row!, text: '=HYPERLINK("x")' };
    expect(csvRecord(formula)).to.include(`'=HYPERLINK("x")`);
    expect(xlsxRecord(formula)).to.include('=HYPERLINK("x")');
  });

  it('names the file after the day, in Dutch time', () => {
    expect(dutchDate(new Date('2026-12-31T23:30:00Z'))).to.equal('2027-01-01');
    expect(exportFileName('xlsx', new Date('2026-11-23T10:00:00Z'))).to.equal('gehoord-verhalen-2026-11-23.xlsx');
  });
});
