import { expect } from 'chai';
import fs from 'node:fs';
import { detectPersonalData } from '../../../../workers/pipelines/redaction/detect.ts';
import { evaluate, parseGoldJsonl, type Evaluation } from '../../../../workers/pipelines/redaction/evaluate.ts';
import { loadNameLexicon } from '../../../../workers/pipelines/redaction/lexicon.ts';
import type { PiiKind } from '../../../../workers/pipelines/redaction/types.ts';

const STRUCTURED: PiiKind[] = ['phone', 'email', 'bsn', 'iban', 'postcode_address', 'street_address', 'date_of_birth', 'url'];

/** The targets on each annotated set; the held-out set was never used to tune the detectors. */
for (const set of ['pii-sentences', 'dev-sentences', 'heldout-sentences']) {
  const fixture = new URL(`../../../fixtures/redaction/${set}.jsonl`, import.meta.url);

  describe(`redaction: evaluation on ${set}.jsonl`, function () {
    let result: Evaluation;

    before(async function () {
      if (!fs.existsSync(fixture)) {
        console.log(`      skipped: ${fixture.pathname} does not exist`);
        this.skip();
      }
      const lexicon = await loadNameLexicon();
      const sentences = parseGoldJsonl(fs.readFileSync(fixture, 'utf8'));
      result = evaluate(sentences.map((s) => ({ gold: s.spans, detected: detectPersonalData(s.text, lexicon) })));
    });

    for (const kind of STRUCTURED) {
      it(`recalls at least 95% of ${kind}`, () => {
        expect(result.perKind[kind].recall).to.be.at.least(0.95);
      });
    }

    it('recalls at least 80% of names', () => {
      expect(result.perKind.name.recall).to.be.at.least(0.8);
    });

    it('does not buy recall with false alarms (overall precision at least 90%)', () => {
      expect(result.overall.precision).to.be.at.least(0.9);
    });
  });
}

describe('redaction: evaluate', () => {
  it('counts overlap of the same kind as a match and exact spans separately', () => {
    const r = evaluate([{
      gold: [{ start: 0, end: 5, kind: 'name' }, { start: 10, end: 20, kind: 'phone' }],
      detected: [{ start: 0, end: 8, kind: 'name' }, { start: 10, end: 20, kind: 'bsn' }, { start: 30, end: 35, kind: 'name' }],
    }]);
    expect(r.perKind.name).to.include({ gold: 1, detected: 2, correctDetected: 1, foundGold: 1, exact: 0, precision: 0.5, recall: 1 });
    expect(r.perKind.phone.recall).to.equal(0);
    expect(r.perKind.bsn.precision).to.equal(0);
    expect(r.overall).to.include({ gold: 2, detected: 3, foundGold: 1 });
  });
});
