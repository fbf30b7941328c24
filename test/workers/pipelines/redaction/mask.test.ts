import { expect } from 'chai';
import { applyReviewerOverrides, mergeSpans, PLACEHOLDERS, redact } from '../../../../workers/pipelines/redaction/mask.ts';
import type { Span } from '../../../../workers/pipelines/redaction/types.ts';

const at = (text: string, part: string, kind: Span['kind'], from = 0): Span => {
  const start = text.indexOf(part, from);
  if (start === -1) throw new Error(`"${part}" not in "${text}"`);
  return { start, end: start + part.length, kind };
};

describe('redaction: masking', () => {
  it('replaces each span with the Dutch placeholder for its kind', () => {
    const text = 'Sanne (06-12345678, sanne@x.nl) woont op Kerkstraat 1.';
    const spans = [at(text, 'Sanne', 'name'), at(text, '06-12345678', 'phone'), at(text, 'sanne@x.nl', 'email'),
      at(text, 'Kerkstraat 1', 'street_address')];
    expect(redact(text, spans).text).to.equal('[naam] ([telefoonnummer], [e-mail]) woont op [adres].');
  });

  it('has a placeholder for every kind', () => {
    expect(Object.values(PLACEHOLDERS)).to.include.members(['[naam]', '[telefoonnummer]', '[e-mail]', '[BSN]', '[IBAN]',
      '[adres]', '[geboortedatum]', '[link]']);
  });

  it('reports where each placeholder stands in the redacted text and what it replaced', () => {
    const text = 'Bel Sanne op 0612345678 of mail.';
    const result = redact(text, [at(text, '0612345678', 'phone'), at(text, 'Sanne', 'name')]);
    expect(result.spans.map((s) => result.text.slice(s.start, s.end))).to.deep.equal(['[naam]', '[telefoonnummer]']);
    expect(result.spans.map((s) => text.slice(s.original.start, s.original.end))).to.deep.equal(['Sanne', '0612345678']);
  });

  it('merges overlapping spans into one placeholder of the longest part', () => {
    const text = 'Mail sanne.jansen@hotmail.com nu';
    const email = at(text, 'sanne.jansen@hotmail.com', 'email');
    const name = at(text, 'sanne.jansen', 'name');
    const result = redact(text, [name, email]);
    expect(result.text).to.equal('Mail [e-mail] nu');
    expect(result.spans).to.have.length(1);
  });

  it('merges touching spans of the same kind but keeps different kinds apart', () => {
    expect(mergeSpans([{ start: 0, end: 5, kind: 'name' }, { start: 5, end: 9, kind: 'name' }]))
      .to.deep.equal([{ start: 0, end: 9, kind: 'name' }]);
    expect(mergeSpans([{ start: 0, end: 5, kind: 'street_address' }, { start: 5, end: 9, kind: 'postcode_address' }]))
      .to.have.length(2);
  });

  it('clamps spans to the text and drops empty ones', () => {
    expect(redact('abc', [{ start: 2, end: 10, kind: 'name' }, { start: 1, end: 1, kind: 'url' }]).text).to.equal('ab[naam]');
  });

  it('leaves a text without spans as it is', () => {
    expect(redact('Niets te zien.', [])).to.deep.equal({ text: 'Niets te zien.', spans: [] });
  });

  describe('applyReviewerOverrides', () => {
    const text = 'Roos en Daan wonen op Kerkstraat 1.';
    const detected = [at(text, 'Roos', 'name'), at(text, 'Daan', 'name'), at(text, 'Kerkstraat 1', 'street_address')];

    it('unmasks a detected span', () => {
      const spans = applyReviewerOverrides(detected, [{ action: 'unmask', start: 0, end: 4 }]);
      expect(redact(text, spans).text).to.equal('Roos en [naam] wonen op [adres].');
    });

    it('adds a span, as "other" when no kind is given', () => {
      const spans = applyReviewerOverrides([], [{ action: 'add', ...at(text, 'Kerkstraat 1', 'street_address') },
        { action: 'add', start: 0, end: 4 }]);
      expect(spans).to.deep.equal([{ start: 0, end: 4, kind: 'other' }, { ...at(text, 'Kerkstraat 1', 'street_address') }]);
      expect(redact(text, spans).text).to.equal('[weggelaten] en Daan wonen op [adres].');
    });

    it('lets a later decision win and leaves the input untouched', () => {
      const overrides = [{ action: 'unmask' as const, start: 8, end: 12 }, { action: 'add' as const, start: 8, end: 12, kind: 'name' as const }];
      const spans = applyReviewerOverrides(detected, overrides);
      expect(spans.map((s) => text.slice(s.start, s.end))).to.deep.equal(['Roos', 'Daan', 'Kerkstraat 1']);
      expect(detected).to.have.length(3);
      expect(applyReviewerOverrides(detected, [...overrides].reverse()).map((s) => text.slice(s.start, s.end)))
        .to.deep.equal(['Roos', 'Kerkstraat 1']);
    });
  });
});
