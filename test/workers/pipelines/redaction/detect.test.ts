import { expect } from 'chai';
import { detectPersonalData, resolveOverlaps } from '../../../../workers/pipelines/redaction/detect.ts';
import { loadNameLexicon, type NameLexicon } from '../../../../workers/pipelines/redaction/lexicon.ts';
import { redact } from '../../../../workers/pipelines/redaction/mask.ts';

describe('redaction: detectPersonalData', () => {
  let lexicon: NameLexicon;
  before(async () => {
    lexicon = await loadNameLexicon();
  });

  const found = (text: string) => detectPersonalData(text, lexicon).map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);

  it('finds every kind in one story and masks it for a provider', () => {
    const text = 'Ik ben Sanne, geboren op 12 maart 2010. Bel mijn mentor Daan op 06-12345678 of mail daan@school.nl. '
      + 'Ik woon op de Kerkstraat 12, 3511 AB Utrecht. BSN 123456782, rekening NL91ABNA0417164300, '
      + 'filmpje op instagram.com/sannetje.';
    expect(found(text)).to.deep.equal([
      'name:Sanne', 'date_of_birth:12 maart 2010', 'name:Daan', 'phone:06-12345678', 'email:daan@school.nl',
      'street_address:Kerkstraat 12', 'postcode_address:3511 AB', 'bsn:123456782', 'iban:NL91ABNA0417164300',
      'url:instagram.com/sannetje',
    ]);
    expect(redact(text, detectPersonalData(text, lexicon)).text).to.equal(
      'Ik ben [naam], geboren op [geboortedatum]. Bel mijn mentor [naam] op [telefoonnummer] of mail [e-mail]. '
      + 'Ik woon op de [adres], [adres] Utrecht. BSN [BSN], rekening [IBAN], filmpje op [link].');
  });

  it('marks an e-mail address or a street named after someone once, as the address', () => {
    expect(found('Mail sanne.jansen@hotmail.com of kom naar de Van Goghstraat 7.'))
      .to.deep.equal(['email:sanne.jansen@hotmail.com', 'street_address:Van Goghstraat 7']);
    expect(found('Mijn oma woont op Burgemeester de Withstraat 8.')).to.deep.equal(['street_address:Burgemeester de Withstraat 8']);
  });

  it('finds nothing in a story without personal data', () => {
    expect(found('Op 3 maart hadden we een gesprek op het kantoor in Zwolle. Mijn zaaknummer is 123456789.')).to.deep.equal([]);
  });

  describe('resolveOverlaps', () => {
    it('keeps the more specific kind and merges overlaps of the same kind', () => {
      expect(resolveOverlaps([
        { start: 0, end: 10, kind: 'name' }, { start: 5, end: 20, kind: 'email' },
        { start: 30, end: 35, kind: 'name' }, { start: 33, end: 40, kind: 'name' },
      ])).to.deep.equal([{ start: 5, end: 20, kind: 'email' }, { start: 30, end: 40, kind: 'name' }]);
    });
  });
});
